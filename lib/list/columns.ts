// What a record list shows: its columns (label, sort key, how a value reads) and its filters, per
// resource. Pure data and functions, shared by the server-rendered page, the RecordList island and
// the CSV/XLSX export, so the three always agree on what "the Industry column" is.

import { LEAD_STATUS_LABELS, LEAD_STATUSES } from "../leads/status.ts";

export type ListResource = "contacts" | "companies" | "leads" | "deals";

export type ColumnKind =
  | "name"
  | "text"
  | "email"
  | "number"
  | "money"
  | "date"
  | "tags"
  | "owner"
  | "url"
  /** A lead's status, shown as a badge. */
  | "status";

export interface ColumnDef {
  key: string;
  label: string;
  kind: ColumnKind;
  /** The API's sort key when the column is sortable. */
  sort?: string;
  /** Shown when no view or URL says otherwise. */
  visible: boolean;
}

export type FilterKind = "search" | "text" | "select" | "owner" | "number-range" | "date-range" | "tags";

export interface FilterDef {
  /** Query parameter (for ranges: the base; the parameters are `<param>_min`/`_max` or `_after`/`_before`). */
  param: string;
  label: string;
  kind: FilterKind;
  /** Fixed choices for "select" filters; otherwise the page offers the values in use. */
  options?: readonly string[];
  /** How the fixed choices read ("Proposal sent" for PROPOSAL_SENT); the value itself stays the code. */
  optionLabels?: Readonly<Record<string, string>>;
  placeholder?: string;
}

export interface ListConfig {
  resource: ListResource;
  singular: string;
  plural: string;
  /** Where "Add" goes. */
  newHref: string;
  columns: ColumnDef[];
  filters: FilterDef[];
  defaultSort: string;
  /** Columns whose distinct values are offered in "select" filters without fixed options. */
  facets: string[];
}

const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+"] as const;

export const LIST_CONFIGS: Record<ListResource, ListConfig> = {
  contacts: {
    resource: "contacts",
    singular: "contact",
    plural: "contacts",
    newHref: "/contacts/new",
    defaultSort: "-created_at",
    columns: [
      { key: "name", label: "Name", kind: "name", sort: "last_name", visible: true },
      { key: "email", label: "Email", kind: "email", sort: "email", visible: true },
      { key: "job_title", label: "Job title", kind: "text", visible: false },
      { key: "industry", label: "Industry", kind: "text", sort: "industry", visible: true },
      { key: "city", label: "City", kind: "text", visible: true },
      { key: "country", label: "Country", kind: "text", visible: false },
      { key: "lead_score", label: "Score", kind: "number", sort: "lead_score", visible: true },
      { key: "lead_source", label: "Lead source", kind: "text", visible: false },
      { key: "tags", label: "Tags", kind: "tags", visible: true },
      { key: "owner_id", label: "Owner", kind: "owner", visible: true },
      { key: "created_at", label: "Created", kind: "date", sort: "created_at", visible: true },
      { key: "updated_at", label: "Updated", kind: "date", sort: "updated_at", visible: false },
    ],
    filters: [
      { param: "industry", label: "Industry", kind: "select" },
      { param: "city", label: "City", kind: "text", placeholder: "e.g. Berlin" },
      { param: "country", label: "Country", kind: "select" },
      { param: "owner_id", label: "Owner", kind: "owner" },
      { param: "lead_score", label: "Lead score", kind: "number-range" },
      { param: "tags", label: "Tags", kind: "tags", placeholder: "vip, partner" },
      { param: "lead_source", label: "Lead source", kind: "select" },
      { param: "created", label: "Created", kind: "date-range" },
      { param: "updated", label: "Updated", kind: "date-range" },
    ],
    facets: ["industry", "country", "lead_source"],
  },
  companies: {
    resource: "companies",
    singular: "company",
    plural: "companies",
    newHref: "/companies/new",
    defaultSort: "name",
    columns: [
      { key: "name", label: "Name", kind: "name", sort: "name", visible: true },
      { key: "domain", label: "Domain", kind: "url", visible: true },
      { key: "industry", label: "Industry", kind: "text", visible: true },
      { key: "size", label: "Size", kind: "text", visible: true },
      { key: "city", label: "City", kind: "text", visible: true },
      { key: "country", label: "Country", kind: "text", visible: false },
      { key: "annual_revenue", label: "Revenue", kind: "money", visible: false },
      { key: "lead_score", label: "Score", kind: "number", sort: "lead_score", visible: true },
      { key: "tags", label: "Tags", kind: "tags", visible: true },
      { key: "owner_id", label: "Owner", kind: "owner", visible: true },
      { key: "created_at", label: "Created", kind: "date", sort: "created_at", visible: true },
      { key: "updated_at", label: "Updated", kind: "date", sort: "updated_at", visible: false },
    ],
    filters: [
      { param: "industry", label: "Industry", kind: "select" },
      { param: "size", label: "Size", kind: "select", options: COMPANY_SIZES },
      { param: "city", label: "City", kind: "text", placeholder: "e.g. Berlin" },
      { param: "country", label: "Country", kind: "select" },
      { param: "owner_id", label: "Owner", kind: "owner" },
      { param: "lead_score", label: "Lead score", kind: "number-range" },
      { param: "tags", label: "Tags", kind: "tags", placeholder: "vip, partner" },
      { param: "created", label: "Created", kind: "date-range" },
    ],
    facets: ["industry", "country"],
  },
  leads: {
    resource: "leads",
    singular: "lead",
    plural: "leads",
    newHref: "/leads/new",
    defaultSort: "-created_at",
    columns: [
      { key: "name", label: "Business", kind: "name", sort: "business_name", visible: true },
      { key: "status", label: "Status", kind: "status", sort: "status", visible: true },
      { key: "score", label: "Score", kind: "number", sort: "score", visible: true },
      { key: "contact_name", label: "Contact", kind: "text", visible: true },
      { key: "email", label: "Email", kind: "email", visible: true },
      { key: "industry", label: "Industry", kind: "text", visible: true },
      { key: "city", label: "City", kind: "text", visible: true },
      { key: "country", label: "Country", kind: "text", visible: false },
      { key: "value", label: "Value", kind: "money", sort: "value", visible: false },
      { key: "source", label: "Source", kind: "text", visible: false },
      { key: "tags", label: "Tags", kind: "tags", visible: false },
      { key: "owner_id", label: "Owner", kind: "owner", visible: true },
      { key: "created_at", label: "Created", kind: "date", sort: "created_at", visible: true },
      { key: "updated_at", label: "Updated", kind: "date", sort: "updated_at", visible: false },
    ],
    filters: [
      { param: "status", label: "Status", kind: "select", options: LEAD_STATUSES, optionLabels: LEAD_STATUS_LABELS },
      { param: "industry", label: "Industry", kind: "select" },
      { param: "city", label: "City", kind: "select" },
      { param: "country", label: "Country", kind: "select" },
      { param: "source", label: "Source", kind: "select" },
      { param: "owner_id", label: "Owner", kind: "owner" },
      { param: "score", label: "Score", kind: "number-range" },
      { param: "tags", label: "Tags", kind: "tags", placeholder: "vip, partner" },
      { param: "created", label: "Created", kind: "date-range" },
    ],
    facets: ["industry", "city", "country", "source"],
  },
  // /deals/list (the board is /deals); pages and record links live under /deals.
  deals: {
    resource: "deals",
    singular: "deal",
    plural: "deals",
    newHref: "/deals/new",
    defaultSort: "-created_at",
    columns: [
      { key: "name", label: "Name", kind: "name", sort: "name", visible: true },
      // deals.stage_name: a computed column (the stage's name, looked up as the user)
      { key: "stage_name", label: "Stage", kind: "text", visible: true },
      { key: "value", label: "Value", kind: "money", sort: "value", visible: true },
      { key: "probability", label: "Probability", kind: "number", visible: true },
      { key: "owner_id", label: "Owner", kind: "owner", visible: true },
      { key: "expected_close_date", label: "Expected close", kind: "date", sort: "expected_close_date", visible: true },
      { key: "next_step", label: "Next step", kind: "text", visible: false },
      { key: "competitor", label: "Competitor", kind: "text", visible: false },
      { key: "currency", label: "Currency", kind: "text", visible: false },
      { key: "tags", label: "Tags", kind: "tags", visible: true },
      { key: "created_at", label: "Created", kind: "date", sort: "created_at", visible: true },
      { key: "updated_at", label: "Updated", kind: "date", sort: "updated_at", visible: false },
    ],
    filters: [
      { param: "owner_id", label: "Owner", kind: "owner" },
      { param: "value", label: "Value", kind: "number-range" },
      { param: "currency", label: "Currency", kind: "select" },
      { param: "tags", label: "Tags", kind: "tags", placeholder: "enterprise, q4" },
      { param: "created", label: "Created", kind: "date-range" },
    ],
    facets: ["currency"],
  },
};

