// "Export all fields": every field of a record rather than the list's visible columns, under the
// column names the import wizard maps by itself (lib/import/mapping.ts), so a contacts or companies
// export imports again unchanged. References (company, contact, pipeline, stage, owner) are written as
// names, which is what the importer and a person reading the file understand; ids stay in an "ID"
// column, which the importer leaves alone. Phones and extra emails are labelled lists: the first work
// and mobile numbers get the importer's Phone / Mobile phone columns, the rest a "label: value" list.
//
// There are no custom fields in the schema yet: when they arrive, they belong here as further fields.
import type { Tx } from "../db/mod.ts";
import type { ListResource } from "./columns.ts";
import { formatDate, recordName } from "./columns.ts";

type Cell = string | number | null;
type Labelled = { label: string; value: string }[];

/** Names of the records a page of rows refers to, read once per page. */
export interface References {
  companies: Map<string, { name: string; domain: string | null }>;
  contacts: Map<string, string>;
  pipelines: Map<string, string>;
  stages: Map<string, string>;
  owners: Record<string, string>;
}

export interface ExportField {
  label: string;
  value: (row: Record<string, unknown>, refs: References) => Cell;
}

const text = (key: string) => (row: Record<string, unknown>): Cell => {
  const value = row[key];
  return value === null || value === undefined || value === "" ? null : String(value);
};
const number = (key: string) => (row: Record<string, unknown>): Cell => {
  const value = row[key];
  return value === null || value === undefined || value === "" ? null : Number(value);
};
const timestamp = (key: string) => (row: Record<string, unknown>): Cell => {
  const value = row[key];
  if (value === null || value === undefined) return null;
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};
const day = (key: string) => (row: Record<string, unknown>): Cell => formatDate(row[key]) || null;
const tags = (row: Record<string, unknown>): Cell =>
  Array.isArray(row.tags) && row.tags.length ? row.tags.join(", ") : null;
const owner = (row: Record<string, unknown>, refs: References): Cell =>
  typeof row.owner_id === "string" ? refs.owners[row.owner_id] ?? "Former member" : null;
const company = (row: Record<string, unknown>, refs: References) =>
  typeof row.company_id === "string" ? refs.companies.get(row.company_id) : undefined;
const list = (items: Labelled): Cell => items.length ? items.map((i) => `${i.label}: ${i.value}`).join("; ") : null;
const labelled = (row: Record<string, unknown>, key: string): Labelled =>
  Array.isArray(row[key]) ? row[key] as Labelled : [];

/** The first work (non-mobile) and mobile numbers go to the importer's columns; the rest are listed. */
function splitPhones(row: Record<string, unknown>) {
  const phones = labelled(row, "phones");
  const work = phones.find((p) => p.label.toLowerCase() !== "mobile");
  const mobile = phones.find((p) => p.label.toLowerCase() === "mobile");
  return { work, mobile, others: phones.filter((p) => p !== work && p !== mobile) };
}

const id: ExportField = { label: "ID", value: text("id") };
const audit: ExportField[] = [
  { label: "Owner", value: owner },
  { label: "Created", value: timestamp("created_at") },
  { label: "Updated", value: timestamp("updated_at") },
];

