// A JSON Schema from the OpenAPI document as a readable list: each property with its type, whether it is
// required, its limits and its description; nested objects indented, references resolved by name.
import type { ComponentChildren } from "preact";

export type JsonSchema = Record<string, unknown>;
export type SchemaMap = Record<string, JsonSchema>;

const MAX_DEPTH = 4;

function refName(schema: JsonSchema): string | null {
  const ref = schema.$ref;
  return typeof ref === "string" ? ref.split("/").pop() ?? null : null;
}

export function resolve(schema: JsonSchema, schemas: SchemaMap): JsonSchema {
  const name = refName(schema);
  return name ? schemas[name] ?? {} : schema;
}

const variants = (schema: JsonSchema) => (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;

/** "string (uuid)", "array of string", "integer", "one of: a, b", "Contact" (a named schema). */
export function typeLabel(schema: JsonSchema, schemas: SchemaMap): string {
  const name = refName(schema);
  if (name) return name;
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if ("const" in schema) return JSON.stringify(schema.const);
  const options = variants(schema);
  if (options) {
    const labels = [...new Set(options.map((option) => typeLabel(option, schemas)))];
    return labels.join(" or ");
  }
  if (schema.type === "array") {
    return `array of ${typeLabel((schema.items ?? {}) as JsonSchema, schemas)}`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type as string | undefined) ?? "any";
  return schema.format ? `${type} (${schema.format})` : type;
}

/** minLength 1 · maxLength 80 · default "my" */
function limits(schema: JsonSchema): string[] {
  const out: string[] = [];
  for (const key of ["minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern"]) {
    // A format (email, date, uuid) already says what zod's long pattern for it checks.
    if (key === "pattern" && schema.format) continue;
    if (schema[key] !== undefined) out.push(`${key} ${schema[key]}`);
  }
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object a schema describes, looking through references, arrays and single-option unions. */
function objectOf(schema: JsonSchema, schemas: SchemaMap): JsonSchema | null {
  const resolved = resolve(schema, schemas);
  if (resolved.type === "array" && resolved.items) return objectOf(resolved.items as JsonSchema, schemas);
  if (resolved.properties) return resolved;
  return null;
}

function Property(
  props: { name: string; schema: JsonSchema; required: boolean; schemas: SchemaMap; depth: number },
) {
  const { name, schema, required, schemas, depth } = props;
  const nested = depth < MAX_DEPTH ? objectOf(schema, schemas) : null;
  const options = variants(resolve(schema, schemas))?.filter((option) => objectOf(option, schemas));
  const description = (schema.description ?? resolve(schema, schemas).description) as string | undefined;
  return (
    <li class="api-prop">
      <div class="api-prop__head">
        <code class="api-prop__name">{name}</code>
        <span class="api-prop__type">{typeLabel(schema, schemas)}</span>
        {required && <span class="api-prop__required">required</span>}
      </div>
      {limits(schema).length > 0 && <div class="api-prop__limits">{limits(schema).join(" · ")}</div>}
      {description && <div class="api-prop__desc">{inlineCode(description)}</div>}
      {nested && <Properties schema={nested} schemas={schemas} depth={depth + 1} />}
      {!nested && options && options.length > 0 && depth < MAX_DEPTH &&
        options.map((option, i) => (
          <Properties key={i} schema={objectOf(option, schemas)!} schemas={schemas} depth={depth + 1} />
        ))}
    </li>
  );
}

function Properties({ schema, schemas, depth }: { schema: JsonSchema; schemas: SchemaMap; depth: number }) {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) return null;
  return (
    <ul class="api-props">
      {names.map((name) => (
        <Property
          key={name}
          name={name}
          schema={properties[name]}
          required={required.has(name)}
          schemas={schemas}
          depth={depth}
        />
      ))}
    </ul>
  );
}

/** A body schema: its properties, or for a union (bulk actions...) each variant's. */
export function SchemaView({ schema, schemas }: { schema: JsonSchema; schemas: SchemaMap }) {
  const object = objectOf(schema, schemas);
  if (object) return <Properties schema={object} schemas={schemas} depth={0} />;
  const options = variants(resolve(schema, schemas));
  if (options?.some((option) => objectOf(option, schemas))) {
    return (
      <div class="api-variants">
        {options.map((option, i) => (
          <div key={i} class="api-variant">
            <div class="api-variant__label">Variant {i + 1}</div>
            <Properties schema={objectOf(option, schemas) ?? {}} schemas={schemas} depth={0} />
          </div>
        ))}
      </div>
    );
  }
  return <p class="api-prop__type">{typeLabel(schema, schemas)}</p>;
}

/** `code` spans in descriptions, as text nodes (never HTML). */
export function inlineCode(text: string): ComponentChildren {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}
