// Cards for record links in messages ("Deal: Acme renewal · Proposal · $24,000"), read in the caller's
// transaction, so RLS decides: a record the sender cannot see (or of another workspace) gets no card.
import type { Tx } from "../db/mod.ts";
import type { LinkedRecordType, RecordLink } from "./links.ts";
import { recordLabel, recordUrl } from "../record-types.ts";

export interface Unfurl {
  record_type: LinkedRecordType;
  record_id: string;
  /** "Deal: Acme renewal" */
  title: string;
  /** "Proposal · $24,000" */
  subtitle: string;
  url: string;
}

type Card = { id: string; name: string; parts: (string | null)[] };

function money(value: unknown, currency: string) {
  const amount = Number(value);
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString("en-US")} ${currency}`;
  }
}

const words = (text: string) => text.toLowerCase().replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

const QUERIES: Record<LinkedRecordType, (tx: Tx, teamId: string, ids: string[]) => Promise<Card[]>> = {
  async deal(tx, teamId, ids) {
    const rows = await tx.query<{ id: string; name: string; value: string; currency: string; stage: string | null }>(
      `select d.id, d.name, d.value::text as value, d.currency, s.name as stage
       from public.deals d left join public.pipeline_stages s on s.id = d.stage_id
       where d.id = any ($1::uuid[]) and d.team_id = $2 and d.deleted_at is null`,
      [ids, teamId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, parts: [r.stage, money(r.value, r.currency.trim())] }));
  },
  async contact(tx, teamId, ids) {
    const rows = await tx.query<
      {
        id: string;
        first_name: string;
        last_name: string;
        email: string | null;
        job_title: string | null;
        company: string | null;
      }
    >(
      `select c.id, c.first_name, c.last_name, c.email, c.job_title, co.name as company
       from public.contacts c left join public.companies co on co.id = c.company_id and co.deleted_at is null
       where c.id = any ($1::uuid[]) and c.team_id = $2 and c.deleted_at is null`,
      [ids, teamId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: `${r.first_name} ${r.last_name}`.trim() || r.email || "Contact",
      parts: [r.job_title, r.company ?? r.email],
    }));
  },
  async company(tx, teamId, ids) {
    const rows = await tx.query<{ id: string; name: string; industry: string | null; city: string | null }>(
      `select id, name, industry, city from public.companies
       where id = any ($1::uuid[]) and team_id = $2 and deleted_at is null`,
      [ids, teamId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, parts: [r.industry, r.city] }));
  },
  async lead(tx, teamId, ids) {
    const rows = await tx.query<{ id: string; business_name: string; status: string; city: string | null }>(
      `select id, business_name, status::text as status, city from public.leads
       where id = any ($1::uuid[]) and team_id = $2 and deleted_at is null`,
      [ids, teamId],
    );
    return rows.map((r) => ({ id: r.id, name: r.business_name, parts: [words(r.status), r.city] }));
  },
  async task(tx, teamId, ids) {
    const rows = await tx.query<{ id: string; title: string; status: string; due: string | null }>(
      `select id, title, status, to_char(due_at at time zone due_time_zone, 'YYYY-MM-DD') as due from public.tasks
       where id = any ($1::uuid[]) and team_id = $2 and deleted_at is null`,
      [ids, teamId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.title,
      parts: [words(r.status === "todo" ? "to_do" : r.status), r.due ? `due ${r.due}` : null],
    }));
  },
};

/** Cards for `links` that exist in team `teamId` and are visible in this transaction, in link order. */
export async function loadUnfurls(tx: Tx, teamId: string, links: RecordLink[]): Promise<Unfurl[]> {
  if (links.length === 0) return [];
  const byType = new Map<LinkedRecordType, string[]>();
  for (const link of links) byType.set(link.record_type, [...(byType.get(link.record_type) ?? []), link.record_id]);
  const cards = new Map<string, Card>();
  for (const [type, ids] of byType) {
    for (const card of await QUERIES[type](tx, teamId, ids)) cards.set(`${type}:${card.id}`, card);
  }
  return links.flatMap((link) => {
    const card = cards.get(`${link.record_type}:${link.record_id}`);
    if (!card) return [];
    return [{
      record_type: link.record_type,
      record_id: link.record_id,
      title: `${recordLabel(link.record_type)}: ${card.name}`,
      subtitle: card.parts.filter((p): p is string => !!p).join(" · "),
      url: recordUrl(link.record_type, link.record_id),
    }];
  });
}