export const ALL_FIELDS: Record<ListResource, ExportField[]> = {
  contacts: [
    id,
    { label: "First name", value: text("first_name") },
    { label: "Last name", value: text("last_name") },
    { label: "Email", value: text("email") },
    { label: "Other emails", value: (row) => list(labelled(row, "emails")) },
    { label: "Phone", value: (row) => splitPhones(row).work?.value ?? null },
    { label: "Mobile phone", value: (row) => splitPhones(row).mobile?.value ?? null },
    { label: "Other phones", value: (row) => list(splitPhones(row).others) },
    { label: "Job title", value: text("job_title") },
    { label: "Company", value: (row, refs) => company(row, refs)?.name ?? null },
    { label: "Company domain", value: (row, refs) => company(row, refs)?.domain ?? null },
    { label: "Industry", value: text("industry") },
    { label: "City", value: text("city") },
    { label: "Country", value: text("country") },
    { label: "Website", value: text("website") },
    { label: "LinkedIn URL", value: text("linkedin_url") },
    { label: "Lead source", value: text("lead_source") },
    { label: "Lead score", value: number("lead_score") },
    { label: "Tags", value: tags },
    ...audit,
  ],
  companies: [
    id,
    { label: "Name", value: text("name") },
    { label: "Domain", value: text("domain") },
    { label: "Website", value: text("website") },
    { label: "LinkedIn URL", value: text("linkedin_url") },
    { label: "Industry", value: text("industry") },
    { label: "Size", value: text("size") },
    { label: "Annual revenue", value: number("annual_revenue") },
    { label: "City", value: text("city") },
    { label: "Country", value: text("country") },
    { label: "Lead source", value: text("lead_source") },
    { label: "Lead score", value: number("lead_score") },
    { label: "Tags", value: tags },
    ...audit,
  ],
  leads: [
    id,
    { label: "Business name", value: text("business_name") },
    { label: "Contact name", value: text("contact_name") },
    { label: "Email", value: text("email") },
    { label: "Phone", value: text("phone") },
    { label: "Website", value: text("website") },
    { label: "Industry", value: text("industry") },
    { label: "City", value: text("city") },
    { label: "Country", value: text("country") },
    { label: "Source", value: text("source") },
    { label: "Score", value: number("score") },
    { label: "Status", value: text("status") },
    { label: "Status changed", value: timestamp("status_changed_at") },
    { label: "Notes", value: text("notes") },
    { label: "Tags", value: tags },
    { label: "Company", value: (row, refs) => company(row, refs)?.name ?? null },
    {
      label: "Contact",
      value: (row, refs) => typeof row.contact_id === "string" ? refs.contacts.get(row.contact_id) ?? null : null,
    },
    ...audit,
  ],
  deals: [
    id,
    { label: "Name", value: text("name") },
    {
      label: "Pipeline",
      value: (row, refs) => typeof row.pipeline_id === "string" ? refs.pipelines.get(row.pipeline_id) ?? null : null,
    },
    {
      label: "Stage",
      value: (row, refs) => typeof row.stage_id === "string" ? refs.stages.get(row.stage_id) ?? null : null,
    },
    { label: "Value", value: number("value") },
    { label: "Currency", value: text("currency") },
    { label: "Probability", value: number("probability") },
    { label: "Expected close", value: day("expected_close_date") },
    { label: "Company", value: (row, refs) => company(row, refs)?.name ?? null },
    {
      label: "Contact",
      value: (row, refs) => typeof row.contact_id === "string" ? refs.contacts.get(row.contact_id) ?? null : null,
    },
    { label: "Next step", value: text("next_step") },
    { label: "Competitor", value: text("competitor") },
    { label: "Win reason", value: text("win_reason") },
    { label: "Loss reason", value: text("loss_reason") },
    { label: "Tags", value: tags },
    { label: "Closed", value: timestamp("closed_at") },
    { label: "Stage entered", value: timestamp("stage_entered_at") },
    ...audit,
  ],
};

const idsOf = (rows: Record<string, unknown>[], key: string) => [
  ...new Set(rows.map((r) => r[key]).filter((v): v is string => typeof v === "string")),
];

/** The names a page of rows refers to, in one query per kind, as the user (RLS applies). */
export async function loadReferences(
  tx: Tx,
  rows: Record<string, unknown>[],
  owners: Record<string, string>,
): Promise<References> {
  const refs: References = {
    companies: new Map(),
    contacts: new Map(),
    pipelines: new Map(),
    stages: new Map(),
    owners,
  };
  const companyIds = idsOf(rows, "company_id");
  if (companyIds.length) {
    const found = await tx.query<{ id: string; name: string; domain: string | null }>(
      "select id, name, domain from public.companies where id = any($1::uuid[]) and deleted_at is null",
      [companyIds],
    );
    for (const c of found) refs.companies.set(String(c.id), { name: c.name, domain: c.domain });
  }
  const contactIds = idsOf(rows, "contact_id");
  if (contactIds.length) {
    const found = await tx.query<Record<string, unknown> & { id: string }>(
      "select id, first_name, last_name, email from public.contacts where id = any($1::uuid[]) and deleted_at is null",
      [contactIds],
    );
    for (const c of found) refs.contacts.set(String(c.id), recordName(c));
  }
  const pipelineIds = idsOf(rows, "pipeline_id");
  if (pipelineIds.length) {
    const found = await tx.query<{ id: string; name: string }>(
      "select id, name from public.pipelines where id = any($1::uuid[])",
      [pipelineIds],
    );
    for (const p of found) refs.pipelines.set(String(p.id), p.name);
  }
  const stageIds = idsOf(rows, "stage_id");
  if (stageIds.length) {
    const found = await tx.query<{ id: string; name: string }>(
      "select id, name from public.pipeline_stages where id = any($1::uuid[])",
      [stageIds],
    );
    for (const s of found) refs.stages.set(String(s.id), s.name);
  }
  return refs;
}
