// What an AI feature may know about a record: the one record, its company (and, for a lead or deal, its
// contact), its latest activities and attached notes, and who is writing. Read ONLY as the caller, so RLS
// decides: a record of another team is "not found" and never reaches a prompt. Long texts are cut, so a huge
// note cannot crowd the task out of the prompt (or run up the bill).
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import { isUuid } from "../ids.ts";

export type AiRecordType = "contact" | "lead" | "deal";

type Fields = Record<string, string | number | null>;

export interface RecordContext {
  recordType: AiRecordType;
  recordId: string;
  /** The record's own fields (only those worth writing about; no emails or phone numbers). */
  record: Fields;
  /** The person the message is for, when known: a contact, or a lead's or deal's contact. */
  contact: Fields | null;
  company: Fields | null;
  /** Newest first. */
  activities: { type: string; subject: string | null; body: string | null; date: string }[];
  notes: { title: string; text: string }[];
  sender: { name: string; team: string };
}

const MAX_ACTIVITIES = 5;
const MAX_NOTES = 3;

/** Cuts long free text (notes, activity bodies) to a budget, on a word boundary. */
export function clip(text: string | null | undefined, max: number): string | null {
  if (!text) return null;
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20))}…`;
}

const CONTACT_FIELDS = `c.id, c.first_name, c.last_name, c.job_title, c.industry, c.city, c.country, c.company_id`;
const COMPANY_FIELDS = `id, name, domain, industry, size, city, country`;

async function one<T>(tx: Tx, sql: string, params: unknown[]): Promise<T | null> {
  return (await tx.query<T>(sql, params))[0] ?? null;
}

function withoutIds(row: Record<string, unknown> | null, drop: string[] = []): Fields | null {
  if (!row) return null;
  const fields: Fields = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === "id" || key.endsWith("_id") || drop.includes(key) || value === null || value === "") continue;
    fields[key] = typeof value === "number" ? value : value instanceof Date ? value.toISOString() : String(value);
  }
  return fields;
}

async function loadRecord(tx: Tx, type: AiRecordType, id: string) {
  if (type === "contact") {
    const row = await one<Record<string, unknown>>(
      tx,
      `select ${CONTACT_FIELDS}, c.lead_source from public.contacts c where c.id = $1 and c.deleted_at is null`,
      [id],
    );
    return row && { row, contactId: row.id as string, companyId: row.company_id as string | null };
  }
  if (type === "lead") {
    const row = await one<Record<string, unknown>>(
      tx,
      `select id, business_name, contact_name, industry, city, country, source, status::text as status, notes,
              company_id, contact_id
       from public.leads where id = $1 and deleted_at is null`,
      [id],
    );
    if (row) row.notes = clip(row.notes as string | null, 1000);
    return row && { row, contactId: row.contact_id as string | null, companyId: row.company_id as string | null };
  }
  const row = await one<Record<string, unknown>>(
    tx,
    `select d.id, d.name, d.value::text as value, d.currency, s.name as stage, s.kind as stage_kind,
            d.expected_close_date::text as expected_close_date, d.next_step, d.competitor, d.company_id, d.contact_id
     from public.deals d join public.pipeline_stages s on s.id = d.stage_id
     where d.id = $1 and d.deleted_at is null`,
    [id],
  );
  return row && { row, contactId: row.contact_id as string | null, companyId: row.company_id as string | null };
}

/** The record and what surrounds it, as the caller sees it; 404 when they cannot see it (or it is deleted). */
export async function loadRecordContext(caller: Caller, type: AiRecordType, id: string): Promise<RecordContext> {
  const missing = new AppError("not_found", `That ${type} does not exist or you cannot see it.`);
  if (!isUuid(id)) throw missing;
  return await caller.db.asUser(caller.claims, async (tx) => {
    const found = await loadRecord(tx, type, id);
    if (!found) throw missing;
    const contactRow = type === "contact" ? found.row : found.contactId
      ? await one<Record<string, unknown>>(
        tx,
        `select ${CONTACT_FIELDS} from public.contacts c where c.id = $1 and c.deleted_at is null`,
        [found.contactId],
      )
      : null;
    const companyId = found.companyId ?? (contactRow?.company_id as string | null | undefined) ?? null;
    const company = companyId
      ? await one<Record<string, unknown>>(
        tx,
        `select ${COMPANY_FIELDS} from public.companies where id = $1 and deleted_at is null`,
        [companyId],
      )
      : null;
    const activities = await tx.query<{ type: string; subject: string | null; body: string | null; date: string }>(
      `select type, subject, body, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as date
       from public.activities where record_type = $1 and record_id = $2 and deleted_at is null
         and type in ('call', 'email', 'meeting', 'note', 'status_change', 'stage_change')
       order by occurred_at desc limit ${MAX_ACTIVITIES}`,
      [type, id],
    );
    // Leads have no attached notes (their `notes` field is on the record); contacts and deals do.
    const notes = type === "lead" ? [] : await tx.query<{ title: string; text: string }>(
      `select title, content_text as text from public.notes
       where record_type = $1 and record_id = $2 and deleted_at is null and not is_template
       order by updated_at desc limit ${MAX_NOTES}`,
      [type, id],
    );
    const sender = await one<{ name: string | null; team: string }>(
      tx,
      `select nullif(p.full_name, '') as name, t.name as team
       from public.teams t left join public.profiles p on p.id = auth.uid() where t.id = $1`,
      [caller.teamId],
    );
    return {
      recordType: type,
      recordId: id,
      record: withoutIds(found.row)!,
      contact: type === "contact" ? null : withoutIds(contactRow),
      company: withoutIds(company),
      activities: activities.map((a) => ({ ...a, body: clip(a.body, 500), subject: clip(a.subject, 200) })),
      notes: notes.map((n) => ({ title: clip(n.title, 200) ?? "Note", text: clip(n.text, 800) ?? "" })),
      sender: {
        name: sender?.name ?? caller.claims.email?.split("@")[0] ?? "",
        team: sender?.team ?? "",
      },
    };
  });
}
