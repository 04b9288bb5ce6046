// Understanding a reply on a lead or contact: classify it (charged as "ai.classify"), suggest the next step and an
// answer, and act on the two intents the lead flow names: "interested" moves a lead in Contacted to Interested
// through app.transition_lead, recorded as an AI decision (service_reason "ai:reply-interested"), which an owner
// or admin can undo; "unsubscribe" records an opt-out (public.contact_opt_outs) that outreach honours. Everything
// runs as the caller, so RLS decides which lead and contact they may touch.
import type { Caller } from "../../caller.ts";
import { AppError } from "../../errors.ts";
import type { EnvReader } from "../../functions/env.ts";
import { overrideLeadStatus } from "../../leads/leads.ts";
import type { LeadStatus } from "../../leads/status.ts";
import type { UserClaims } from "../../db/claims.ts";
import { recordGeneration } from "../generations.ts";
import { CLASSIFY_PROMPT, classifyReply, OFFLINE_PROVIDER, type ReplyClassification } from "./classify.ts";
import { REPLY_INTENT_LABELS } from "./intents.ts";
import { type ReplySuggestion, suggestionFor } from "./suggestions.ts";
import { detectReplyLanguage } from "./language.ts";

/** What lead_status_changes.service_reason says for a move the classifier made. */
export const AI_REPLY_REASON = "ai:reply-interested";
export const UNDO_REASON = "Undone: a person disagreed with the AI reading this reply as interested.";

export interface UnderstandInput {
  text: string;
  leadId?: string;
  contactId?: string;
}

interface Person {
  leadId: string | null;
  leadStatus: LeadStatus | null;
  contactId: string | null;
  email: string | null;
  firstName: string | null;
}

export interface LeadTransition {
  leadId: string;
  from: LeadStatus;
  to: LeadStatus;
  /** lead_status_changes.id of the move, for the undo. */
  changeId: number;
  /** Whether this caller may undo it (owners and admins: the flow moves backwards only by override). */
  undoable: boolean;
}

export interface UnderstandResult extends ReplyClassification {
  label: string;
  suggestion: ReplySuggestion;
  transition: LeadTransition | null;
  /** Why the lead did not move although the reply was "interested" (e.g. it is not in Contacted). */
  transitionSkipped: string | null;
  optOut: { id: string; created: boolean } | null;
}

/** The lead and/or contact, as the caller sees them; 404 for what they cannot see (before any charge). */
async function loadPerson(caller: Caller, input: UnderstandInput): Promise<Person> {
  return await caller.db.asUser(caller.claims, async (tx) => {
    const person: Person = { leadId: null, leadStatus: null, contactId: null, email: null, firstName: null };
    if (input.leadId) {
      const [lead] = await tx.query<
        { status: LeadStatus; contact_id: string | null; email: string | null; contact_name: string | null }
      >(
        `select status, contact_id, email, contact_name from public.leads
         where id = $1 and team_id = $2 and deleted_at is null`,
        [input.leadId, caller.teamId],
      );
      if (!lead) throw new AppError("not_found", "That lead does not exist in this workspace, or you cannot see it.");
      Object.assign(person, {
        leadId: input.leadId,
        leadStatus: lead.status,
        contactId: lead.contact_id,
        email: lead.email,
        firstName: lead.contact_name?.trim().split(/\s+/)[0] || null,
      });
    }
    if (input.contactId) {
      const [contact] = await tx.query<{ email: string | null; first_name: string }>(
        `select email, first_name from public.contacts where id = $1 and team_id = $2 and deleted_at is null`,
        [input.contactId, caller.teamId],
      );
      if (!contact) {
        throw new AppError("not_found", "That contact does not exist in this workspace, or you cannot see it.");
      }
      person.contactId = input.contactId;
      person.email = contact.email ?? person.email;
      person.firstName = contact.first_name.trim() || person.firstName;
    }
    return person;
  });
}

async function moveToInterested(caller: Caller, leadId: string): Promise<LeadTransition> {
  const changeId = await caller.db.asUser(caller.claims, async (tx) => {
    // Recorded on the status change (and the audit log) as the AI's decision, made for this user.
    await tx.query("select set_config('app.service_reason', $1, true)", [AI_REPLY_REASON]);
    await tx.query("select id from app.transition_lead($1::uuid, 'INTERESTED'::public.lead_status)", [leadId]);
    const [change] = await tx.query<{ id: number }>(
      "select max(id)::int as id from public.lead_status_changes where lead_id = $1",
      [leadId],
    );
    return change.id;
  });
  return {
    leadId,
    from: "CONTACTED",
    to: "INTERESTED",
    changeId,
    undoable: caller.role === "owner" || caller.role === "admin",
  };
}

