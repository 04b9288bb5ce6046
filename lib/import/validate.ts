// One CSV row -> the record it becomes, checked with the same zod schemas as the JSON API and the forms,
// or the reasons it cannot be imported, each naming the column and saying what is wrong.
import type { z } from "zod";
import { contactsSpec } from "../records/contacts.ts";
import { companiesSpec } from "../records/companies.ts";
import { COMPANY_SIZES } from "../records/companies.ts";
import { looksLikeFormula, unquoteExported } from "./csv.ts";
import { type ColumnMapping, IMPORT_TARGETS, type ImportResource } from "./mapping.ts";

export interface RowError {
  /** Record number in the file, the header being row 1 (as a spreadsheet numbers it). */
  row: number;
  /** The CSV column, or "" when the problem is the row as a whole. */
  column: string;
  field: string;
  message: string;
  value?: string;
}

/** A company named on a contact row: found by domain, then name, or created. */
export interface CompanyRef {
  name: string | null;
  domain: string | null;
}

export type RowResult =
  | { ok: true; record: Record<string, unknown>; key: string | null; company: CompanyRef | null }
  | { ok: false; errors: RowError[] };

const MAX_VALUE_IN_REPORT = 200;
const clip = (value: string) => value.length > MAX_VALUE_IN_REPORT ? `${value.slice(0, MAX_VALUE_IN_REPORT)}…` : value;

/** Reads one row through a mapping; built once per job so every row is cheap. */
export class RowReader {
  readonly #columns = new Map<string, number[]>();
  readonly #labels = new Map<string, string>();
  readonly #schema: z.ZodType;

  constructor(readonly resource: ImportResource, readonly mapping: ColumnMapping[]) {
    mapping.forEach(({ target }, index) => {
      if (!target) return;
      this.#columns.set(target, [...(this.#columns.get(target) ?? []), index]);
    });
    for (const target of IMPORT_TARGETS[resource]) this.#labels.set(target.key, target.label);
    this.#schema = resource === "contacts" ? contactsSpec.create : companiesSpec.create;
  }

  /** The column a field's value came from, for messages. */
  columnOf(field: string): string {
    const target = FIELD_SOURCES[field]?.find((key) => this.#columns.has(key)) ?? field;
    const index = this.#columns.get(target)?.[0];
    return index === undefined ? "" : this.mapping[index].column;
  }

  read(raw: string[], row: number): RowResult {
    const cells = raw.map((cell) => unquoteExported(cell.trim()));
    const errors: RowError[] = [];
    const value = (target: string): string | undefined => {
      const indexes = this.#columns.get(target);
      if (!indexes) return undefined;
      const parts = indexes.map((i) => (cells[i] ?? "").trim()).filter(Boolean);
      return parts.length ? parts.join(", ") : undefined;
    };
    const fail = (target: string, message: string, raw?: string) => {
      const index = this.#columns.get(target)?.[0];
      errors.push({
        row,
        column: index === undefined ? "" : this.mapping[index].column,
        field: target,
        message,
        ...(raw === undefined ? {} : { value: clip(raw) }),
      });
    };

    // Formulas are refused rather than stored: exported again, they would run in someone's spreadsheet.
    for (const [target, indexes] of this.#columns) {
      for (const i of indexes) {
        const raw = (cells[i] ?? "").trim();
        if (raw && looksLikeFormula(raw)) {
          fail(
            target,
            `This looks like a spreadsheet formula (it starts with "${raw[0]}"). Type the value itself.`,
            raw,
          );
        }
      }
    }
    if (errors.length) return { ok: false, errors };

    const input: Record<string, unknown> = {};
    const text = (target: string, field = target) => {
      const v = value(target);
      if (v !== undefined) input[field] = v;
    };
    const number = (target: string, label: string) => {
      const v = value(target);
      if (v === undefined) return;
      const cleaned = v.replace(/[\s$€£,]/g, "");
      const parsed = Number(cleaned);
      if (cleaned === "" || !Number.isFinite(parsed)) fail(target, `${label} must be a number.`, v);
      else input[target] = parsed;
    };
    const tagList = value("tags");
    if (tagList !== undefined) input.tags = [...new Set(tagList.split(/[,;|]/).map((t) => t.trim()).filter(Boolean))];
    for (const key of ["industry", "city", "country", "website", "linkedin_url", "lead_source"]) text(key);
    number("lead_score", "Lead score");

    let company: CompanyRef | null = null;
    let key: string | null = null;
    if (this.resource === "contacts") {
      text("first_name");
      text("last_name");
      const full = value("full_name");
      if (full !== undefined && input.first_name === undefined && input.last_name === undefined) {
        const words = full.split(/\s+/);
        input.first_name = words.length > 1 ? words.slice(0, -1).join(" ") : words[0];
        if (words.length > 1) input.last_name = words.at(-1);
      }
      text("email");
      text("job_title");
      const phones = [["phone", "work"], ["mobile", "mobile"]].flatMap(([target, label]) => {
        const v = value(target);
        return v === undefined ? [] : [{ label, value: v }];
      });
      if (phones.length) input.phones = phones;
      company = this.#company(value("company_name"), value("company_domain"), fail);
    } else {
      text("name");
      text("domain");
      const size = value("size");
      if (size !== undefined) {
        const normal = size.replace(/\s+/g, "").replace(/[–—]/g, "-").replace(/^(\d+)\+$/, "$1+");
        input.size = (COMPANY_SIZES as readonly string[]).includes(normal) ? normal : size;
      }
      number("annual_revenue", "Annual revenue");
    }
    if (errors.length) return { ok: false, errors };

    const parsed = this.#schema.safeParse(input);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        if (seen.has(field)) continue;
        seen.add(field);
        const column = field ? this.columnOf(field) : "";
        const raw = field && typeof input[field] === "string" ? input[field] as string : undefined;
        errors.push({
          row,
          column,
          field: field || "row",
          message: issue.message,
          ...(raw === undefined ? {} : { value: clip(raw) }),
        });
      }
      return { ok: false, errors };
    }
    const record = parsed.data as Record<string, unknown>;
    key = this.resource === "contacts"
      ? (record.email as string | null | undefined) ?? null
      : (record.domain as string | null | undefined) ?? null;
    return { ok: true, record, key: key ? key.toLowerCase() : null, company };
  }

  #company(
    name: string | undefined,
    domain: string | undefined,
    fail: (target: string, message: string, raw?: string) => void,
  ): CompanyRef | null {
    if (name === undefined && domain === undefined) return null;
    const shape = companiesSpec.create.shape as Record<string, z.ZodType>;
    let cleanName: string | null = null;
    let cleanDomain: string | null = null;
    if (name !== undefined) {
      const checked = shape.name.safeParse(name);
      if (checked.success) cleanName = checked.data as string;
      else fail("company_name", checked.error.issues[0].message, name);
    }
    if (domain !== undefined) {
      const bare = domain.replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/\/.*$/, "");
      const checked = shape.domain.safeParse(bare);
      if (checked.success) cleanDomain = (checked.data as string | null) ?? null;
      else fail("company_domain", checked.error.issues[0].message, domain);
    }
    return cleanName || cleanDomain ? { name: cleanName ?? cleanDomain, domain: cleanDomain } : null;
  }
}

/** Which mapping targets can fill a schema field (for naming the column in an error). */
const FIELD_SOURCES: Record<string, string[]> = {
  first_name: ["first_name", "full_name"],
  last_name: ["last_name", "full_name"],
  phones: ["phone", "mobile"],
};
