// The wizard's preview: the first rows of the file as they would be stored, each with its problems and
// whether it matches a record the team already has.
import type { UserClaims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { type ColumnMapping, IMPORT_TARGETS, type ImportResource } from "./mapping.ts";
import { type RowError, RowReader } from "./validate.ts";
import { findExisting } from "./store.ts";

export const PREVIEW_ROWS = 10;

export interface PreviewField {
  key: string;
  label: string;
}

export interface PreviewRow {
  row: number;
  values: Record<string, string>;
  errors: RowError[];
  /** A record with the same email (contacts) or domain (companies) exists already. */
  duplicate: boolean;
}

/** Stored fields the mapping fills, in the order of the field list. */
export function previewFields(resource: ImportResource, mapping: ColumnMapping[]): PreviewField[] {
  const mapped = new Set(mapping.map((m) => m.target).filter(Boolean));
  const fields: PreviewField[] = [];
  const add = (key: string, label: string) => {
    if (!fields.some((f) => f.key === key)) fields.push({ key, label });
  };
  for (const target of IMPORT_TARGETS[resource]) {
    if (!mapped.has(target.key)) continue;
    if (target.key === "full_name") {
      add("first_name", "First name");
      add("last_name", "Last name");
    } else if (target.key === "phone" || target.key === "mobile") add("phones", "Phones");
    else if (target.key === "company_name" || target.key === "company_domain") add("company", "Company");
    else add(target.key, target.label);
  }
  return fields;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "object" && v ? `${v.value} (${v.label})` : String(v))).join(", ");
  }
  return String(value);
}

export async function previewRows(
  db: Db,
  claims: UserClaims,
  teamId: string,
  resource: ImportResource,
  mapping: ColumnMapping[],
  rows: string[][],
  rowNumbers: number[],
) {
  const reader = new RowReader(resource, mapping);
  const fields = previewFields(resource, mapping);
  const results = rows.slice(0, PREVIEW_ROWS).map((cells, i) => reader.read(cells, rowNumbers[i] ?? i + 2));
  const keys = results.flatMap((r) => (r.ok && r.key ? [r.key] : []));
  const existing = await db.asUser(claims, (tx) => findExisting(tx, resource, teamId, keys));
  const preview: PreviewRow[] = results.map((result, i) => {
    const row = rowNumbers[i] ?? i + 2;
    if (!result.ok) return { row, values: {}, errors: result.errors, duplicate: false };
    const values: Record<string, string> = {};
    for (const field of fields) {
      if (field.key === "company") {
        values.company = result.company
          ? [result.company.name, result.company.domain && `(${result.company.domain})`].filter(Boolean).join(" ")
          : "";
      } else values[field.key] = display(result.record[field.key]);
    }
    return { row, values, errors: [], duplicate: Boolean(result.key && existing.has(result.key)) };
  });
  return { fields, rows: preview };
}