async function recordOptOut(caller: Caller, person: Person, text: string): Promise<{ id: string; created: boolean }> {
  const email = person.email?.trim().toLowerCase() || null;
  return await caller.db.asUser(caller.claims, async (tx) => {
    const [existing] = await tx.query<{ id: string }>(
      `select id from public.contact_opt_outs
       where team_id = $1 and (contact_id = $2 or lead_id = $3 or email = $4) limit 1`,
      [caller.teamId, person.contactId, person.leadId, email],
    );
    if (existing) return { id: existing.id, created: false };
    const [row] = await tx.query<{ id: string }>(
      `insert into public.contact_opt_outs (team_id, contact_id, lead_id, email, source, reply_excerpt)
       values ($1, $2, $3, $4, 'ai_reply', $5) returning id`,
      [caller.teamId, person.contactId, person.leadId, email, text.trim().slice(0, 500)],
    );
    return { id: row.id, created: true };
  });
}

/** A refusal from the database, as the sentence it carries; anything unexpected is rethrown. */
function refusalText(error: unknown): string {
  if (error instanceof AppError) return error.message;
  throw error;
}

export async function understandReply(
  caller: Caller,
  settings: EnvReader,
  input: UnderstandInput,
  signal?: AbortSignal,
): Promise<UnderstandResult> {
  const person = await loadPerson(caller, input);
  const classification = await classifyReply(caller, settings, input.text, signal);
  let transition: LeadTransition | null = null;
  let transitionSkipped: string | null = null;
  let optOut: UnderstandResult["optOut"] = null;

  if (classification.intent === "interested" && person.leadId) {
    if (person.leadStatus === "CONTACTED") {
      transition = await moveToInterested(caller, person.leadId).catch((error) => {
        transitionSkipped = refusalText(error);
        return null;
      });
    } else {
      transitionSkipped = "Only a lead in Contacted moves to Interested on a reply; this one stays where it is.";
    }
  }
  if (classification.intent === "unsubscribe" && (person.leadId || person.contactId)) {
    optOut = await recordOptOut(caller, person, input.text);
  }

  const result: UnderstandResult = {
    ...classification,
    label: REPLY_INTENT_LABELS[classification.intent],
    suggestion: suggestionFor(classification.intent, person.firstName, detectReplyLanguage(input.text)),
    transition,
    transitionSkipped,
    optOut,
  };
  await recordGeneration(caller, {
    feature: "reply",
    record: person.leadId ? { type: "lead", id: person.leadId } : { type: "contact", id: person.contactId! },
    prompt: classification.provider === OFFLINE_PROVIDER
      ? { name: "reply-offline-model", version: "v1" }
      : CLASSIFY_PROMPT,
    provider: classification.provider,
    input: { chars: input.text.length },
    output: { intent: result.intent, confidence: result.confidence, transition, optOut },
  });
  return result;
}

/**
 * Undoes the AI's move of a lead to Interested: only while that move is still the lead's latest change, and
 * within the flow's rules, i.e. by override (owners and admins; others get the database's 403 sentence).
 */
export async function undoAiTransition(caller: Caller, leadId: string, changeId: number) {
  const [latest] = await caller.db.asUser(
    caller.claims,
    (tx) =>
      tx.query<{ id: number; to_status: string; service_reason: string | null }>(
        `select c.id::int as id, c.to_status::text as to_status, c.service_reason
       from public.lead_status_changes c join public.leads l on l.id = c.lead_id
       where c.lead_id = $1 and l.team_id = $2 order by c.id desc limit 1`,
        [leadId, caller.teamId],
      ),
  );
  if (!latest) throw new AppError("not_found", "That lead does not exist in this workspace, or you cannot see it.");
  if (latest.id !== changeId || latest.service_reason !== AI_REPLY_REASON || latest.to_status !== "INTERESTED") {
    throw new AppError("conflict", "The lead has changed since the AI moved it, so there is nothing to undo here.");
  }
  return await overrideLeadStatus(caller.db, caller.claims as UserClaims, leadId, "CONTACTED", UNDO_REASON);
}
