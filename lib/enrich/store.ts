// Enrichment's database side, always as the user (RLS decides): the record a lookup is about (a record of
// another team is "not found" before any provider hears of it), the stored enrichment, and writing both the
// record's columns and the provenance in one transaction.
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { type ApplyPlan, type EnrichKind, planApply, type StoredFields } from "./apply.ts";
import type { CompanyInput, FieldSet, PersonInput } from "./types.ts";
import type { EmailVerification } from "./verify.ts";

export interface StoredEnrichment {
  fields: StoredFields;
  verification: EmailVerification | null;
  providers: string[];
  enriched_at: string;
}

const LABEL: Record<EnrichKind, string> = { contacts: "Contact", companies: "Company" };
const FK: Record<EnrichKind, string> = { contacts: "contact_id", companies: "company_id" };

export const notFound = (kind: EnrichKind) => new AppError("not_found", `${LABEL[kind]} not found.`);

/** The columns a record's lookup reads and the apply step compares. */
const RECORD_SQL: Record<EnrichKind, string> = {
  contacts: `select t.id, t.first_name, t.last_name, t.email, t.phones, t.job_title, t.industry, t.city, t.country,
      t.linkedin_url, co.name as company_name, co.domain as company_domain, co.website as company_website
    from public.contacts t left join public.companies co on co.id = t.company_id and co.deleted_at is null
    where t.id = any($1::uuid[]) and t.team_id = $2 and t.deleted_at is null`,
  companies: `select t.id, t.name, t.domain, t.website, t.size, t.industry, t.city, t.country, t.linkedin_url
    from public.companies t where t.id = any($1::uuid[]) and t.team_id = $2 and t.deleted_at is null`,
};

export type RecordRow = Record<string, unknown> & { id: string };

/** The caller's visible, not deleted records among `ids` (others are simply absent). */
export async function loadRecords(tx: Tx, teamId: string, kind: EnrichKind, ids: string[]): Promise<RecordRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return await tx.query<RecordRow>(RECORD_SQL[kind], [valid, teamId]);
}

export async function loadRecord(caller: Caller, kind: EnrichKind, id: string): Promise<RecordRow> {
  if (!isUuid(id)) throw notFound(kind);
  const [row] = await caller.db.asUser(caller.claims, (tx) => loadRecords(tx, caller.teamId, kind, [id]));
  if (!row) throw notFound(kind);
  return row;
}

const str = (v: unknown) => typeof v === "string" && v.trim() ? v.trim() : undefined;

/** What providers are told about a contact: its name, email and its company's domain and name. Nothing else. */
export function personInput(row: RecordRow): PersonInput {
  return {
    firstName: str(row.first_name),
    lastName: str(row.last_name),
    email: str(row.email),
    domain: str(row.company_domain)?.toLowerCase(),
    companyName: str(row.company_name),
  };
}

export function companyInput(row: RecordRow): CompanyInput {
  return { domain: str(row.domain)?.toLowerCase(), name: str(row.name), website: str(row.website) };
}

