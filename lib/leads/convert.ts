// "Convert to deal": a lead that has shown interest becomes a deal, with its contact (found by email, else created)
// and its company (found by name, else created), all in one transaction as the user. Converting twice links to the
// deal made the first time; the lead row is locked while converting, so two clicks at once make one deal.
import { AppError } from "../errors.ts";
import type { Claims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { canConvert, LEAD_STATUS_LABELS, LEAD_STATUSES, type LeadStatus } from "./status.ts";
import { type Lead, LEAD_COLUMNS } from "./leads.ts";
import { isUuid } from "../ids.ts";
import { insertRecord } from "../records/records.ts";
import { companiesSpec } from "../records/companies.ts";
import { contactsSpec } from "../records/contacts.ts";
import { dealsSpec } from "../deals/deals.ts";
import type { Caller } from "../caller.ts";

export interface ConvertedDeal {
  id: string;
  name: string;
  value: number;
  currency: string;
  pipeline_id: string;
  stage_id: string;
  stage_name: string;
}

export interface Conversion {
  /** False when the lead had been converted before and this call only links to that deal. */
  created: boolean;
  /** What happened, in a sentence for people. */
  message: string;
  deal: ConvertedDeal;
  contact_id: string | null;
  company_id: string | null;
  /** Whether the contact and company were made now (false: found by email / name, or already linked). */
  created_contact: boolean;
  created_company: boolean;
}

const leadNotFound = () => new AppError("not_found", "Lead not found.");

/** Why a lead in this status cannot become a deal, or null when it can. */
export function convertRefusal(status: LeadStatus): string | null {
  if (canConvert(status)) return null;
  if (status === "LOST") return "A lost lead cannot be converted to a deal.";
  const from = LEAD_STATUSES.filter(canConvert).map((s) => LEAD_STATUS_LABELS[s]);
  return `Only leads that are ${from.slice(0, -1).join(", ")} or ${from.at(-1)} can be converted to a deal; ` +
    `this one is ${LEAD_STATUS_LABELS[status]}.`;
}

/** "Dr Priya Sharma" → first "Dr Priya", last "Sharma"; one word is a first name. */
function splitName(name: string | null): { first: string; last: string } {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { first: words[0] ?? "", last: "" };
  return { first: words.slice(0, -1).join(" ").slice(0, 100), last: words.at(-1)!.slice(0, 100) };
}

async function readDeal(tx: Tx, dealId: string): Promise<ConvertedDeal | null> {
  const [deal] = await tx.query<ConvertedDeal>(
    `select d.id, d.name, d.value::float8 as value, btrim(d.currency) as currency, d.pipeline_id, d.stage_id,
            s.name as stage_name
     from public.deals d join public.pipeline_stages s on s.id = d.stage_id
     where d.id = $1 and d.deleted_at is null`,
    [dealId],
  );
  return deal ?? null;
}

/** The team's base currency, for leads without one. */
async function teamCurrency(tx: Tx, teamId: string): Promise<string | null> {
  const [team] = await tx.query<{ currency: string | null }>(
    "select btrim(base_currency) as currency from public.teams where id = $1",
    [teamId],
  );
  return team?.currency || null;
}

/** The lead's company: the one it links to, else the team's company of the same name, else a new one. */
async function companyFor(tx: Tx, claims: Claims, lead: Lead): Promise<{ id: string; created: boolean }> {
  const [found] = await tx.query<{ id: string }>(
    `select id from public.companies
     where team_id = $1 and deleted_at is null and (id = $2::uuid or lower(btrim(name)) = lower(btrim($3)))
     order by id = $2::uuid desc nulls last, created_at, id limit 1`,
    [lead.team_id, lead.company_id, lead.business_name],
  );
  if (found) return { id: found.id, created: false };
  const made = await insertRecord<{ id: string }>(tx, claims, lead.team_id, companiesSpec, {
    name: lead.business_name.trim(),
    website: lead.website,
    industry: lead.industry,
    city: lead.city,
    country: lead.country,
    lead_source: lead.source,
    lead_score: lead.score,
    owner_id: lead.owner_id,
  });
  return { id: made.id, created: true };
}

/** The lead's contact: the one it links to, else the team's contact with its email, else a new one (when the lead
 * names a person or an email; a lead with neither gets none). */
async function contactFor(
  tx: Tx,
  claims: Claims,
  lead: Lead,
  companyId: string,
): Promise<{ id: string | null; created: boolean }> {
  const [found] = await tx.query<{ id: string }>(
    `select id from public.contacts
     where team_id = $1 and deleted_at is null
       and (id = $2::uuid or ($3::text is not null and lower(email) = lower($3)))
     order by id = $2::uuid desc nulls last, created_at, id limit 1`,
    [lead.team_id, lead.contact_id, lead.email],
  );
  if (found) return { id: found.id, created: false };
  const { first, last } = splitName(lead.contact_name);
  if (!first && !last && !lead.email) return { id: null, created: false };
  const made = await insertRecord<{ id: string }>(tx, claims, lead.team_id, contactsSpec, {
    company_id: companyId,
    first_name: first,
    last_name: last,
    email: lead.email,
    phones: lead.phone ? [{ label: "work", value: lead.phone }] : [],
    industry: lead.industry,
    city: lead.city,
    country: lead.country,
    website: lead.website,
    lead_source: lead.source,
    lead_score: lead.score,
    owner_id: lead.owner_id,
  });
  return { id: made.id, created: true };
}

/**
 * Converts a lead into a deal in the team's default pipeline (its first open stage, which the deals trigger picks),
 * with the lead's value and currency. 404 for leads the user cannot see, 403 for viewers, 409 before INTERESTED or
 * when LOST. Idempotent: a converted lead returns its deal with created = false.
 */
export async function convertLead(db: Db, claims: Claims, teamId: string, leadId: string): Promise<Conversion> {
  if (!isUuid(leadId)) throw leadNotFound();
  const columns = LEAD_COLUMNS.map((c) => `l.${c}`).join(", ");
  return await db.asUser(claims, async (tx) => {
    const [seen] = await tx.query<{ can_write: boolean }>(
      `select app.can_write(l.team_id) as can_write from public.leads l
       where l.id = $1 and l.team_id = $2 and l.deleted_at is null`,
      [leadId, teamId],
    );
    if (!seen) throw leadNotFound();
    if (!seen.can_write) {
      throw new AppError("forbidden", "Only owners, admins, managers and reps can convert a lead.");
    }
    // one conversion at a time per lead: a second caller waits here, then finds the first one's deal
    const [lead] = await tx.query<Lead>(
      `select ${columns} from public.leads l where l.id = $1 and l.deleted_at is null for update`,
      [leadId],
    );
    if (!lead) throw leadNotFound();
    const existing = lead.deal_id ? await readDeal(tx, lead.deal_id) : null;
    if (existing) {
      return {
        created: false,
        message: `This lead was already converted: it links to the deal “${existing.name}”.`,
        deal: existing,
        contact_id: lead.contact_id,
        company_id: lead.company_id,
        created_contact: false,
        created_company: false,
      };
    }
    const refusal = convertRefusal(lead.status);
    if (refusal) throw new AppError("conflict", refusal);

    const company = await companyFor(tx, claims, lead);
    const contact = await contactFor(tx, claims, lead, company.id);
    // no pipeline or stage: the deals trigger puts it in the default pipeline's first open stage
    const currency = lead.currency?.trim() || await teamCurrency(tx, lead.team_id);
    const made = await insertRecord<{ id: string }>(tx, claims, lead.team_id, dealsSpec, {
      name: lead.business_name.trim(),
      value: lead.value ?? 0,
      company_id: company.id,
      contact_id: contact.id,
      owner_id: lead.owner_id ?? claims.sub,
      tags: lead.tags,
      // none: the column's default
      currency: currency ?? undefined,
    });
    await tx.query(
      `update public.leads set deal_id = $2, company_id = $3, contact_id = coalesce($4, contact_id) where id = $1`,
      [leadId, made.id, company.id, contact.id],
    );
    const deal = (await readDeal(tx, made.id))!;
    return {
      created: true,
      message: `Converted to the deal “${deal.name}” in ${deal.stage_name}.`,
      deal,
      contact_id: contact.id,
      company_id: company.id,
      created_contact: contact.created,
      created_company: company.created,
    };
  });
}

/** The deal a lead was converted to, with its stage's name, for the lead's page; null once it is deleted. */
export async function convertedDeal(
  { db, claims }: Caller,
  dealId: string,
): Promise<{ id: string; name: string; stage_name: string | null } | null> {
  const [deal] = await db.asUser(claims, (tx) =>
    tx.query<{ id: string; name: string; stage_name: string | null }>(
      `select d.id, d.name, s.name as stage_name from public.deals d
       left join public.pipeline_stages s on s.id = d.stage_id
       where d.id = $1 and d.deleted_at is null`,
      [dealId],
    ));
  return deal ?? null;
}
