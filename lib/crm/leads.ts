// Leads: moving a lead through the status flow, the owner/admin override, and the status history.
// Always as the user: RLS decides what is visible, and the database's lead triggers keep the flow
// (one step forward, PAID final) and write the history. This module validates input so a bad status
// name or a missing reason is a 422 before it reaches the database, and names the lead in its 404s.
import { HTTPException } from "hono/http-exception";
import type { Db } from "../db/mod.ts";
import { isLeadStatus, LEAD_STATUSES, type LeadStatus } from "./lead-status.ts";
import { UUID } from "../ids.ts";

type UserClaims = Parameters<Db["asUser"]>[0];

export interface Lead {
  id: string;
  team_id: string;
  business_name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  industry: string | null;
  city: string | null;
  country: string | null;
  source: string | null;
  score: number | null;
  notes: string | null;
  tags: string[];
  company_id: string | null;
  contact_id: string | null;
  status: LeadStatus;
  status_changed_at: Date;
  owner_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface LeadStatusChange {
  id: number;
  lead_id: string;
  from_status: LeadStatus;
  to_status: LeadStatus;
  changed_by: string | null;
  /** The person's name from their profile, when they share a team with the reader. */
  changed_by_name: string | null;
  service_reason: string | null;
  reason: string | null;
  is_override: boolean;
  created_at: Date;
}

/** Columns of a lead as the API returns them (the search vector stays in the database). */
export const LEAD_COLUMNS = [
  "id",
  "team_id",
  "business_name",
  "contact_name",
  "email",
  "phone",
  "website",
  "industry",
  "city",
  "country",
  "source",
  "score",
  "notes",
  "tags",
  "company_id",
  "contact_id",
  "status",
  "status_changed_at",
  "owner_id",
  "created_by",
  "created_at",
  "updated_at",
  "deleted_at",
] as const;

/** Reasons for an override must be at least this long (the database checks it too). */
export const MIN_OVERRIDE_REASON = 5;

const leadNotFound = () => new HTTPException(404, { message: "Lead not found." });
const invalid = (message: string) => new HTTPException(422, { message });
const selectLead = LEAD_COLUMNS.map((c) => `l.${c}`).join(", ");

function checkLeadId(leadId: string) {
  if (!UUID.test(leadId)) throw leadNotFound();
}

function checkStatus(to: unknown): LeadStatus {
  if (!isLeadStatus(to)) {
    throw invalid(`Unknown lead status "${String(to)}". Use one of ${LEAD_STATUSES.join(", ")}.`);
  }
  return to;
}

/** Moves a lead one step forward. 404 unknown or other team's lead, 403 viewers, 409 illegal move. */
export async function transitionLead(db: Db, claims: UserClaims, leadId: string, to: string): Promise<Lead> {
  checkLeadId(leadId);
  const status = checkStatus(to);
  const [lead] = await db.asUser(claims, (tx) =>
    tx.query<Lead>(
      `select ${selectLead} from app.transition_lead($1::uuid, $2::public.lead_status) l`,
      [leadId, status],
    ));
  return lead;
}

/** Sets any status (owners and admins, with a reason). 404 unknown lead, 403 other roles, 409 same status. */
export async function overrideLeadStatus(
  db: Db,
  claims: UserClaims,
  leadId: string,
  to: string,
  reason: string,
): Promise<Lead> {
  checkLeadId(leadId);
  const status = checkStatus(to);
  const why = typeof reason === "string" ? reason.trim() : "";
  if (why.length < MIN_OVERRIDE_REASON) {
    throw invalid(`Give a reason of at least ${MIN_OVERRIDE_REASON} characters for overriding the status.`);
  }
  const [lead] = await db.asUser(claims, (tx) =>
    tx.query<Lead>(
      `select ${selectLead} from app.override_lead_status($1::uuid, $2::public.lead_status, $3) l`,
      [leadId, status, why],
    ));
  return lead;
}

/** Every status change of a lead, oldest first. 404 when the reader cannot see the lead. */
export async function leadStatusHistory(db: Db, claims: UserClaims, leadId: string): Promise<LeadStatusChange[]> {
  checkLeadId(leadId);
  return await db.asUser(claims, async (tx) => {
    const visible = await tx.query("select 1 from public.leads where id = $1", [leadId]);
    if (visible.length === 0) throw leadNotFound();
    return await tx.query<LeadStatusChange>(
      `select c.id::int as id, c.lead_id, c.from_status, c.to_status, c.changed_by, p.full_name as changed_by_name,
              c.service_reason, c.reason, c.is_override, c.created_at
       from public.lead_status_changes c
       left join public.profiles p on p.id = c.changed_by
       where c.lead_id = $1
       order by c.id`,
      [leadId],
    );
  });
}