export async function readEnrichments(
  tx: Tx,
  kind: EnrichKind,
  ids: string[],
): Promise<Map<string, StoredEnrichment>> {
  const rows = await tx.query<StoredEnrichment & { record_id: string }>(
    `select ${FK[kind]} as record_id, fields, verification, providers, enriched_at
     from public.record_enrichments where ${FK[kind]} = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map(({ record_id, ...rest }) => [record_id, rest]));
}

export async function getEnrichment(caller: Caller, kind: EnrichKind, id: string): Promise<StoredEnrichment | null> {
  if (!isUuid(id)) return null;
  const found = await caller.db.asUser(caller.claims, (tx) => readEnrichments(tx, kind, [id]));
  return found.get(id) ?? null;
}

export interface SaveInput {
  id: string;
  found: FieldSet;
  verification: EmailVerification | null;
  providers: string[];
  overwrite: boolean;
}

/** The columns enrichment may write, per kind (from apply.ts's rules), with their SQL types. */
const WRITABLE: Record<EnrichKind, [column: string, type: string][]> = {
  contacts: [
    ["email", "text"],
    ["phones", "jsonb"],
    ["job_title", "text"],
    ["industry", "text"],
    ["city", "text"],
    ["country", "text"],
    ["linkedin_url", "text"],
  ],
  companies: [
    ["domain", "text"],
    ["size", "text"],
    ["industry", "text"],
    ["city", "text"],
    ["country", "text"],
    ["linkedin_url", "text"],
  ],
};

export type SavedEnrichment = ApplyPlan & { enrichedAt: string };

/**
 * In an open user transaction: re-reads the records (a teammate may have typed meanwhile), writes the empty
 * (or enrichment-owned) columns and the provenance, in three statements however many records there are.
 * Records gone or no longer visible are absent from the answer.
 */
export async function saveEnrichments(
  tx: Tx,
  caller: Caller,
  kind: EnrichKind,
  inputs: SaveInput[],
): Promise<Map<string, SavedEnrichment>> {
  const saved = new Map<string, SavedEnrichment>();
  if (inputs.length === 0) return saved;
  const table = kind === "contacts" ? "public.contacts" : "public.companies";
  const ids = inputs.map((i) => i.id);
  const records = await tx.query<RecordRow>(
    `select * from ${table} where id = any($1::uuid[]) and team_id = $2 and deleted_at is null for update`,
    [ids, caller.teamId],
  );
  const byId = new Map(records.map((r) => [r.id, r]));
  const previous = await readEnrichments(tx, kind, ids);
  const updates: Record<string, unknown>[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const input of inputs) {
    const record = byId.get(input.id);
    if (!record) continue;
    const before = previous.get(input.id);
    const plan = planApply(kind, record, input.found, before?.fields ?? {}, input.overwrite);
    saved.set(input.id, { ...plan, enrichedAt: new Date().toISOString() });
    if (Object.keys(plan.patch).length > 0) {
      const update: Record<string, unknown> = { id: input.id };
      for (const [column] of WRITABLE[kind]) {
        update[`set_${column}`] = column in plan.patch;
        update[column] = plan.patch[column] ?? null;
      }
      updates.push(update);
    }
    rows.push({
      record_id: input.id,
      fields: plan.stored,
      verification: input.verification,
      providers: [...new Set([...(before?.providers ?? []), ...input.providers])],
    });
  }
  if (updates.length > 0) {
    const columns = WRITABLE[kind];
    await tx.query(
      `update ${table} t set ${
        columns.map(([c]) => `${c} = case when x.set_${c} then x.${c} else t.${c} end`).join(", ")
      }
       from jsonb_to_recordset($1::jsonb) as x(id uuid, ${
        columns.map(([c, type]) => `${c} ${type}, set_${c} boolean`).join(", ")
      })
       where t.id = x.id and t.team_id = $2`,
      [JSON.stringify(updates), caller.teamId],
    );
  }
  if (rows.length > 0) {
    await tx.query(
      `insert into public.record_enrichments (team_id, ${FK[kind]}, fields, verification, providers, enriched_at)
       select $1, x.record_id, x.fields, x.verification, x.providers, now()
       from jsonb_to_recordset($2::jsonb) as x(record_id uuid, fields jsonb, verification jsonb, providers text[])
       on conflict (${FK[kind]}) do update set fields = excluded.fields,
         verification = coalesce(excluded.verification, record_enrichments.verification),
         providers = excluded.providers, enriched_at = now(), enriched_by = auth.uid()`,
      [caller.teamId, JSON.stringify(rows)],
    );
  }
  return saved;
}

/** One record's save (see saveEnrichments); null when the record is gone or no longer visible. */
export async function saveEnrichment(
  tx: Tx,
  caller: Caller,
  kind: EnrichKind,
  input: SaveInput,
): Promise<SavedEnrichment | null> {
  return (await saveEnrichments(tx, caller, kind, [input])).get(input.id) ?? null;
}
