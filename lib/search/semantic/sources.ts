// The text each kind of searchable thing is embedded from, read by the embeddings-refresh job. A record is
// written out as a short description ("Jane Roe, Head of Logistics at Acme. Lyon, France."), so a question
// in words matches it, and that description is the passage the search shows. Deleted or emptied rows have
// no text: their passages are removed.
import type { Tx } from "../../db/mod.ts";

export const RECORD_KINDS = ["contact", "company", "deal", "note", "message"] as const;
export type RecordKind = typeof RECORD_KINDS[number];

export interface SourceText {
  id: string;
  teamId: string;
  text: string;
}

/** SQL reading `id`, `team_id` and `text` of the live rows among `$1::uuid[]`. */
const SOURCE_SQL: Record<RecordKind, string> = {
  contact: `
    select t.id, t.team_id, concat_ws(E'\n',
      nullif(concat_ws(', ', nullif(btrim(t.first_name || ' ' || t.last_name), ''),
        nullif(concat_ws(' at ', t.job_title, c.name), '')), ''),
      nullif(concat_ws(', ', t.city, t.country), ''),
      'Industry: ' || t.industry,
      'Source: ' || t.lead_source,
      'Tags: ' || nullif(array_to_string(t.tags, ', '), ''),
      'Email: ' || t.email) as text
      from public.contacts t left join public.companies c on c.id = t.company_id and c.deleted_at is null
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  company: `
    select t.id, t.team_id, concat_ws(E'\n',
      t.name || coalesce(': ' || t.industry, ''),
      nullif(concat_ws(', ', t.city, t.country), ''),
      t.size || ' employees',
      'Source: ' || t.lead_source,
      'Tags: ' || nullif(array_to_string(t.tags, ', '), ''),
      'Website: ' || coalesce(t.domain, t.website)) as text
      from public.companies t
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  deal: `
    select t.id, t.team_id, concat_ws(E'\n',
      t.name || coalesce(' with ' || c.name, ''),
      'Stage: ' || s.name,
      'Next step: ' || t.next_step,
      'Competitor: ' || t.competitor,
      'Won because: ' || t.win_reason,
      'Lost because: ' || t.loss_reason,
      'Tags: ' || nullif(array_to_string(t.tags, ', '), '')) as text
      from public.deals t
      left join public.companies c on c.id = t.company_id and c.deleted_at is null
      left join public.pipeline_stages s on s.id = t.stage_id
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  note: `
    select t.id, t.team_id, concat_ws(E'\n', t.title, t.content_text) as text
      from public.notes t
     where t.id = any ($1::uuid[]) and t.deleted_at is null and not t.is_template`,
  message: `
    select t.id, t.team_id,
      regexp_replace(t.body, '@\\[([^]]*)\\]\\(user:[0-9a-fA-F-]{36}\\)', '@\\1', 'g') as text
      from public.messages t
     where t.id = any ($1::uuid[]) and t.deleted_at is null and t.body <> ''`,
};

/** The texts of the given rows that still exist (and are not deleted); missing ids have none. */
export async function readSources(tx: Tx, kind: RecordKind, ids: string[]): Promise<SourceText[]> {
  const rows = await tx.query<{ id: string; team_id: string; text: string | null }>(SOURCE_SQL[kind], [ids]);
  return rows
    .map((row) => ({ id: row.id, teamId: row.team_id, text: (row.text ?? "").trim() }))
    .filter((row) => row.text !== "");
}

/** Tables of each kind, for the backfill (every live row queued once per model). */
export const SOURCE_TABLES: Record<RecordKind, string> = {
  contact: "public.contacts",
  company: "public.companies",
  deal: "public.deals",
  note: "public.notes",
  message: "public.messages",
};
