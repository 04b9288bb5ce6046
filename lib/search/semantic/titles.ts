// What a semantic hit is called and where it links, read as the user (so RLS hides anything they may not
// see, a second time after the passages' own policy) and only for live rows.
import type { Tx } from "../../db/mod.ts";
import { RECORD_KINDS, type RecordKind } from "./sources.ts";

export interface HitTitle {
  title: string;
  subtitle: string | null;
  url: string;
}

const TITLE_SQL: Record<RecordKind, string> = {
  contact: `select t.id, coalesce(nullif(btrim(t.first_name || ' ' || t.last_name), ''), t.email) as title,
      concat_ws(' · ', t.job_title, c.name) as subtitle, '/contacts/' || t.id as url
      from public.contacts t left join public.companies c on c.id = t.company_id and c.deleted_at is null
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  company: `select t.id, t.name as title, concat_ws(' · ', t.industry, t.city, t.country) as subtitle,
      '/companies/' || t.id as url
      from public.companies t where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  deal: `select t.id, t.name as title, concat_ws(' · ', s.name, c.name) as subtitle, '/deals/' || t.id as url
      from public.deals t left join public.pipeline_stages s on s.id = t.stage_id
      left join public.companies c on c.id = t.company_id and c.deleted_at is null
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  note: `select t.id, t.title, 'Note' as subtitle, '/notes/' || t.id as url
      from public.notes t where t.id = any ($1::uuid[]) and t.deleted_at is null`,
  message: `select t.id, coalesce('#' || ch.name, 'Direct message') as title,
      concat_ws(' · ', nullif(p.full_name, ''), to_char(t.created_at, 'Mon DD')) as subtitle,
      '/chat/' || t.channel_id as url
      from public.messages t join public.channels ch on ch.id = t.channel_id
      left join public.profiles p on p.id = t.sender_id
     where t.id = any ($1::uuid[]) and t.deleted_at is null`,
};

/**
 * Titles of the given live rows that the user may see, by "kind:id": one statement for every kind among
 * them (a union of each kind's query, its ids as its own parameter), so a page of hits costs one round trip.
 */
export async function readTitles(
  tx: Tx,
  records: { kind: RecordKind; id: string }[],
): Promise<Map<string, HitTitle>> {
  const kinds = RECORD_KINDS.filter((kind) => records.some((r) => r.kind === kind));
  if (kinds.length === 0) return new Map();
  const sql = kinds.map((kind, i) =>
    `select '${kind}' as kind, q.* from (${TITLE_SQL[kind].replace("$1::uuid[]", `$${i + 1}::uuid[]`)}) q`
  ).join("\n union all\n");
  const rows = await tx.query<{ kind: RecordKind; id: string; title: string; subtitle: string | null; url: string }>(
    sql,
    kinds.map((kind) => [...new Set(records.filter((r) => r.kind === kind).map((r) => r.id))]),
  );
  return new Map(
    rows.map((r) => [`${r.kind}:${r.id}`, { title: r.title, subtitle: r.subtitle || null, url: r.url }]),
  );
}
