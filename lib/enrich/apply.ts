// Which enriched values go into the record's own columns. A column is filled when it is empty, or when its
// value is one enrichment wrote earlier (still unchanged); a value a person typed (or imported) stays unless
// the person asks to overwrite. Guesses (the offline company-name guess) never go into a column. Everything
// else is kept in record_enrichments only and shown next to the record with its source and date.
import { isValidSyntax } from "./verify.ts";
import type { FieldName, FieldSet, FieldValue } from "./types.ts";
import { COMPANY_SIZES } from "../records/companies.ts";

export type EnrichKind = "contacts" | "companies";

export interface StoredField extends FieldValue {
  /** True when this value is in the record's column (written by enrichment). */
  applied: boolean;
  /** The record's column it maps to, if any. */
  column?: string;
  /** The column already holds this value (typed by someone, or written before): nothing to suggest. */
  matches?: boolean;
}

export type StoredFields = Partial<Record<FieldName, StoredField>>;

interface ColumnRule {
  column: string;
  max: number;
  valid?: (value: string) => boolean;
}

/** Field → column of the record, with the column's length limit. */
export const COLUMN_RULES: Record<EnrichKind, Partial<Record<FieldName, ColumnRule>>> = {
  contacts: {
    email: { column: "email", max: 254, valid: isValidSyntax },
    phone: { column: "phones", max: 30, valid: (v) => /^[+()\d\s.-]{3,30}$/.test(v) },
    title: { column: "job_title", max: 120 },
    industry: { column: "industry", max: 80 },
    city: { column: "city", max: 120 },
    country: { column: "country", max: 120 },
    linkedin_url: { column: "linkedin_url", max: 500, valid: (v) => /^https?:\/\//i.test(v) },
  },
  companies: {
    domain: { column: "domain", max: 253, valid: (v) => /^[a-z0-9.-]+\.[a-z]{2,63}$/i.test(v) },
    size: { column: "size", max: 20, valid: (v) => (COMPANY_SIZES as readonly string[]).includes(v) },
    industry: { column: "industry", max: 80 },
    city: { column: "city", max: 120 },
    country: { column: "country", max: 120 },
    linkedin_url: { column: "linkedin_url", max: 500, valid: (v) => /^https?:\/\//i.test(v) },
  },
};

/** The text a column holds now (phones: the first number). */
export function columnText(record: Record<string, unknown>, column: string): string {
  const value = record[column];
  if (column === "phones") {
    const first = Array.isArray(value) ? value[0] : undefined;
    return typeof first?.value === "string" ? first.value : "";
  }
  return typeof value === "string" ? value : value == null ? "" : String(value);
}

export interface ApplyPlan {
  /** Column → new value, for one UPDATE. */
  patch: Record<string, unknown>;
  /** What to store: every field found, with `applied` and `column` set. */
  stored: StoredFields;
  /** Fields written into the record now. */
  applied: FieldName[];
  /** Fields whose column kept a value a person typed (shown as a suggestion). */
  kept: FieldName[];
}

/**
 * Plans the update of `record` with `found`, knowing what enrichment stored before (`previous`): a column is
 * enrichment's own when it still holds the value enrichment applied there.
 */
export function planApply(
  kind: EnrichKind,
  record: Record<string, unknown>,
  found: FieldSet,
  previous: StoredFields,
  overwrite: boolean,
): ApplyPlan {
  const plan: ApplyPlan = { patch: {}, stored: { ...previous }, applied: [], kept: [] };
  const rules = COLUMN_RULES[kind];
  for (const [field, value] of Object.entries(found) as [FieldName, FieldValue][]) {
    const rule = rules[field];
    if (!rule || value.guess || typeof value.value !== "string") {
      plan.stored[field] = { ...value, applied: false };
      continue;
    }
    const text = value.value.slice(0, rule.max);
    if (rule.valid && !rule.valid(text)) {
      plan.stored[field] = { ...value, applied: false, column: rule.column };
      continue;
    }
    const current = columnText(record, rule.column).trim();
    const before = previous[field];
    const ours = before?.applied === true && typeof before.value === "string" && before.value === current;
    const same = current.toLowerCase() === text.toLowerCase();
    if (same) {
      // Already there: ours if enrichment put it there before; either way nothing to write.
      plan.stored[field] = { ...value, value: text, applied: ours, column: rule.column, matches: true };
      continue;
    }
    if (current === "" || ours || overwrite) {
      plan.patch[rule.column] = rule.column === "phones" ? phonesWith(record.phones, text) : text;
      plan.stored[field] = { ...value, value: text, applied: true, column: rule.column };
      plan.applied.push(field);
    } else {
      plan.stored[field] = { ...value, value: text, applied: false, column: rule.column };
      plan.kept.push(field);
    }
  }
  return plan;
}

/** The phone list with `number` first (labelled "work"), replacing the first entry. */
function phonesWith(phones: unknown, number: string): { label: string; value: string }[] {
  const list = Array.isArray(phones) ? phones.filter((p) => typeof p?.value === "string") : [];
  return [{ label: "work", value: number }, ...list.slice(1)];
}
