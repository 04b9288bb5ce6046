// Writing a batch of imported rows: duplicate lookups, company links, multi-row inserts and updates,
// all through one transaction handle of the importing user (RLS applies to every row).
import type { Tx } from "../db/mod.ts";
import type { DuplicateMode, ImportResource } from "./mapping.ts";
import type { CompanyRef } from "./validate.ts";
import { type RecordKind, recordTable } from "../record-types.ts";

type ColumnKind = "text" | "required_text" | "int" | "numeric" | "uuid" | "tags" | "labelled";

/** The columns an import writes, with how a value is cast and how an update merges it. */
const COLUMNS: Record<ImportResource, [string, ColumnKind][]> = {
  contacts: [
    ["first_name", "required_text"],
    ["last_name", "required_text"],
    ["email", "text"],
    ["phones", "labelled"],
    ["job_title", "text"],
    ["industry", "text"],
    ["city", "text"],
    ["country", "text"],
    ["website", "text"],
    ["linkedin_url", "text"],
    ["lead_source", "text"],
    ["lead_score", "int"],
    ["tags", "tags"],
    ["company_id", "uuid"],
  ],
  companies: [
    ["name", "required_text"],
    ["domain", "text"],
    ["website", "text"],
    ["linkedin_url", "text"],
    ["industry", "text"],
    ["size", "text"],
    ["annual_revenue", "numeric"],
    ["city", "text"],
    ["country", "text"],
    ["lead_source", "text"],
    ["lead_score", "int"],
    ["tags", "tags"],
  ],
};

const SQL_TYPE: Record<ColumnKind, string> = {
  text: "text",
  required_text: "text",
  int: "int",
  numeric: "numeric",
  uuid: "uuid",
  tags: "text[]",
  labelled: "jsonb",
};

/** The record kind an import writes, whose table comes from the one map (lib/record-types.ts). */
const KIND: Record<ImportResource, RecordKind> = { contacts: "contact", companies: "company" };
const table = (resource: ImportResource) => recordTable(KIND[resource]);

function recordset(resource: ImportResource, withId = false) {
  const cols = COLUMNS[resource].map(([name, kind]) => `${name} ${SQL_TYPE[kind]}`);
  return `jsonb_to_recordset($2::jsonb) as r(${withId ? "id uuid, " : ""}${cols.join(", ")})`;
}

/** Multi-row insert; the importing user owns the rows, as with records they add by hand. */
export async function insertRows(tx: Tx, resource: ImportResource, teamId: string, ownerId: string, rows: object[]) {
  if (rows.length === 0) return;
  const columns = COLUMNS[resource];
  const values = columns.map(([name, kind]) =>
    kind === "required_text"
      ? `coalesce(r.${name}, '')`
      : kind === "tags"
      ? `coalesce(r.${name}, '{}')`
      : kind === "labelled"
      ? `coalesce(r.${name}, '[]')`
      : `r.${name}`
  );
  await tx.query(
    `insert into ${table(resource)} (team_id, owner_id, ${columns.map(([name]) => name).join(", ")})
     select $1, $3, ${values.join(", ")} from ${recordset(resource)}`,
    [teamId, JSON.stringify(rows), ownerId],
  );
}

/**
 * Updates existing records with the imported values. Empty cells never erase what is there; tags,
 * phones and the company link are added to, not replaced.
 */
export async function updateRows(tx: Tx, resource: ImportResource, teamId: string, rows: object[]) {
  if (rows.length === 0) return;
  const sets = COLUMNS[resource].map(([name, kind]) => {
    if (kind === "tags") {
      return `${name} = t.${name} || array(select x from unnest(coalesce(r.${name}, '{}')) x where x <> all(t.${name}))`;
    }
    if (kind === "labelled") {
      return `${name} = t.${name} || coalesce((select jsonb_agg(p) from jsonb_array_elements(r.${name}) p
        where not exists (select 1 from jsonb_array_elements(t.${name}) q where q ->> 'value' = p ->> 'value')), '[]')`;
    }
    if (kind === "required_text") return `${name} = coalesce(nullif(r.${name}, ''), t.${name})`;
    return `${name} = coalesce(r.${name}, t.${name})`;
  });
  await tx.query(
    `update ${table(resource)} t set ${sets.join(", ")} from ${recordset(resource, true)}
     where t.id = r.id and t.team_id = $1 and t.deleted_at is null`,
    [teamId, JSON.stringify(rows)],
  );
}

