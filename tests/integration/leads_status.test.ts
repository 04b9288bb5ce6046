// The lead status flow enforced by the database: one step forward, LOST with a reason from any status before PAID,
// PAID and LOST final, owner/admin override with a reason, a history row for every change, refusals worded with the
// labels people read; lead info editable in every status, deleting for New leads only; converting a lead into a
// deal once; and one live lead per email in a workspace.
import { AppError } from "../../lib/errors.ts";
import { assert, assertEquals, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";
import { LEAD_FLOW, LEAD_STATUSES, type LeadStatus, nextStatus, transitionRefusal } from "../../lib/leads/status.ts";
import {
  deleteLead,
  leadStatusHistory,
  markLeadLost,
  overrideLeadStatus,
  transitionLead,
  updateLead,
} from "../../lib/leads/leads.ts";
import { convertLead } from "../../lib/leads/convert.ts";

const db = await freshDb();
const t = await twoTeams(db);

Deno.test.afterAll?.(() => db.close());

const sql = <T = Record<string, unknown>>(who: Person, text: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(text, params));

let counter = 0;
async function newLead(who: Person = t.rep, team = t.teamA, fields: Record<string, unknown> = {}): Promise<string> {
  const row = { business_name: `Biz ${++counter}`, ...fields };
  const names = Object.keys(row);
  const [lead] = await sql<{ id: string }>(
    who,
    `insert into public.leads (team_id, ${names.join(", ")}) values ($1, ${names.map((_, i) => `$${i + 2}`).join(", ")})
     returning id`,
    [team, ...Object.values(row)],
  );
  return lead.id;
}

/** A new lead walked forward to `status` through the normal flow (LOST: marked lost from NEW). */
async function leadAt(status: LeadStatus, who: Person = t.rep, fields: Record<string, unknown> = {}): Promise<string> {
  const id = await newLead(who, t.teamA, fields);
  if (status === "LOST") {
    await markLeadLost(db, who.claims, id, "Not interested");
    return id;
  }
  for (let s: LeadStatus = "NEW"; s !== status; s = nextStatus(s)!) {
    await transitionLead(db, who.claims, id, nextStatus(s)!);
  }
  return id;
}

/** No status label's code ever reaches a person: "Proposal sent", not PROPOSAL_SENT. */
const assertReadable = (message: string) =>
  assert(!/\b(NEW|CONTACTED|INTERESTED|PROPOSAL_SENT|PAID|LOST)\b/.test(message), `codes in "${message}"`);

const statusOf = async (id: string) =>
  (await db.asService(
    "test:read",
    (tx) => tx.query<{ status: LeadStatus }>("select status from public.leads where id = $1", [id]),
  ))[0]
    .status;

async function refused(fn: () => Promise<unknown>, status: number, message?: string | RegExp): Promise<AppError> {
  const error = await assertRejects(fn);
  assert(error instanceof AppError, `expected an AppError, got ${error}`);
  assertEquals(error.status, status, `${error.status}: ${error.message}`);
  if (typeof message === "string") assertEquals(error.message, message);
  else if (message) assert(message.test(error.message), error.message);
  return error;
}

Deno.test("a new lead starts in NEW with status_changed_at set", async () => {
  const id = await newLead();
  const [lead] = await sql<{ status: string; status_changed_at: Date; owner_id: string; created_by: string }>(
    t.rep,
    "select status, status_changed_at, owner_id, created_by from public.leads where id = $1",
    [id],
  );
  assertEquals(lead.status, "NEW");
  assert(lead.status_changed_at instanceof Date);
  assertEquals([lead.owner_id, lead.created_by], [t.rep.id, t.rep.id]);
});

Deno.test("every legal move succeeds, in order, up to PAID", async () => {
  const id = await newLead();
  for (const to of LEAD_FLOW.slice(1)) {
    const lead = await transitionLead(db, t.rep.claims, id, to);
    assertEquals(lead.status, to);
    assertEquals(lead.id, id);
  }
  assertEquals(await statusOf(id), "PAID");
});

Deno.test("all 36 from x to pairs: four forward steps, four to LOST, the rest say what is allowed", async () => {
  let legal = 0, illegal = 0;
  for (const from of LEAD_STATUSES) {
    const id = await leadAt(from);
    for (const to of LEAD_STATUSES) {
      if (to === nextStatus(from) || (to === "LOST" && transitionRefusal(from, to) === null)) continue;
      const error = await refused(
        () => transitionLead(db, t.rep.claims, id, to, "x"),
        409,
        transitionRefusal(from, to)!,
      );
      assertReadable(error.message);
      assertEquals(await statusOf(id), from, `${from}->${to} must leave the lead where it was`);
      illegal++;
    }
    if (transitionRefusal(from, "LOST") === null) {
      const lost = await leadAt(from);
      assertEquals((await transitionLead(db, t.rep.claims, lost, "LOST", "Chose a competitor")).status, "LOST");
      legal++;
    }
    const next = nextStatus(from);
    if (next) {
      assertEquals((await transitionLead(db, t.rep.claims, id, next)).status, next);
      legal++;
    }
  }
  assertEquals([legal, illegal], [8, 28]);
  assertEquals(
    transitionRefusal("PROPOSAL_SENT", "NEW"),
    "A lead in Proposal sent can only move to Paid, or be marked as lost.",
  );
});

Deno.test("the trigger itself refuses illegal moves however the update is written", async () => {
  for (const from of LEAD_STATUSES) {
    const id = await leadAt(from);
    for (const to of LEAD_STATUSES) {
      if (to === from || to === nextStatus(from) || (to === "LOST" && transitionRefusal(from, to) === null)) continue;
      // even with the transition marker set by hand, and even as the service role
      await refused(
        () =>
          db.asUser(t.owner.claims, async (tx) => {
            await tx.query("select set_config('app.lead_transition', $1, true)", [id]);
            await tx.query("update public.leads set status = $2 where id = $1", [id, to]);
          }),
        409,
        transitionRefusal(from, to)!,
      );
      const error = await assertRejects(() =>
        db.asService("test:direct", (tx) => tx.query("update public.leads set status = $2 where id = $1", [id, to]))
      );
      assertEquals(error.message, transitionRefusal(from, to));
    }
  }
});

Deno.test("PAID and LOST are terminal: no move out of them, not even to themselves", async () => {
  for (const [status, label] of [["PAID", "Paid"], ["LOST", "Lost"]] as const) {
    const id = await leadAt(status);
    for (const to of LEAD_STATUSES) {
      await refused(
        () => transitionLead(db, t.owner.claims, id, to, "Another reason"),
        409,
        `${label} is final: this lead cannot change status.`,
      );
    }
    await refused(
      () => markLeadLost(db, t.owner.claims, id, "Gone quiet"),
      409,
      `${label} is final: this lead cannot change status.`,
    );
    assertEquals(await statusOf(id), status);
  }
});

Deno.test("LOST from each status before PAID, with its reason in the lead, the history and the timeline", async () => {
  for (const from of ["NEW", "CONTACTED", "INTERESTED", "PROPOSAL_SENT"] as const) {
    const id = await leadAt(from);
    const lead = await markLeadLost(db, t.rep.claims, id, "  Not interested: went with a competitor  ");
    assertEquals([lead.status, lead.lost_reason], ["LOST", "Not interested: went with a competitor"]);
    const history = await leadStatusHistory(db, t.viewer.claims, id);
    assertEquals(
      [history.at(-1)!.from_status, history.at(-1)!.to_status, history.at(-1)!.reason, history.at(-1)!.is_override],
      [from, "LOST", "Not interested: went with a competitor", false],
    );
    const timeline = await sql<{ type: string; changes: { field: string; new: unknown }[] }>(
      t.viewer,
      "select type, changes from public.activities where record_type = 'lead' and record_id = $1 order by occurred_at",
      [id],
    );
    assert(timeline.some((a) => a.type === "status_change" && a.changes[0].new === "LOST"), from);
    assert(
      timeline.some((a) => a.changes?.some((c) => c.field === "lost_reason" && c.new === lead.lost_reason)),
      `${from}: the reason is on the timeline`,
    );
  }
});

Deno.test("LOST needs a reason: a readable 422 from lib/leads/leads.ts, and the database refuses too", async () => {
  const id = await leadAt("CONTACTED");
  for (const reason of ["", "   "]) {
    await refused(
      () => markLeadLost(db, t.rep.claims, id, reason),
      422,
      "Give a reason for marking this lead as lost.",
    );
  }
  await refused(
    () => transitionLead(db, t.rep.claims, id, "LOST"),
    422,
    "Give a reason for marking this lead as lost.",
  );
  await refused(() => markLeadLost(db, t.rep.claims, id, "x".repeat(1001)), 422, /under 1000 characters/);
  // callers that skip lib/leads/leads.ts
  for (const reason of [null, "", "  "]) {
    await refused(
      () => sql(t.rep, "select app.mark_lead_lost($1, $2)", [id, reason]),
      409,
      "Give a reason for marking this lead as lost.",
    );
  }
  await refused(
    () => sql(t.rep, "select app.transition_lead($1, 'LOST')", [id]),
    409,
    "Give a reason for marking this lead as lost.",
  );
  // a plain update, even with a reason, is not a status action
  await refused(
    () => sql(t.rep, "update public.leads set status = 'LOST', lost_reason = 'Nope' where id = $1", [id]),
    409,
    "Change a lead's status with its status actions, not by editing the lead.",
  );
  await refused(
    () => sql(t.rep, "update public.leads set lost_reason = 'Nope' where id = $1", [id]),
    409,
    "Only a lost lead has a lost reason.",
  );
  assertEquals(await statusOf(id), "CONTACTED");
  // viewers and other teams cannot mark lost
  await refused(
    () => markLeadLost(db, t.viewer.claims, id, "Not for us"),
    403,
    "Only owners, admins, managers and reps can change a lead's status.",
  );
  await refused(() => markLeadLost(db, t.outsider.claims, id, "Not for us"), 404, "Lead not found.");
  await refused(() => markLeadLost(db, t.rep.claims, crypto.randomUUID(), "Not for us"), 404, "Lead not found.");
});

Deno.test("override into and out of LOST keeps the lost reason in step with the status", async () => {
  const id = await leadAt("INTERESTED");
  const lost = await overrideLeadStatus(db, t.admin.claims, id, "LOST", "Budget frozen for the year");
  assertEquals([lost.status, lost.lost_reason], ["LOST", "Budget frozen for the year"]);
  const back = await overrideLeadStatus(db, t.owner.claims, id, "INTERESTED", "Budget came back in Q2");
  assertEquals([back.status, back.lost_reason], ["INTERESTED", null]);
});

Deno.test("lead info stays editable in every status; deleting is for New leads only, at every door", async () => {
  for (const status of LEAD_STATUSES) {
    const id = await leadAt(status);
    const edited = await updateLead(db, t.rep.claims, t.teamA, id, {
      business_name: `Renamed in ${status}`,
      email: `${status.toLowerCase()}@renamed.test`,
      value: 1200.5,
      currency: "EUR",
      notes: "still editable",
    });
    assertEquals(
      [edited.business_name, edited.status, Number(edited.value), edited.currency],
      [`Renamed in ${status}`, status, 1200.5, "EUR"],
    );
    if (status === "NEW") continue;
    const label = {
      CONTACTED: "Contacted",
      INTERESTED: "Interested",
      PROPOSAL_SENT: "Proposal sent",
      PAID: "Paid",
      LOST: "Lost",
    }[status];
    const message = `Only leads in New can be deleted; this one is ${label}.`;
    await refused(() => deleteLead(db, t.manager.claims, t.teamA, id), 409, message);
    // the database says the same to anyone who soft-deletes by hand, as a manager or as the service role
    await refused(() => sql(t.manager, "update public.leads set deleted_at = now() where id = $1", [id]), 409, message);
    const error = await assertRejects(() =>
      db.asService("test:delete", (tx) => tx.query("update public.leads set deleted_at = now() where id = $1", [id]))
    );
    assertEquals(error.message, message);
  }
  const fresh = await newLead();
  assertEquals((await deleteLead(db, t.rep.claims, t.teamA, fresh)).id, fresh);
});

Deno.test("status is not directly writable: a legal step by plain update is refused", async () => {
  const id = await newLead();
  await refused(
    () => sql(t.rep, "update public.leads set status = 'CONTACTED' where id = $1", [id]),
    409,
    "Change a lead's status with its status actions, not by editing the lead.",
  );
  assertEquals(await statusOf(id), "NEW");
  // a webhook job moves a lead with app.transition_lead too, and the history names the job
  const [lead] = await db.asService(
    "stripe:webhook",
    (tx) => tx.query<{ status: string }>("select status from app.transition_lead($1, 'CONTACTED')", [id]),
  );
  assertEquals(lead.status, "CONTACTED");
  const history = await leadStatusHistory(db, t.viewer.claims, id);
  assertEquals(history.map((h) => [h.changed_by, h.service_reason]), [[null, "stripe:webhook"]]);
});

Deno.test("status_changed_at follows the status and cannot be written", async () => {
  const id = await newLead();
  const read = async () =>
    (await sql<{ at: Date }>(t.rep, "select status_changed_at as at from public.leads where id = $1", [id]))[0].at;
  const created = await read();
  await sql(t.rep, "update public.leads set status_changed_at = '2000-01-01', city = 'Jaipur' where id = $1", [id]);
  assertEquals((await read()).getTime(), created.getTime());
  await new Promise((r) => setTimeout(r, 5));
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  assert((await read()).getTime() > created.getTime());
});

Deno.test("inserting a lead in any status but NEW is refused", async () => {
  for (const status of LEAD_STATUSES.slice(1)) {
    await refused(
      () => newLead(t.owner, t.teamA, { status }),
      409,
      "A new lead starts in New; move it forward one step at a time.",
    );
  }
  const error = await assertRejects(() =>
    db.asService(
      "test:import",
      (tx) =>
        tx.query("insert into public.leads (team_id, business_name, status) values ($1, 'Imported', 'PAID')", [
          t.teamA,
        ]),
    )
  );
  assertEquals(error.message, "A new lead starts in New; move it forward one step at a time.");
  assert(await newLead(t.rep, t.teamA, { status: "NEW" }));
});

Deno.test("transitionLead: 422 for an unknown status, 404 for unknown, malformed, deleted or other team's leads", async () => {
  const id = await newLead();
  await refused(() => transitionLead(db, t.rep.claims, id, "WON"), 422, /Unknown lead status "WON"/);
  await refused(() => transitionLead(db, t.rep.claims, id, "contacted"), 422);
  await refused(() => transitionLead(db, t.rep.claims, crypto.randomUUID(), "CONTACTED"), 404, "Lead not found.");
  await refused(() => transitionLead(db, t.rep.claims, "not-a-uuid", "CONTACTED"), 404, "Lead not found.");
  await refused(() => transitionLead(db, t.outsider.claims, id, "CONTACTED"), 404, "Lead not found.");
  await refused(
    () => transitionLead(db, t.viewer.claims, id, "CONTACTED"),
    403,
    "Only owners, admins, managers and reps can change a lead's status.",
  );
  await sql(t.rep, "update public.leads set deleted_at = now() where id = $1", [id]);
  await refused(() => transitionLead(db, t.rep.claims, id, "CONTACTED"), 404, "Lead not found.");
  assertEquals(await statusOf(id), "NEW");
});

Deno.test("every writer role can move a lead forward", async () => {
  const id = await newLead();
  for (
    const [who, to] of [[t.owner, "CONTACTED"], [t.admin, "INTERESTED"], [t.manager, "PROPOSAL_SENT"], [
      t.rep,
      "PAID",
    ]] as const
  ) {
    assertEquals((await transitionLead(db, who.claims, id, to)).status, to);
  }
});

Deno.test("history: one row per change, in order, with who made it", async () => {
  const id = await newLead();
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  await transitionLead(db, t.manager.claims, id, "INTERESTED");
  await refused(() => transitionLead(db, t.rep.claims, id, "PAID"), 409);
  await transitionLead(db, t.rep.claims, id, "PROPOSAL_SENT");
  await transitionLead(db, t.owner.claims, id, "PAID");
  const history = await leadStatusHistory(db, t.viewer.claims, id);
  assertEquals(
    history.map((h) => [h.from_status, h.to_status, h.changed_by, h.is_override, h.reason]),
    [
      ["NEW", "CONTACTED", t.rep.id, false, null],
      ["CONTACTED", "INTERESTED", t.manager.id, false, null],
      ["INTERESTED", "PROPOSAL_SENT", t.rep.id, false, null],
      ["PROPOSAL_SENT", "PAID", t.owner.id, false, null],
    ],
  );
  assertEquals(history[0].changed_by_name, "rep");
  assert(history.every((h) => h.lead_id === id && h.created_at instanceof Date));
  // edits that leave the status alone write no history
  await sql(t.rep, "update public.leads set notes = 'called twice' where id = $1", [id]);
  assertEquals((await leadStatusHistory(db, t.rep.claims, id)).length, 4);
  await refused(() => leadStatusHistory(db, t.outsider.claims, id), 404, "Lead not found.");
  await refused(() => leadStatusHistory(db, t.rep.claims, crypto.randomUUID()), 404, "Lead not found.");
});

Deno.test("override: owners and admins set any status with a reason, recorded as an override", async () => {
  const id = await leadAt("CONTACTED");
  const lead = await overrideLeadStatus(db, t.admin.claims, id, "PAID", "  Paid by bank transfer  ");
  assertEquals(lead.status, "PAID");
  // out of PAID and backwards, which the normal flow never allows
  assertEquals((await overrideLeadStatus(db, t.owner.claims, id, "NEW", "Marked paid by mistake")).status, "NEW");
  // after an override the normal flow continues from the new status
  assertEquals((await transitionLead(db, t.rep.claims, id, "CONTACTED")).status, "CONTACTED");
  const history = await leadStatusHistory(db, t.rep.claims, id);
  assertEquals(
    history.map((h) => [h.from_status, h.to_status, h.changed_by, h.is_override, h.reason]),
    [
      ["NEW", "CONTACTED", t.rep.id, false, null],
      ["CONTACTED", "PAID", t.admin.id, true, "Paid by bank transfer"],
      ["PAID", "NEW", t.owner.id, true, "Marked paid by mistake"],
      ["NEW", "CONTACTED", t.rep.id, false, null],
    ],
  );
});

Deno.test("override: managers, reps and viewers are refused; other teams get not found", async () => {
  const id = await leadAt("INTERESTED");
  for (const who of [t.manager, t.rep, t.viewer]) {
    await refused(
      () => overrideLeadStatus(db, who.claims, id, "PAID", "Customer paid cash"),
      403,
      "Only owners and admins can override a lead's status.",
    );
  }
  await refused(
    () => overrideLeadStatus(db, t.outsider.claims, id, "PAID", "Customer paid cash"),
    404,
    "Lead not found.",
  );
  await refused(
    () => overrideLeadStatus(db, t.admin.claims, crypto.randomUUID(), "PAID", "Customer paid cash"),
    404,
    "Lead not found.",
  );
  assertEquals(await statusOf(id), "INTERESTED");
  assertEquals((await leadStatusHistory(db, t.owner.claims, id)).filter((h) => h.is_override), []);
});

Deno.test("override: a reason of at least 5 characters is required, and the status must differ", async () => {
  const id = await leadAt("CONTACTED");
  for (const reason of ["", "   ", "oops", " abc  "]) {
    await refused(
      () => overrideLeadStatus(db, t.admin.claims, id, "PAID", reason),
      422,
      "Give a reason of at least 5 characters for overriding the status.",
    );
  }
  await refused(() => overrideLeadStatus(db, t.admin.claims, id, "DONE", "Valid reason"), 422, /Unknown lead status/);
  // the database refuses too, for callers that skip lib/leads/leads.ts
  for (const reason of [null, "", "oops"]) {
    await refused(
      () => sql(t.admin, "select app.override_lead_status($1, 'PAID', $2)", [id, reason]),
      409,
      "Give a reason of at least 5 characters for overriding the status.",
    );
  }
  await refused(
    () => overrideLeadStatus(db, t.admin.claims, id, "CONTACTED", "Nothing to change"),
    409,
    "This lead is already in Contacted.",
  );
  assertEquals(await statusOf(id), "CONTACTED");
});

Deno.test("override cannot be forged: the permit table is closed to users and permits are one-shot", async () => {
  const id = await newLead();
  const error = await assertRejects(() =>
    sql(
      t.owner,
      "insert into app.lead_status_override_grants (txid, lead_id, to_status, reason) values (txid_current(), $1, 'PAID', 'forged')",
      [id],
    )
  );
  assert(/permission denied/.test(error.message), error.message);
  await refused(() => sql(t.owner, "select * from app.lead_status_override_grants"), 403);
  // a permit is used up by the override's own update: a later plain update to the same status, in the same
  // transaction, is judged by the flow again (INTERESTED -> PROPOSAL_SENT is a legal step, but not by editing)
  const second = await assertRejects(() =>
    db.asUser(t.admin.claims, async (tx) => {
      await tx.query("select app.override_lead_status($1, 'PROPOSAL_SENT', 'Proposal sent by post')", [id]);
      await tx.query("select app.override_lead_status($1, 'INTERESTED', 'Proposal was withdrawn')", [id]);
      await tx.query("update public.leads set status = 'PROPOSAL_SENT' where id = $1", [id]);
    })
  );
  assertEquals(second.message, "Change a lead's status with its status actions, not by editing the lead.");
  assertEquals(await statusOf(id), "NEW");
  const [{ n }] = await db.asService(
    "test:read",
    (tx) => tx.query<{ n: number }>("select count(*)::int as n from app.lead_status_override_grants"),
  );
  assertEquals(n, 0);
});

Deno.test("duplicate email in a workspace is refused with a sentence, case-insensitively", async () => {
  await newLead(t.rep, t.teamA, { email: "Owner@Dental-Jaipur.test" });
  for (const email of ["owner@dental-jaipur.test", "OWNER@DENTAL-JAIPUR.TEST"]) {
    await refused(
      () => newLead(t.manager, t.teamA, { email }),
      409,
      "A lead with this email already exists in this workspace.",
    );
  }
  // changing another lead's email to a taken one is refused the same way
  const other = await newLead(t.rep, t.teamA, { email: "gym@bangalore.test" });
  await refused(
    () => sql(t.rep, "update public.leads set email = 'OWNER@dental-jaipur.test' where id = $1", [other]),
    409,
    "A lead with this email already exists in this workspace.",
  );
  // leads without email never collide
  await newLead(t.rep, t.teamA);
  await newLead(t.rep, t.teamA);
});

Deno.test("duplicate email: allowed in another workspace and after the first lead is soft deleted", async () => {
  const first = await newLead(t.rep, t.teamA, { email: "hello@spice.test" });
  assert(await newLead(t.outsider, t.teamB, { email: "HELLO@spice.test" }));
  await sql(t.rep, "update public.leads set deleted_at = now() where id = $1", [first]);
  const second = await newLead(t.rep, t.teamA, { email: "hello@spice.test" });
  assert(second);
  // bringing the deleted one back would make two: refused
  await refused(
    () => sql(t.rep, "update public.leads set deleted_at = null where id = $1", [first]),
    409,
    "A lead with this email already exists in this workspace.",
  );
  // the unique index backs the trigger for writers that bypass it (e.g. disabled triggers)
  const [index] = await db.asService(
    "test:read",
    (tx) =>
      tx.query<{ def: string }>("select indexdef as def from pg_indexes where indexname = 'leads_team_email_key'"),
  );
  assert(/UNIQUE/.test(index.def) && /lower\(email\)/.test(index.def) && /deleted_at IS NULL/.test(index.def));
});

Deno.test("linked company and contact must be in the same workspace", async () => {
  const [companyB] = await sql<{ id: string }>(
    t.outsider,
    "insert into public.companies (team_id, name) values ($1, 'B Co') returning id",
    [t.teamB],
  );
  const [contactB] = await sql<{ id: string }>(
    t.outsider,
    "insert into public.contacts (team_id, first_name) values ($1, 'Bea') returning id",
    [t.teamB],
  );
  await refused(
    () => newLead(t.rep, t.teamA, { company_id: companyB.id }),
    404,
    "That company does not exist in this workspace.",
  );
  await refused(
    () => newLead(t.rep, t.teamA, { contact_id: contactB.id }),
    404,
    "That contact does not exist in this workspace.",
  );
  const [companyA] = await sql<{ id: string }>(
    t.rep,
    "insert into public.companies (team_id, name) values ($1, 'A Co') returning id",
    [
      t.teamA,
    ],
  );
  const [contactA] = await sql<{ id: string }>(
    t.rep,
    "insert into public.contacts (team_id, first_name, company_id) values ($1, 'Ada', $2) returning id",
    [t.teamA, companyA.id],
  );
  const id = await newLead(t.rep, t.teamA, { company_id: companyA.id, contact_id: contactA.id });
  await refused(
    () => sql(t.rep, "update public.leads set contact_id = $2 where id = $1", [id, contactB.id]),
    404,
    "That contact does not exist in this workspace.",
  );
});

Deno.test("status changes are audited and searchable fields are indexed", async () => {
  const id = await newLead(t.rep, t.teamA, { business_name: "Royal Spice Restaurant", city: "Delhi" });
  await transitionLead(db, t.rep.claims, id, "CONTACTED");
  const audit = await sql<{ action: string }>(
    t.admin,
    "select action from public.audit_logs where table_name = 'leads' and record_id = $1 order by id",
    [id],
  );
  assertEquals(audit.map((a) => a.action), ["INSERT", "UPDATE"]);
  const found = await sql<{ id: string }>(
    t.viewer,
    "select id from public.leads where search @@ to_tsquery('simple', 'spice & delhi') and team_id = $1",
    [t.teamA],
  );
  assertEquals(found.map((f) => f.id), [id]);
});

Deno.test("convert: contact, company and deal made once in the default pipeline's first open stage; again links", async () => {
  const id = await leadAt("INTERESTED", t.rep, {
    business_name: "Lotus Yoga Studio",
    contact_name: "Meera Iyer",
    email: "meera@lotus.test",
    phone: "+91 98 7654 3210",
    city: "Pune",
    value: 4800,
    currency: "INR",
    tags: ["yoga"],
  });
  const first = await convertLead(db, t.rep.claims, t.teamA, id);
  assertEquals([first.created, first.created_contact, first.created_company], [true, true, true]);
  assertEquals([first.deal.name, first.deal.value, first.deal.currency], ["Lotus Yoga Studio", 4800, "INR"]);
  const [stage] = await sql<{ id: string; name: string }>(
    t.rep,
    `select s.id, s.name from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
     where p.team_id = $1 and p.is_default and s.kind = 'open' order by s.position limit 1`,
    [t.teamA],
  );
  assertEquals([first.deal.stage_id, first.deal.stage_name], [stage.id, stage.name]);
  const [contact] = await sql<{ first_name: string; last_name: string; email: string; company_id: string }>(
    t.rep,
    "select first_name, last_name, email, company_id from public.contacts where id = $1",
    [first.contact_id],
  );
  assertEquals(contact, {
    first_name: "Meera",
    last_name: "Iyer",
    email: "meera@lotus.test",
    company_id: first.company_id,
  });
  const [deal] = await sql<{ company_id: string; contact_id: string; tags: string[] }>(
    t.rep,
    "select company_id, contact_id, tags from public.deals where id = $1",
    [first.deal.id],
  );
  assertEquals(deal, { company_id: first.company_id, contact_id: first.contact_id, tags: ["yoga"] });
  const [lead] = await sql<{ deal_id: string; company_id: string; contact_id: string }>(
    t.rep,
    "select deal_id, company_id, contact_id from public.leads where id = $1",
    [id],
  );
  assertEquals(lead, { deal_id: first.deal.id, company_id: first.company_id, contact_id: first.contact_id });

  // a second convert (another writer, later) links to the same deal and makes nothing new
  const second = await convertLead(db, t.manager.claims, t.teamA, id);
  assertEquals([second.created, second.deal.id], [false, first.deal.id]);
  assert(/already converted/.test(second.message), second.message);
  const [{ deals, contacts, companies }] = await sql<{ deals: number; contacts: number; companies: number }>(
    t.rep,
    `select (select count(*)::int from public.deals where name = 'Lotus Yoga Studio') as deals,
            (select count(*)::int from public.contacts where email = 'meera@lotus.test') as contacts,
            (select count(*)::int from public.companies where name = 'Lotus Yoga Studio') as companies`,
  );
  assertEquals([deals, contacts, companies], [1, 1, 1]);
  // two at once still make one deal: the lead row is locked while converting
  const racing = await leadAt("PROPOSAL_SENT", t.rep, { business_name: "Race Co" });
  const both = await Promise.all([
    convertLead(db, t.rep.claims, t.teamA, racing),
    convertLead(db, t.manager.claims, t.teamA, racing),
  ]);
  assertEquals(both.map((c) => c.created).sort(), [false, true]);
  assertEquals(both[0].deal.id, both[1].deal.id);
});

Deno.test("convert: links the contact with the lead's email and the company with its name", async () => {
  const [company] = await sql<{ id: string }>(
    t.rep,
    "insert into public.companies (team_id, name) values ($1, 'Nair Legal') returning id",
    [t.teamA],
  );
  const [contact] = await sql<{ id: string }>(
    t.rep,
    "insert into public.contacts (team_id, first_name, email) values ($1, 'Arjun', 'ARJUN@nair.test') returning id",
    [t.teamA],
  );
  const id = await leadAt("PAID", t.rep, { business_name: "nair legal", email: "arjun@nair.test" });
  const conversion = await convertLead(db, t.rep.claims, t.teamA, id);
  assertEquals([conversion.company_id, conversion.contact_id], [company.id, contact.id]);
  assertEquals([conversion.created_company, conversion.created_contact], [false, false]);
  // no value on the lead: 0, in the team's currency
  assertEquals(conversion.deal.value, 0);
  assert(/^[A-Z]{3}$/.test(conversion.deal.currency), conversion.deal.currency);
});

Deno.test("convert: only from Interested on, never when lost; viewers refused, other teams not found", async () => {
  for (
    const [status, message] of [
      ["NEW", "Only leads that are Interested, Proposal sent or Paid can be converted to a deal; this one is New."],
      ["CONTACTED", /this one is Contacted\.$/],
      ["LOST", "A lost lead cannot be converted to a deal."],
    ] as const
  ) {
    const id = await leadAt(status);
    const error = await refused(() => convertLead(db, t.rep.claims, t.teamA, id), 409, message);
    assertReadable(error.message);
  }
  const id = await leadAt("INTERESTED");
  await refused(
    () => convertLead(db, t.viewer.claims, t.teamA, id),
    403,
    "Only owners, admins, managers and reps can convert a lead.",
  );
  await refused(() => convertLead(db, t.outsider.claims, t.teamB, id), 404, "Lead not found.");
  await refused(() => convertLead(db, t.outsider.claims, t.teamA, id), 404, "Lead not found.");
  await refused(() => convertLead(db, t.rep.claims, t.teamA, "nope"), 404, "Lead not found.");
  const [{ n }] = await sql<{ n: number }>(
    t.rep,
    "select count(*)::int as n from public.deals where team_id = $1 and name like 'Biz %'",
    [t.teamA],
  );
  assertEquals(n, 0, "no refused conversion left a deal behind");
});

Deno.test("a lead's deal must be in its own workspace", async () => {
  const id = await newLead();
  const [dealB] = await sql<{ id: string }>(
    t.outsider,
    "insert into public.deals (team_id, name) values ($1, 'B deal') returning id",
    [t.teamB],
  );
  await refused(
    () => sql(t.rep, "update public.leads set deal_id = $2 where id = $1", [id, dealB.id]),
    404,
    "That deal does not exist in this workspace.",
  );
});