export function isListResource(value: string): value is ListResource {
  return value === "contacts" || value === "companies" || value === "leads" || value === "deals";
}

/** Columns to show: the chosen keys that exist (in definition order), else the defaults. Name always. */
export function visibleColumns(config: ListConfig, chosen: string[] | null | undefined): ColumnDef[] {
  const wanted = chosen && chosen.length > 0 ? new Set(chosen) : null;
  return config.columns.filter((c) => c.kind === "name" || (wanted ? wanted.has(c.key) : c.visible));
}

export function defaultColumnKeys(config: ListConfig): string[] {
  return config.columns.filter((c) => c.visible).map((c) => c.key);
}

export type ListRow = Record<string, unknown> & { id: string };

/** The display name of a record: a contact's full name (or email), a company's name. */
export function recordName(row: Record<string, unknown>): string {
  if (typeof row.name === "string" && row.name) return row.name;
  if (typeof row.business_name === "string" && row.business_name) return row.business_name;
  const full = [row.first_name, row.last_name].filter((v) => typeof v === "string" && v).join(" ");
  return full || (typeof row.email === "string" ? row.email : "") || "Unnamed";
}

/** Second line under a record's name in the first column. */
export function recordSubtitle(resource: ListResource, row: Record<string, unknown>): string {
  if (resource === "companies") return typeof row.domain === "string" ? row.domain : "";
  return typeof row.job_title === "string" ? row.job_title : "";
}

/** "2026-11-22" for a timestamp (UTC, so server and browser agree). */
export function formatDate(value: unknown): string {
  if (typeof value !== "string" && !(value instanceof Date)) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
}

/** A cell's value as plain text (tables, CSV), or a number where the column is numeric (XLSX). */
export function cellValue(
  column: ColumnDef,
  row: Record<string, unknown>,
  ownerNames: Record<string, string>,
): string | number | null {
  const value = column.key === "name" ? recordName(row) : row[column.key];
  switch (column.kind) {
    case "number":
    case "money":
      return value === null || value === undefined || value === "" ? null : Number(value);
    case "date":
      return formatDate(value) || null;
    case "tags":
      return Array.isArray(value) ? value.join(", ") : null;
    case "owner":
      return typeof value === "string" ? ownerNames[value] ?? "Former member" : null;
    default:
      return value === null || value === undefined ? null : String(value);
  }
}
