// One API operation on the reference page: method and path, what it does, its parameters, body and answers.
import { inlineCode, type JsonSchema, type SchemaMap, SchemaView, typeLabel } from "./SchemaView.tsx";

export interface ApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface ApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: ApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description: string }>;
  security?: unknown[];
}

function Parameters({ parameters, schemas }: { parameters: ApiParameter[]; schemas: SchemaMap }) {
  return (
    <ul class="api-props">
      {parameters.map((p) => (
        <li key={`${p.in}:${p.name}`} class="api-prop">
          <div class="api-prop__head">
            <code class="api-prop__name">{p.name}</code>
            <span class="api-prop__in">{p.in}</span>
            <span class="api-prop__type">{typeLabel(p.schema ?? {}, schemas)}</span>
            {p.required && <span class="api-prop__required">required</span>}
          </div>
          {p.description && <div class="api-prop__desc">{inlineCode(p.description)}</div>}
        </li>
      ))}
    </ul>
  );
}

export function Operation(
  { method, path, op, schemas }: { method: string; path: string; op: ApiOperation; schemas: SchemaMap },
) {
  const bodies = Object.entries(op.requestBody?.content ?? {});
  return (
    <article class="api-op" id={op.operationId}>
      <h3 class="api-op__title">
        <span class={`api-method api-method--${method}`}>{method.toUpperCase()}</span>
        <code class="api-op__path">{path}</code>
      </h3>
      <p class="api-op__summary">{inlineCode(op.summary)}</p>
      {op.description && <p class="api-op__desc">{inlineCode(op.description)}</p>}
      {op.security?.length === 0 && <p class="api-op__public">No sign-in needed.</p>}
      {op.parameters && op.parameters.length > 0 && (
        <section class="api-op__part">
          <h4>Parameters</h4>
          <Parameters parameters={op.parameters} schemas={schemas} />
        </section>
      )}
      {bodies.map(([type, { schema }]) => (
        <section key={type} class="api-op__part">
          <h4>
            Body <span class="api-op__media">{type}</span>
          </h4>
          <SchemaView schema={schema ?? {}} schemas={schemas} />
        </section>
      ))}
      <section class="api-op__part">
        <h4>Responses</h4>
        <ul class="api-responses">
          {Object.entries(op.responses).map(([status, response]) => (
            <li key={status} class="api-response">
              <span class={`api-status api-status--${status[0]}xx`}>{status}</span>
              <span>{inlineCode(response.description)}</span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
