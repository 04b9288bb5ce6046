// The lead status flow as data: NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID, one step forward at a
// time, and LOST (with a reason) from any status before PAID; PAID and LOST are final. The database enforces it
// (supabase/migrations/20261122001100_leads.sql, 20261207005000_leads_lost_convert.sql); this module mirrors it so
// pages and islands know which buttons to show, and words refusals exactly as the database does: with the labels
// people read ("Proposal sent"), never the codes. Pure: no server imports, safe to bundle for the browser.

/** The forward flow, in order. */
export const LEAD_FLOW = ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID"] as const;
/** Every status: the flow, then LOST (reachable from any status before PAID). */
export const LEAD_STATUSES = [...LEAD_FLOW, "LOST"] as const;
export type LeadStatus = typeof LEAD_STATUSES[number];
export type FlowStatus = typeof LEAD_FLOW[number];

export const LEAD_STATUS_LABELS: Readonly<Record<LeadStatus, string>> = {
  NEW: "New",
  CONTACTED: "Contacted",
  INTERESTED: "Interested",
  PROPOSAL_SENT: "Proposal sent",
  PAID: "Paid",
  LOST: "Lost",
};

/** The longest reason for losing a lead (the database checks it too). */
export const MAX_LOST_REASON = 1000;

export function isLeadStatus(value: unknown): value is LeadStatus {
  return typeof value === "string" && (LEAD_STATUSES as readonly string[]).includes(value);
}

export function leadStatusLabel(status: LeadStatus): string {
  return LEAD_STATUS_LABELS[status];
}

/** The label of anything that may be a status (a value from an activity entry, say); other values as they are. */
export function statusWords(value: unknown): string {
  return isLeadStatus(value) ? LEAD_STATUS_LABELS[value] : String(value ?? "");
}

/** The status after this one in the flow, or null for PAID and LOST (final). */
export function nextStatus(status: LeadStatus): LeadStatus | null {
  if (status === "LOST") return null;
  return LEAD_FLOW[LEAD_FLOW.indexOf(status) + 1] ?? null;
}

export function isTerminal(status: LeadStatus): boolean {
  return status === "PAID" || status === "LOST";
}

/** Exactly one step forward, or LOST from any status before PAID; nothing out of PAID or LOST, no staying put. */
export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  if (isTerminal(from)) return false;
  return nextStatus(from) === to || to === "LOST";
}

/** LOST (with a reason) is open to every status but the final ones. */
export const canMarkLost = (status: LeadStatus): boolean => !isTerminal(status);

/** Why from -> to is refused, worded exactly as the database words it; null when allowed. */
export function transitionRefusal(from: LeadStatus, to: LeadStatus): string | null {
  if (isTerminal(from)) return `${LEAD_STATUS_LABELS[from]} is final: this lead cannot change status.`;
  if (canTransition(from, to)) return null;
  return `A lead in ${LEAD_STATUS_LABELS[from]} can only move to ${
    LEAD_STATUS_LABELS[nextStatus(from)!]
  }, or be marked as lost.`;
}

/** The refusal of a move to LOST without a reason (the database says the same). */
export const LOST_REASON_REQUIRED = "Give a reason for marking this lead as lost.";

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
    allowed: ["Generate AI email", "Edit lead info", "Delete lead", "Mark as lost"],
    notAllowed: ["Send proposal", "Collect payment"],
    exitCondition: "First outreach is sent",
  },
  CONTACTED: {
    label: "Contacted",
    meaning: "The lead has received at least one outreach message.",
    enteredBy: ["Email sent", "LinkedIn message sent", "SMS sent"],
    allowed: ["Send follow-ups", "Monitor replies", "Classify replies using AI", "Edit lead info", "Mark as lost"],
    notAllowed: ["Send payment link", "Mark as paid"],
    exitCondition: "Lead replies positively or AI detects interest",
  },
  INTERESTED: {
    label: "Interested",
    meaning: "The lead has shown buying intent.",
    enteredBy: ["AI classifies reply as Interested", "Manual override by admin"],
    allowed: [
      "Generate proposal",
      "Send proposal",
      "Schedule calls (future)",
      "Edit lead info",
      "Convert to deal",
      "Mark as lost",
    ],
    notAllowed: ["Direct payment (without proposal)"],
    exitCondition: "Proposal is sent",
  },
  PROPOSAL_SENT: {
    label: "Proposal sent",
    meaning: "A formal proposal has been sent to the lead.",
    enteredBy: ["Proposal message is successfully sent"],
    allowed: [
      "Send payment link",
      "Follow up on proposal",
      "Modify proposal",
      "Edit lead info",
      "Convert to deal",
      "Mark as lost",
    ],
    notAllowed: ["Regenerate lead", "Re-send cold email"],
    exitCondition: "Payment received",
  },
  PAID: {
    label: "Paid",
    meaning: "The lead has paid and is now a client.",
    enteredBy: ["Stripe webhook confirms payment"],
    allowed: ["Auto onboarding", "Task creation", "Client management", "Edit lead info", "Convert to deal"],
    notAllowed: ["Outreach", "Proposal sending", "Mark as lost"],
    exitCondition: null,
  },
  LOST: {
    label: "Lost",
    meaning: "The lead said no or went quiet for good; the reason is kept.",
    enteredBy: ["Reply classified as Not interested", "Marked as lost by the team, with a reason"],
    allowed: ["Edit lead info", "Read the lost reason"],
    notAllowed: ["Outreach", "Proposal sending", "Convert to deal", "Delete lead"],
    exitCondition: null,
  },
};

/** What moves a lead from the status (key) to the next one, from the seed's transition table. */
export const TRANSITION_TRIGGERS: Readonly<Record<Exclude<LeadStatus, "PAID" | "LOST">, string>> = {
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

// What the UI shows, read from the lists above: an action is offered only where they allow it.
/** Lead info stays editable in every status: the strict flow governs only the status itself. */
export const canEdit = (status: LeadStatus): boolean => isActionAllowed(status, "Edit lead info");
/** "Delete lead" is allowed in NEW only (the database refuses the rest too). */
export const canDelete = (status: LeadStatus): boolean => isActionAllowed(status, "Delete lead");
/** "Convert to deal" from INTERESTED onwards, never when LOST. */
export const canConvert = (status: LeadStatus): boolean => isActionAllowed(status, "Convert to deal");
/** "Send proposal" is allowed in INTERESTED only (PROPOSAL_SENT modifies and follows up instead). */
export const canSendProposal = (status: LeadStatus): boolean => isActionAllowed(status, "Send proposal");
/** "Send payment link" is allowed in PROPOSAL_SENT only. */
export const canSendPaymentLink = (status: LeadStatus): boolean => isActionAllowed(status, "Send payment link");
/** Cold outreach and its follow-ups: the first AI email in NEW, follow-ups in CONTACTED. */
export const canOutreach = (status: LeadStatus): boolean =>
  isActionAllowed(status, "Generate AI email") || isActionAllowed(status, "Send follow-ups");
