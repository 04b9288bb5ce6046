// Leads: moving a lead through the status flow, marking it lost, the owner/admin override, the status history,
// and the rules for editing and deleting. Always as the user: RLS decides what is visible, and the database's lead
// triggers keep the flow (one step forward, LOST with a reason before PAID, PAID and LOST final), keep deleting to
// New leads, and write the history. This module validates input so a bad status name or a missing reason is a 422
// before it reaches the database, and names the lead in its 404s.
import { AppError } from "../errors.ts";
import type { Db } from "../db/mod.ts";
import type { Claims, UserClaims } from "../db/claims.ts";
import {
  canDelete,
  isLeadStatus,
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadStatus,
  LOST_REASON_REQUIRED,
  MAX_LOST_REASON,
} from "./status.ts";
import { leadsSpec } from "./spec.ts";
import { deleteRecord, getRecord, updateRecord } from "../records/records.ts";
import { isUuid } from "../ids.ts";
import type { Caller } from "../caller.ts";

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
  /** numeric, as the driver returns it ("1200.00") */
  value: string | null;
  currency: string | null;
  tags: string[];
  company_id: string | null;
  contact_id: string | null;
  status: LeadStatus;
  status_changed_at: Date;
  lost_reason: string | null;
  deal_id: string | null;
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
  "value",
  "currency",
  "tags",
  "company_id",
  "contact_id",
  "status",
  "status_changed_at",
  "lost_reason",
  "deal_id",
  "owner_id",
  "created_by",
  "created_at",
  "updated_at",
  "deleted_at",
] as const;

/** Reasons for an override must be at least this long (the database checks it too). */
export const MIN_OVERRIDE_REASON = 5;

const leadNotFound = () => new AppError("not_found", "Lead not found.");
const invalid = (message: string) => new AppError("unprocessable_entity", message);
const selectLead = LEAD_COLUMNS.map((c) => `l.${c}`).join(", ");

function checkLeadId(leadId: string) {
  if (!isUuid(leadId)) throw leadNotFound();
}

function checkStatus(to: unknown): LeadStatus {
  if (!isLeadStatus(to)) {
    throw invalid(`Unknown lead status "${String(to)}". Use one of ${LEAD_STATUSES.join(", ")}.`);
  }
  return to;
}

/**
 * Moves a lead one step forward, or to LOST when a reason is given (see markLeadLost). 404 unknown or other team's
 * lead, 403 viewers, 409 illegal move, 422 LOST without a reason.
 */
export async function transitionLead(
  db: Db,
  claims: UserClaims,
  leadId: string,
  to: string,
  reason?: string,
): Promise<Lead> {
  checkLeadId(leadId);
  const status = checkStatus(to);
  if (status === "LOST") return await markLeadLost(db, claims, leadId, reason ?? "");
  const [lead] = await db.asUser(claims, (tx) =>
    tx.query<Lead>(
      `select ${selectLead} from app.transition_lead($1::uuid, $2::public.lead_status) l`,
      [leadId, status],
    ));
  return lead;
}

/** The reason as stored, or a 422 saying what is missing. */
function lostReason(reason: unknown): string {
  const why = typeof reason === "string" ? reason.trim() : "";
  if (why === "") throw invalid(LOST_REASON_REQUIRED);
  if (why.length > MAX_LOST_REASON) throw invalid(`Keep the reason under ${MAX_LOST_REASON} characters.`);
  return why;
}

/**
 * LOST, with a reason, from any status before PAID (a reply classified "not interested" lands here).
 * 404 unknown or other team's lead, 403 viewers, 409 from PAID or LOST, 422 without a reason.
 */
export async function markLeadLost(db: Db, claims: UserClaims, leadId: string, reason: string): Promise<Lead> {
  checkLeadId(leadId);
  const why = lostReason(reason);
  const [lead] = await db.asUser(
    claims,
    (tx) => tx.query<Lead>(`select ${selectLead} from app.mark_lead_lost($1::uuid, $2) l`, [leadId, why]),
  );
  return lead;
}

/**
 * Edits a lead's info (name, company, email, value, notes, any field): allowed in every status, since the strict
 * flow governs only the status itself. Status, lost reason and deal link are not in the input schema.
 */
export async function updateLead(
  db: Db,
  claims: Claims,
  teamId: string,
  leadId: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return await updateRecord(db, claims, teamId, leadsSpec, leadId, input);
}

/** Why a lead in this status cannot be deleted, or null when it can (the database words it the same way). */
export function deleteRefusal(status: LeadStatus): string | null {
  return canDelete(status) ? null : `Only leads in New can be deleted; this one is ${LEAD_STATUS_LABELS[status]}.`;
}

/** Soft delete (undoable), for leads still in NEW: 409 with the reason for the rest, 404 when not visible. */
export async function deleteLead(db: Db, claims: Claims, teamId: string, leadId: string): Promise<{ id: string }> {
  const lead = await getRecord(db, claims, teamId, leadsSpec, leadId);
  const refusal = deleteRefusal(lead.status as LeadStatus);
  if (refusal) throw new AppError("conflict", refusal);
  // the database checks again, so a move between this read and the delete cannot slip through
  return await deleteRecord(db, claims, teamId, leadsSpec, leadId);
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

/** How many of the workspace's leads are in each status (the list's chips); one index scan (leads_team_status_idx). */
export async function leadStatusCounts({ db, claims, teamId }: Caller): Promise<Partial<Record<LeadStatus, number>>> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<{ status: string; count: number }>(
      `select status::text as status, count(*)::int as count from public.leads
       where team_id = $1 and deleted_at is null group by status`,
      [teamId],
    ));
  const counts: Partial<Record<LeadStatus, number>> = {};
  for (const row of rows) if (isLeadStatus(row.status)) counts[row.status] = row.count;
  return counts;
}
