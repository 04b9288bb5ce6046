// How a CRM resource (contacts, companies, ...) describes itself once, for its SQL, its JSON API,
// its list pages and its OpenAPI document.
import type { z } from "zod";

export type SqlType = "text" | "numeric" | "timestamptz" | "date" | "uuid";

/** A list filter: a query parameter and the condition it adds. */
export type Filter =
  | { kind: "eq"; column: string; type?: SqlType }
  | { kind: "in"; column: string; type?: SqlType }
  | { kind: "min" | "max"; column: string; type: SqlType }
  | { kind: "tags"; column: string }
  | { kind: "search" };

export interface Sort {
  /** A never-null SQL expression over the table alias `t` (coalesce nullable columns). */
  expr: string;
  type: SqlType;
}

export interface ResourceSpec {
  /** Plural, used in URLs: /api/v1/<name>. */
  name: string;
  /** "Contact": for messages like "Contact not found." */
  singular: string;
  table: string;
  /** Columns returned to clients (no search vectors, no deleted_at). */
  columns: string[];
  /** Columns stored as jsonb: their values are JSON-encoded on write. */
  jsonColumns?: string[];
  create: z.ZodObject<z.ZodRawShape>;
  update: z.ZodObject<z.ZodRawShape>;
  /** What a record looks like in responses, for the OpenAPI document. */
  record: z.ZodObject<z.ZodRawShape>;
  filters: Record<string, Filter>;
  sorts: Record<string, Sort>;
  /** e.g. "-created_at": newest first. */
  defaultSort: string;
}
