// The lead status flow as the UI sees it: order, labels, one-step transitions and the seed's action lists.
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  allowedActions,
  canDelete,
  canEdit,
  canOutreach,
  canSendPaymentLink,
  canSendProposal,
  canTransition,
  isActionAllowed,
  isLeadStatus,
  isTerminal,
  LEAD_STATUS_INFO,
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadStatus,
  leadStatusLabel,
  nextStatus,
  notAllowedActions,
  TRANSITION_TRIGGERS,
  transitionRefusal,
} from "../../lib/crm/lead-status.ts";

const byStatus = (pick: (s: LeadStatus) => boolean) => LEAD_STATUSES.filter(pick);

Deno.test("lead statuses: the five of the seed, in flow order, with labels", () => {
  assertEquals([...LEAD_STATUSES], ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID"]);
  assertEquals(LEAD_STATUSES.map(leadStatusLabel), ["New", "Contacted", "Interested", "Proposal sent", "Paid"]);
  for (const s of LEAD_STATUSES) assertEquals(LEAD_STATUS_INFO[s].label, LEAD_STATUS_LABELS[s]);
});

Deno.test("lead statuses: isLeadStatus accepts exactly the five names", () => {
  for (const s of LEAD_STATUSES) assert(isLeadStatus(s), s);
  for (const bad of ["new", "Paid", "LOST", "", " NEW", null, undefined, 3, {}]) {
    assert(!isLeadStatus(bad), String(bad));
  }
});

Deno.test("nextStatus: one step forward, nothing after PAID", () => {
  assertEquals(LEAD_STATUSES.map(nextStatus), ["CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID", null]);
  assertEquals(byStatus(isTerminal), ["PAID"]);
});

Deno.test("canTransition: exactly the four forward steps of all 25 pairs", () => {
  const allowed: string[] = [];
  for (const from of LEAD_STATUSES) {
    for (const to of LEAD_STATUSES) if (canTransition(from, to)) allowed.push(`${from}->${to}`);
  }
  assertEquals(allowed, [
    "NEW->CONTACTED",
    "CONTACTED->INTERESTED",
    "INTERESTED->PROPOSAL_SENT",
    "PROPOSAL_SENT->PAID",
  ]);
});

Deno.test("transitionRefusal: null for allowed pairs, otherwise a sentence saying what is allowed", () => {
  for (const from of LEAD_STATUSES) {
    for (const to of LEAD_STATUSES) {
      const refusal = transitionRefusal(from, to);
      assertEquals(refusal === null, canTransition(from, to), `${from}->${to}`);
    }
  }
  assertEquals(transitionRefusal("CONTACTED", "PAID"), "A lead in CONTACTED can only move to INTERESTED.");
  assertEquals(transitionRefusal("CONTACTED", "NEW"), "A lead in CONTACTED can only move to INTERESTED.");
  assertEquals(transitionRefusal("NEW", "NEW"), "A lead in NEW can only move to CONTACTED.");
  assertEquals(transitionRefusal("PAID", "PROPOSAL_SENT"), "PAID is final: this lead cannot change status.");
  assertEquals(transitionRefusal("PAID", "PAID"), "PAID is final: this lead cannot change status.");
});

Deno.test("actions: the seed's allowed and not-allowed lists per status", () => {
  assertEquals(allowedActions("NEW"), ["Generate AI email", "Edit lead info", "Delete lead"]);
  assertEquals(notAllowedActions("NEW"), ["Send proposal", "Collect payment"]);
  assertEquals(allowedActions("CONTACTED"), ["Send follow-ups", "Monitor replies", "Classify replies using AI"]);
  assertEquals(notAllowedActions("CONTACTED"), ["Send payment link", "Mark as paid"]);
  assertEquals(allowedActions("INTERESTED"), ["Generate proposal", "Send proposal", "Schedule calls (future)"]);
  assertEquals(notAllowedActions("INTERESTED"), ["Direct payment (without proposal)"]);
  assertEquals(allowedActions("PROPOSAL_SENT"), ["Send payment link", "Follow up on proposal", "Modify proposal"]);
  assertEquals(notAllowedActions("PROPOSAL_SENT"), ["Regenerate lead", "Re-send cold email"]);
  assertEquals(allowedActions("PAID"), ["Auto onboarding", "Task creation", "Client management"]);
  assertEquals(notAllowedActions("PAID"), ["Outreach", "Proposal sending"]);
  for (const s of LEAD_STATUSES) {
    const both = allowedActions(s).filter((a) => notAllowedActions(s).includes(a));
    assertEquals(both, [], `${s} allows and forbids the same action`);
  }
  assert(isActionAllowed("PROPOSAL_SENT", "Modify proposal"));
  assert(!isActionAllowed("PROPOSAL_SENT", "Send proposal"));
});

Deno.test("actions: entry, exit and the transition triggers follow the seed", () => {
  assertEquals(LEAD_STATUS_INFO.PAID.exitCondition, null);
  for (const s of LEAD_STATUSES.filter((s) => s !== "PAID")) assert(LEAD_STATUS_INFO[s].exitCondition, s);
  assertEquals(TRANSITION_TRIGGERS, {
    NEW: "Outreach sent",
    CONTACTED: "AI detects interest",
    INTERESTED: "Proposal sent",
    PROPOSAL_SENT: "Stripe webhook",
  });
  assertEquals(LEAD_STATUS_INFO.NEW.enteredBy, ["CSV upload", "API lead creation", "Scraping result"]);
});

Deno.test("UI helpers: which statuses offer which buttons", () => {
  assertEquals(byStatus(canEdit), ["NEW"]);
  assertEquals(byStatus(canDelete), ["NEW"]);
  assertEquals(byStatus(canSendProposal), ["INTERESTED"]);
  assertEquals(byStatus(canSendPaymentLink), ["PROPOSAL_SENT"]);
  assertEquals(byStatus(canOutreach), ["NEW", "CONTACTED"]);
});

Deno.test("UI helpers never offer what the seed forbids", () => {
  const forbidden: [(s: LeadStatus) => boolean, string[]][] = [
    [canSendProposal, ["Send proposal", "Proposal sending"]],
    [canSendPaymentLink, ["Send payment link", "Collect payment", "Direct payment (without proposal)"]],
    [canOutreach, ["Outreach", "Re-send cold email"]],
  ];
  for (const [helper, names] of forbidden) {
    for (const s of LEAD_STATUSES) {
      if (notAllowedActions(s).some((a) => names.includes(a))) assert(!helper(s), `${helper.name} in ${s}`);
    }
  }
});