/** Existing records per duplicate key (the oldest one when several share it). */
export async function findExisting(tx: Tx, resource: ImportResource, teamId: string, keys: string[]) {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  // Security definer lookups: they answer what the select policy allows, but through the indexes.
  const fn = resource === "contacts" ? "app.import_find_contacts" : "app.import_find_companies_by_domain";
  const rows = await tx.query<{ key: string; id: string }>(
    `select key, id from ${fn}($1, $2::jsonb)`,
    [teamId, JSON.stringify(keys)],
  );
  for (const row of rows) found.set(row.key, row.id);
  return found;
}

/** The cache key of a company reference: its domain when it has one, else its name. */
export function companyKey(ref: CompanyRef): string {
  return ref.domain ? `d:${ref.domain.toLowerCase()}` : `n:${(ref.name ?? "").toLowerCase()}`;
}

/**
 * Company ids for the companies named on contact rows: matched by domain, then by name, and created
 * when missing. Returns the ids by companyKey and how many companies were created.
 */
export async function resolveCompanies(
  tx: Tx,
  teamId: string,
  ownerId: string,
  refs: CompanyRef[],
  known: Map<string, string>,
) {
  const ids = new Map<string, string>();
  const wanted = new Map<string, CompanyRef>();
  for (const ref of refs) {
    const key = companyKey(ref);
    const id = known.get(key);
    if (id) ids.set(key, id);
    else wanted.set(key, ref);
  }
  if (wanted.size === 0) return { ids, created: 0 };
  const domains = [...wanted.values()].flatMap((r) => (r.domain ? [r.domain.toLowerCase()] : []));
  const names = [...wanted.values()].flatMap((r) => (r.name ? [r.name.toLowerCase()] : []));
  const existing = await tx.query<{ id: string; name: string; domain: string | null }>(
    "select id, name, domain from app.import_find_companies($1, $2::jsonb, $3::jsonb)",
    [teamId, JSON.stringify(domains), JSON.stringify(names)],
  );
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const c of existing) {
    if (c.domain && !byDomain.has(c.domain)) byDomain.set(c.domain, c.id);
    if (!byName.has(c.name)) byName.set(c.name, c.id);
  }
  const missing: [string, CompanyRef][] = [];
  for (const [key, ref] of wanted) {
    const id = (ref.domain && byDomain.get(ref.domain.toLowerCase())) ||
      (ref.name && byName.get(ref.name.toLowerCase()));
    if (id) ids.set(key, id);
    else missing.push([key, ref]);
  }
  if (missing.length > 0) {
    const created = await tx.query<{ id: string; ord: number }>(
      `insert into public.companies (team_id, owner_id, name, domain)
       select $1, $3, r.name, r.domain
       from rows from (jsonb_to_recordset($2::jsonb) as (name text, domain text)) with ordinality as r(name, domain, ord)
       order by ord
       returning id`,
      [teamId, JSON.stringify(missing.map(([, ref]) => ({ name: ref.name, domain: ref.domain }))), ownerId],
    );
    // insert ... select ... order by returns rows in insertion order
    created.forEach((row, i) => ids.set(missing[i][0], row.id));
  }
  return { ids, created: missing.length };
}

/** Which rows of a batch are inserted, which update an existing record, and which are skipped. */
export interface BatchPlan {
  inserts: { index: number; record: Record<string, unknown> }[];
  updates: Map<string, { index: number; record: Record<string, unknown> }>;
  skipped: number;
  /** Later rows of the file folded into a record an earlier row of the same batch creates. */
  merged: number;
}

export function planBatch(
  rows: { index: number; record: Record<string, unknown>; key: string | null }[],
  existing: Map<string, string>,
  mode: DuplicateMode,
): BatchPlan {
  const plan: BatchPlan = { inserts: [], updates: new Map(), skipped: 0, merged: 0 };
  const insertedKeys = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    if (mode !== "create" && row.key) {
      const id = existing.get(row.key);
      const earlier = insertedKeys.get(row.key);
      if (mode === "skip" && (id || earlier)) {
        plan.skipped++;
        continue;
      }
      if (mode === "update" && id) {
        const previous = plan.updates.get(id);
        plan.updates.set(id, { index: row.index, record: mergeDefined(previous?.record, row.record) });
        continue;
      }
      if (mode === "update" && earlier) {
        // The same address twice in one file: the later row updates the record the earlier one creates.
        Object.assign(earlier, mergeDefined(earlier, row.record));
        plan.merged++;
        continue;
      }
      insertedKeys.set(row.key, row.record);
    }
    plan.inserts.push({ index: row.index, record: row.record });
  }
  return plan;
}

function mergeDefined(base: Record<string, unknown> | undefined, next: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value) && Array.isArray(merged[key])) {
      merged[key] = [...(merged[key] as unknown[]), ...value];
    } else merged[key] = value;
  }
  return merged;
}
