// Turns GET /api/v1/reports/sources into the builder's catalogue. The contract names what the catalogue holds
// (labels, types, allowed measures and ops, enum values) but not every key's spelling, so this reads the
// common spellings and fills safe defaults: the server validates the config it gets either way.
import type { CatalogField, CatalogSource, FilterOp, MeasureFn, SourceName } from "./types.ts";

type Loose = Record<string, unknown>;

const SOURCE_NAMES: SourceName[] = ["deals", "deal_stages", "leads", "contacts", "activities", "tasks", "sequences"];
const NUMERIC = new Set([
  "number",
  "money",
  "integer",
  "int",
  "float",
  "decimal",
  "numeric",
  "percent",
  "duration",
  "days",
]);
const ALL_OPS: FilterOp[] = ["eq", "neq", "in", "gt", "gte", "lt", "lte", "contains", "is_null", "not_null"];
const FIELD_MEASURES: MeasureFn[] = ["sum", "avg", "min", "max"];

export function isNumericType(type: string): boolean {
  return NUMERIC.has(type);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    return Object.entries(value as Loose).map(([key, item]) =>
      item && typeof item === "object" ? { key, ...(item as Loose) } : { key, label: String(item) }
    );
  }
  return [];
}

function humanize(key: string): string {
  const words = key.replace(/_id$/, "").replace(/[_.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Default ops by type, for a catalogue that does not list them. */
function defaultOps(type: string): FilterOp[] {
  if (isNumericType(type) || type === "date") return ["eq", "neq", "gt", "gte", "lt", "lte", "is_null", "not_null"];
  if (type === "enum" || type === "user") return ["eq", "neq", "in", "is_null", "not_null"];
  return ["eq", "neq", "contains", "is_null", "not_null"];
}

function enumValues(raw: unknown): CatalogField["values"] {
  return list(raw).map((item) => {
    if (typeof item === "string" || typeof item === "number") return { value: String(item), label: String(item) };
    const entry = item as Loose;
    const value = String(entry.value ?? entry.id ?? entry.key ?? "");
    return { value, label: text(entry.label) ?? text(entry.name) ?? value };
  }).filter((entry) => entry.value !== "");
}

export function normalizeField(raw: unknown): CatalogField | null {
  const field = raw as Loose;
  const key = text(field?.key) ?? text(field?.name) ?? text(field?.field);
  if (!key) return null;
  const type = text(field.type) ?? "text";
  const numeric = isNumericType(type);
  const measures = list(field.measures ?? field.allowedMeasures).filter((m): m is MeasureFn => typeof m === "string");
  const ops = list(field.ops ?? field.allowedOps ?? field.operators).filter((o): o is FilterOp =>
    ALL_OPS.includes(o as FilterOp)
  );
  return {
    key,
    label: text(field.label) ?? humanize(key),
    type,
    groupable: typeof field.groupable === "boolean" ? field.groupable : !numeric,
    measurable: typeof field.measurable === "boolean" ? field.measurable : numeric,
    measures: measures.length ? measures : numeric ? FIELD_MEASURES : [],
    ops: ops.length ? ops : defaultOps(type),
    values: enumValues(field.values ?? field.enumValues ?? field.options ?? field.enum),
  };
}

export function normalizeSource(raw: unknown): CatalogSource | null {
  const source = raw as Loose;
  const name = text(source?.name) ?? text(source?.source) ?? text(source?.id) ?? text(source?.key);
  if (!name || !SOURCE_NAMES.includes(name as SourceName)) return null;
  const fields = list(source.fields).map(normalizeField).filter((f): f is CatalogField => f !== null);
  // `sourceMeasures: [{ fn, label }]` (lib/reports/catalogue.ts), or a plain list of names.
  const declared = list(source.sourceMeasures ?? source.measures).map((m) =>
    typeof m === "string" ? m : (m as Loose)?.fn
  ).filter((m): m is MeasureFn => typeof m === "string");
  // Measures without a field: count always; conversion rate / time in stage where the source says so.
  const fieldless = declared.filter((m) => m === "conversion_rate" || m === "time_in_stage");
  return {
    name: name as SourceName,
    label: text(source.label) ?? humanize(name),
    fields,
    measures: ["count", ...fieldless],
    ...(text(source.message) ? { message: text(source.message) } : {}),
  };
}

/** The catalogue in the order of SOURCE_NAMES, whatever shape the server answered. */
export function normalizeCatalog(body: unknown): CatalogSource[] {
  const root = body as Loose | unknown[];
  const raw = Array.isArray(root) ? root : list((root as Loose)?.sources ?? root);
  const sources = raw.map(normalizeSource).filter((s): s is CatalogSource => s !== null);
  return sources.sort((a, b) => SOURCE_NAMES.indexOf(a.name) - SOURCE_NAMES.indexOf(b.name));
}
