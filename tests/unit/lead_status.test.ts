// The lead status flow as the UI sees it: order, labels, one-step transitions, LOST from any status before PAID,
// refusals worded with labels, and the action lists (the seed's, with editing open in every status).
import { assert, assertEquals } from "../helpers/assert.ts";
import {
  allowedActions,
  canConvert,
  canDelete,
  canEdit,
  canMarkLost,
  canOutreach,
  canSendPaymentLink,
  canSendProposal,
  canTransition,
  isActionAllowed,
  isLeadStatus,
  isTerminal,
  LEAD_FLOW,
  LEAD_STATUS_INFO,
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadStatus,
  leadStatusLabel,
  nextStatus,
  notAllowedActions,
  statusWords,
  TRANSITION_TRIGGERS,
  transitionRefusal,
} from "../../lib/leads/status.ts";

const byStatus = (pick: (s: LeadStatus) => boolean) => LEAD_STATUSES.filter(pick);
const CODES = /\b(NEW|CONTACTED|INTERESTED|PROPOSAL_SENT|PAID|LOST)\b/;

Deno.test("lead statuses: the five of the flow in order, then Lost, with labels", () => {
  assertEquals([...LEAD_FLOW], ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID"]);
  assertEquals([...LEAD_STATUSES], [...LEAD_FLOW, "LOST"]);
  assertEquals(LEAD_STATUSES.map(leadStatusLabel), ["New", "Contacted", "Interested", "Proposal sent", "Paid", "Lost"]);
  for (const s of LEAD_STATUSES) assertEquals(LEAD_STATUS_INFO[s].label, LEAD_STATUS_LABELS[s]);
  assertEquals([statusWords("PROPOSAL_SENT"), statusWords("done"), statusWords(null)], ["Proposal sent", "done", ""]);
});

Deno.test("lead statuses: isLeadStatus accepts exactly the six names", () => {
  for (const s of LEAD_STATUSES) assert(isLeadStatus(s), s);
  for (const bad of ["new", "Paid", "lost", "WON", "", " NEW", null, undefined, 3, {}]) {
    assert(!isLeadStatus(bad), String(bad));
  }
});

Deno.test("nextStatus: one step forward, nothing after PAID or LOST", () => {
  assertEquals(LEAD_STATUSES.map(nextStatus), ["CONTACTED", "INTERESTED", "PROPOSAL_SENT", "PAID", null, null]);
  assertEquals(byStatus(isTerminal), ["PAID", "LOST"]);
  assertEquals(byStatus(canMarkLost), ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT"]);
});

Deno.test("canTransition: the four forward steps and the four moves to LOST, of all 36 pairs", () => {
  const allowed: string[] = [];
  for (const from of LEAD_STATUSES) {
    for (const to of LEAD_STATUSES) if (canTransition(from, to)) allowed.push(`${from}->${to}`);
  }
  assertEquals(allowed, [
    "NEW->CONTACTED",
    "NEW->LOST",
    "CONTACTED->INTERESTED",
    "CONTACTED->LOST",
    "INTERESTED->PROPOSAL_SENT",
    "INTERESTED->LOST",
    "PROPOSAL_SENT->PAID",
    "PROPOSAL_SENT->LOST",
  ]);
});

Deno.test("transitionRefusal: null for allowed pairs, otherwise a sentence in labels saying what is allowed", () => {
  for (const from of LEAD_STATUSES) {
    for (const to of LEAD_STATUSES) {
      const refusal = transitionRefusal(from, to);
      assertEquals(refusal === null, canTransition(from, to), `${from}->${to}`);
      if (refusal) assert(!CODES.test(refusal), refusal);
    }
  }
  assertEquals(
    transitionRefusal("CONTACTED", "PAID"),
    "A lead in Contacted can only move to Interested, or be marked as lost.",
  );
  assertEquals(
    transitionRefusal("INTERESTED", "NEW"),
    "A lead in Interested can only move to Proposal sent, or be marked as lost.",
  );
  assertEquals(transitionRefusal("NEW", "NEW"), "A lead in New can only move to Contacted, or be marked as lost.");
  assertEquals(transitionRefusal("PAID", "PROPOSAL_SENT"), "Paid is final: this lead cannot change status.");
  assertEquals(transitionRefusal("PAID", "LOST"), "Paid is final: this lead cannot change status.");
  assertEquals(transitionRefusal("LOST", "NEW"), "Lost is final: this lead cannot change status.");
});

Deno.test("actions: the seed's lists per status, with editing and losing open where the issue says", () => {
  assertEquals(allowedActions("NEW"), ["Generate AI email", "Edit lead info", "Delete lead", "Mark as lost"]);
  assertEquals(notAllowedActions("NEW"), ["Send proposal", "Collect payment"]);
  assertEquals(notAllowedActions("CONTACTED"), ["Send payment link", "Mark as paid"]);
  assertEquals(notAllowedActions("INTERESTED"), ["Direct payment (without proposal)"]);
  assertEquals(notAllowedActions("PROPOSAL_SENT"), ["Regenerate lead", "Re-send cold email"]);
  assertEquals(notAllowedActions("LOST"), ["Outreach", "Proposal sending", "Convert to deal", "Delete lead"]);
  for (const s of LEAD_STATUSES) {
    const both = allowedActions(s).filter((a) => notAllowedActions(s).includes(a));
    assertEquals(both, [], `${s} allows and forbids the same action`);
    assert(isActionAllowed(s, "Edit lead info"), `${s} allows editing`);
    assertEquals(isActionAllowed(s, "Mark as lost"), canMarkLost(s), s);
  }
  assert(isActionAllowed("PROPOSAL_SENT", "Modify proposal"));
  assert(!isActionAllowed("PROPOSAL_SENT", "Send proposal"));
});

Deno.test("actions: entry, exit and the transition triggers follow the seed", () => {
  assertEquals(LEAD_STATUS_INFO.PAID.exitCondition, null);
  assertEquals(LEAD_STATUS_INFO.LOST.exitCondition, null);
  for (const s of LEAD_FLOW.filter((s) => s !== "PAID")) assert(LEAD_STATUS_INFO[s].exitCondition, s);
  assertEquals(TRANSITION_TRIGGERS, {
    NEW: "Outreach sent",
    CONTACTED: "AI detects interest",
    INTERESTED: "Proposal sent",
    PROPOSAL_SENT: "Stripe webhook",
  });
  assertEquals(LEAD_STATUS_INFO.NEW.enteredBy, ["CSV upload", "API lead creation", "Scraping result"]);
});

Deno.test("UI helpers: which statuses offer which buttons", () => {
  assertEquals(byStatus(canEdit), [...LEAD_STATUSES]);
  assertEquals(byStatus(canDelete), ["NEW"]);
  assertEquals(byStatus(canConvert), ["INTERESTED", "PROPOSAL_SENT", "PAID"]);
  assertEquals(byStatus(canSendProposal), ["INTERESTED"]);
  assertEquals(byStatus(canSendPaymentLink), ["PROPOSAL_SENT"]);
  assertEquals(byStatus(canOutreach), ["NEW", "CONTACTED"]);
});

Deno.test("UI helpers never offer what the lists forbid", () => {
  const forbidden: [(s: LeadStatus) => boolean, string[]][] = [
    [canSendProposal, ["Send proposal", "Proposal sending"]],
    [canSendPaymentLink, ["Send payment link", "Collect payment", "Direct payment (without proposal)"]],
    [canOutreach, ["Outreach", "Re-send cold email"]],
    [canConvert, ["Convert to deal"]],
    [canDelete, ["Delete lead"]],
  ];
  for (const [helper, names] of forbidden) {
    for (const s of LEAD_STATUSES) {
      if (notAllowedActions(s).some((a) => names.includes(a))) assert(!helper(s), `${helper.name} in ${s}`);
    }
  }
});
