// The lead status flow as data: NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID.
// The database enforces it (supabase/migrations/20261122001100_leads.sql); this module mirrors it so pages
// and islands know which buttons to show. Pure: no server imports, safe to bundle for the browser.

export const LEAD_STATUSES = ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID"] as const;
export type LeadStatus = typeof LEAD_STATUSES[number];

export const LEAD_STATUS_LABELS: Readonly<Record<LeadStatus, string>> = {
  NEW: "New",
  CONTACTED: "Contacted",
  INTERESTED: "Interested",
  PROPOSAL_SENT: "Proposal sent",
  PAID: "Paid",
};

export function isLeadStatus(value: unknown): value is LeadStatus {
  return typeof value === "string" && (LEAD_STATUSES as readonly string[]).includes(value);
}

export function leadStatusLabel(status: LeadStatus): string {
  return LEAD_STATUS_LABELS[status];
}

/** The status after this one, or null for PAID (terminal). */
export function nextStatus(status: LeadStatus): LeadStatus | null {
  return LEAD_STATUSES[LEAD_STATUSES.indexOf(status) + 1] ?? null;
}

export function isTerminal(status: LeadStatus): boolean {
  return nextStatus(status) === null;
}

/** Exactly one step forward; no skipping, no going back, nothing after PAID, no staying put. */
export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return nextStatus(from) === to;
}

/** Why from -> to is refused, worded exactly as the database words it; null when allowed. */
export function transitionRefusal(from: LeadStatus, to: LeadStatus): string | null {
  const next = nextStatus(from);
  if (next === null) return `${from} is final: this lead cannot change status.`;
  if (to === next) return null;
  return `A lead in ${from} can only move to ${next}.`;
}

export interface LeadStatusInfo {
  label: string;
  meaning: string;
  /** How a lead gets into this status. */
  enteredBy: readonly string[];
  allowed: readonly string[];
  notAllowed: readonly string[];
  /** What moves the lead on to the next status; null for PAID. */
  exitCondition: string | null;
}

/** From seed 003 "Lead status flow", state by state. */
export const LEAD_STATUS_INFO: Readonly<Record<LeadStatus, LeadStatusInfo>> = {
  NEW: {
    label: "New",
    meaning: "Created in the system; no message has been sent yet.",
    enteredBy: ["CSV upload", "API lead creation", "Scraping result"],
    allowed: ["Generate AI email", "Edit lead info", "Delete lead"],
    notAllowed: ["Send proposal", "Collect payment"],
    exitCondition: "First outreach is sent",
  },
  CONTACTED: {
    label: "Contacted",
    meaning: "The lead has received at least one outreach message.",
    enteredBy: ["Email sent", "LinkedIn message sent", "SMS sent"],
    allowed: ["Send follow-ups", "Monitor replies", "Classify replies using AI"],
    notAllowed: ["Send payment link", "Mark as paid"],
    exitCondition: "Lead replies positively or AI detects interest",
  },
  INTERESTED: {
    label: "Interested",
    meaning: "The lead has shown buying intent.",
    enteredBy: ["AI classifies reply as Interested", "Manual override by admin"],
    allowed: ["Generate proposal", "Send proposal", "Schedule calls (future)"],
    notAllowed: ["Direct payment (without proposal)"],
    exitCondition: "Proposal is sent",
  },
  PROPOSAL_SENT: {
    label: "Proposal sent",
    meaning: "A formal proposal has been sent to the lead.",
    enteredBy: ["Proposal message is successfully sent"],
    allowed: ["Send payment link", "Follow up on proposal", "Modify proposal"],
    notAllowed: ["Regenerate lead", "Re-send cold email"],
    exitCondition: "Payment received",
  },
  PAID: {
    label: "Paid",
    meaning: "The lead has paid and is now a client.",
    enteredBy: ["Stripe webhook confirms payment"],
    allowed: ["Auto onboarding", "Task creation", "Client management"],
    notAllowed: ["Outreach", "Proposal sending"],
    exitCondition: null,
  },
};

/** What moves a lead from the status (key) to the next one, from the seed's transition table. */
export const TRANSITION_TRIGGERS: Readonly<Record<Exclude<LeadStatus, "PAID">, string>> = {
  NEW: "Outreach sent",
  CONTACTED: "AI detects interest",
  INTERESTED: "Proposal sent",
  PROPOSAL_SENT: "Stripe webhook",
};

export function allowedActions(status: LeadStatus): readonly string[] {
  return LEAD_STATUS_INFO[status].allowed;
}

export function notAllowedActions(status: LeadStatus): readonly string[] {
  return LEAD_STATUS_INFO[status].notAllowed;
}

export function isActionAllowed(status: LeadStatus, action: string): boolean {
  return LEAD_STATUS_INFO[status].allowed.includes(action);
}

// What the UI shows, read from the seed's lists: an action is offered only where the seed allows it.
/** "Edit lead info" is allowed in NEW only. */
export const canEdit = (status: LeadStatus): boolean => isActionAllowed(status, "Edit lead info");
/** "Delete lead" is allowed in NEW only. */
export const canDelete = (status: LeadStatus): boolean => isActionAllowed(status, "Delete lead");
/** "Send proposal" is allowed in INTERESTED only (PROPOSAL_SENT modifies and follows up instead). */
export const canSendProposal = (status: LeadStatus): boolean => isActionAllowed(status, "Send proposal");
/** "Send payment link" is allowed in PROPOSAL_SENT only. */
export const canSendPaymentLink = (status: LeadStatus): boolean => isActionAllowed(status, "Send payment link");
/** Cold outreach and its follow-ups: the first AI email in NEW, follow-ups in CONTACTED. */
export const canOutreach = (status: LeadStatus): boolean =>
  isActionAllowed(status, "Generate AI email") || isActionAllowed(status, "Send follow-ups");
