// The activity timeline: automatic entries for created and changed records, logging calls and notes, filters,
// grouping by day, keyset pages, comments with @mentions, deleting.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { createPerson, createTeamWith, type Person, twoTeams } from "../helpers/fixtures.ts";
import {
  addComment,
  deleteActivity,
  deleteComment,
  editComment,
  getActivity,
  listComments,
  logActivity,
  timeline,
  type TimelineItem,
} from "../../lib/activities/activities.ts";
import type { AppError } from "../../lib/errors.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

const sql = <T>(who: Person, text: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(text, params));
const status = (error: Error) => (error as AppError).status;
const allItems = (tl: { days: { items: TimelineItem[] }[] }) => tl.days.flatMap((d) => d.items);

// A teammate with a two-word name, and someone of team B that team A's comments might try to mention.
const alice = await createPerson(db, "alice@a.test", "Alice Martin");
await db.asService(
  "test:fixtures",
  (tx) =>
    tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [t.teamA, alice.id]),
);
const zed = await createPerson(db, "zed@b.test", "Zed Outsider");
await createTeamWith(db, "Team Z", [[zed, "owner"]]);

const tableExists = async (name: string) =>
  (await db.asService(
    "test:probe",
    (tx) => tx.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [name]),
  ))[0]
    .ok;
const hasLeads = await tableExists("public.leads");
const hasDeals = await tableExists("public.deals");
const hasTasks = await tableExists("public.tasks");

async function newContact(): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t.rep,
    "insert into public.contacts (team_id, first_name, city) values ($1, 'Ann', 'Paris') returning id",
    [t.teamA],
  );
  return row.id;
}

const activitiesOf = (recordId: string) =>
  sql<{ type: string; changes: unknown; actor_id: string | null; is_system: boolean; subject: string }>(
    t.owner,
    "select type, changes, actor_id, is_system, subject from public.activities where record_id = $1 order by occurred_at, type",
    [recordId],
  );

Deno.test("automatic: creating and editing a contact writes 'created' and one 'field_update' with old -> new", async () => {
  const id = await newContact();
  await sql(t.manager, "update public.contacts set city = 'Lyon', job_title = 'CEO', tags = '{vip}' where id = $1", [
    id,
  ]);
  const rows = await activitiesOf(id);
  assertEquals(rows.map((r) => [r.type, r.actor_id, r.is_system]), [
    ["created", t.rep.id, true],
    ["field_update", t.manager.id, true],
  ]);
  assertEquals(rows[1].changes, [
    { field: "city", old: "Paris", new: "Lyon" },
    { field: "job_title", old: null, new: "CEO" },
    { field: "tags", old: [], new: ["vip"] },
  ]);
  assertMatch(rows[1].subject, /city, job_title, tags/);
});

Deno.test("automatic: no entry for an update that changes nothing, nor for bookkeeping or soft delete", async () => {
  const id = await newContact();
  await sql(t.rep, "update public.contacts set city = city where id = $1", [id]);
  await sql(t.manager, "update public.contacts set deleted_at = now() where id = $1", [id]);
  await sql(t.manager, "update public.contacts set deleted_at = null where id = $1", [id]);
  assertEquals((await activitiesOf(id)).map((r) => r.type), ["created"]);
});

Deno.test("automatic: companies are tracked too, with the acting user", async () => {
  const [company] = await sql<{ id: string }>(
    t.admin,
    "insert into public.companies (team_id, name, size) values ($1, 'Acme', '1-10') returning id",
    [t.teamA],
  );
  await sql(t.rep, "update public.companies set size = '11-50', annual_revenue = 1000 where id = $1", [company.id]);
  const rows = await activitiesOf(company.id);
  assertEquals(rows.map((r) => [r.type, r.actor_id]), [["created", t.admin.id], ["field_update", t.rep.id]]);
  assertEquals(rows[1].changes, [
    { field: "annual_revenue", old: null, new: 1000 },
    { field: "size", old: "1-10", new: "11-50" },
  ]);
});

Deno.test("automatic: a contact deleted for good takes its timeline with it", async () => {
  const id = await newContact();
  await logActivity(db, t.rep.claims, t.teamA, { record_type: "contact", record_id: id, type: "note", body: "x" });
  await sql(t.manager, "delete from public.contacts where id = $1", [id]);
  assertEquals(
    (await db.asService("test:probe", (tx) => tx.query("select 1 from public.activities where record_id = $1", [id])))
      .length,
    0,
  );
});

Deno.test({
  name: "automatic: a lead's status change is a 'status_change' entry",
  ignore: !hasLeads, // public.leads comes from the leads migration
  fn: async () => {
    const [lead] = await sql<{ id: string }>(
      t.rep,
      "insert into public.leads (team_id, business_name) values ($1, 'Bakery') returning id",
      [t.teamA],
    );
    await sql(t.rep, "select app.transition_lead($1, 'CONTACTED')", [lead.id]);
    const rows = await activitiesOf(lead.id);
    assertEquals(rows.map((r) => r.type), ["created", "status_change"]);
    assertEquals(rows[1].changes, [{ field: "status", old: "NEW", new: "CONTACTED" }]);
    assertEquals(rows[1].subject, "Status: NEW → CONTACTED");
    assertEquals(rows[1].actor_id, t.rep.id);
  },
});

Deno.test({
  name: "automatic: a deal's stage change is a 'stage_change' entry with stage names",
  ignore: !hasDeals, // public.deals and pipeline_stages come from the deals migration
  fn: async () => {
    const [deal] = await sql<{ id: string }>(
      t.rep,
      "insert into public.deals (team_id, name) values ($1, 'Big one') returning id",
      [t.teamA],
    );
    const [stage] = await sql<{ id: string }>(
      t.rep,
      "select id from public.pipeline_stages where team_id = $1 and name = 'Demo'",
      [t.teamA],
    );
    await sql(t.manager, "update public.deals set stage_id = $2 where id = $1", [deal.id, stage.id]);
    const rows = await activitiesOf(deal.id);
    const change = rows.find((r) => r.type === "stage_change")!;
    assertEquals(change.subject, "Stage: New → Demo");
    const [c] = change.changes as { field: string; old: string; new: string; new_id: string }[];
    assertEquals([c.field, c.old, c.new, c.new_id], ["stage", "New", "Demo", stage.id]);
    assertEquals(change.actor_id, t.manager.id);
    // the probability the stage brought along is a field update of its own; stage_entered_at is bookkeeping
    const update = rows.find((r) => r.type === "field_update")!;
    assertEquals(update.changes, [{ field: "probability", old: 10, new: 40 }]);
  },
});

Deno.test({
  name: "automatic: tasks about a record show as 'task_created' and 'task_completed' on its timeline",
  ignore: !hasTasks, // public.tasks comes from the tasks migration
  fn: async () => {
    const contact = await newContact();
    const [task] = await sql<{ id: string }>(
      t.rep,
      "insert into public.tasks (team_id, title, related_type, related_id) values ($1, 'Call back', 'contact', $2) returning id",
      [t.teamA, contact],
    );
    await sql(t.rep, "update public.tasks set status = 'done' where id = $1", [task.id]);
    assertEquals((await activitiesOf(contact)).map((r) => [r.type, r.subject]), [
      ["created", "Contact created"],
      ["task_created", "Task created: Call back"],
      ["task_completed", "Task completed: Call back"],
    ]);
    assertEquals((await activitiesOf(task.id)).map((r) => r.type), ["created", "task_completed"]);
  },
});

Deno.test("logActivity: a call with duration and outcome, by the signed-in user; HTML becomes text", async () => {
  const contact = await newContact();
  const call = await logActivity(db, t.rep.claims, t.teamA, {
    record_type: "contact",
    record_id: contact,
    type: "call",
    subject: "Intro call",
    body: "<p>Talked about <b>pricing</b></p><script>alert(1)</script>",
    duration_seconds: 300,
    outcome: "connected",
  });
  assertEquals([call.type, call.duration_seconds, call.outcome, call.is_system], ["call", 300, "connected", false]);
  assertEquals(call.body, "Talked about pricing");
  assertEquals(call.actor, { id: t.rep.id, name: "rep" });
  assertEquals([call.can_edit, call.can_delete, call.comment_count], [true, true, 0]);
  assertEquals((await getActivity(db, t.viewer.claims, call.id)).can_delete, false);
});

Deno.test("logActivity: input rules (422) and who may log (403 / 404)", async () => {
  const contact = await newContact();
  const base = { record_type: "contact", record_id: contact, type: "note", body: "hello" };
  const refused = async (claims: typeof t.rep.claims, input: unknown, team = t.teamA) =>
    await assertRejects(() => logActivity(db, claims, team, input));

  for (
    const input of [
      { ...base, type: "field_update" },
      { ...base, type: "created" },
      { ...base, actor_id: t.manager.id },
      { ...base, is_system: true },
      { ...base, duration_seconds: 60 },
      { ...base, type: "call", outcome: "held" },
      { ...base, type: "meeting", outcome: "voicemail" },
      { ...base, body: "", subject: "" },
      { ...base, subject: "x".repeat(201) },
      { ...base, record_type: "invoice" },
    ]
  ) {
    const error = await refused(t.rep.claims, input);
    assertEquals(status(error), 422, `${JSON.stringify(input)}: ${error.message}`);
  }
  assertEquals(status(await refused(t.viewer.claims, base)), 403);
  assertEquals(status(await refused(t.outsider.claims, base)), 403);
  // a record of another team, logged in one's own team
  const [other] = await sql<{ id: string }>(
    t.outsider,
    "insert into public.contacts (team_id, first_name) values ($1, 'B') returning id",
    [t.teamB],
  );
  const error = await refused(t.rep.claims, { ...base, record_id: other.id });
  assertEquals(status(error), 404);
  assertMatch(error.message, /does not exist in this workspace/);
  const meeting = await logActivity(db, t.manager.claims, t.teamA, {
    ...base,
    type: "meeting",
    outcome: "no_show",
    duration_seconds: 1800,
  });
  assertEquals(meeting.outcome, "no_show");
});

Deno.test("timeline: grouped by day (newest first), in the requested time zone, with actor names", async () => {
  const contact = await newContact();
  const log = (who: Person, type: string, occurred_at: string) =>
    logActivity(db, who.claims, t.teamA, { record_type: "contact", record_id: contact, type, body: type, occurred_at });
  await log(t.rep, "call", "2026-03-01T09:00:00Z");
  await log(t.manager, "note", "2026-03-01T23:30:00Z");
  await log(t.rep, "email", "2026-03-03T12:00:00Z");
  const onlyManual = { types: ["call", "note", "email"] as const };

  const utc = await timeline(db, t.viewer.claims, t.teamA, "contact", contact, { types: [...onlyManual.types] });
  assertEquals(utc.days.map((d) => [d.date, d.items.map((i) => i.type)]), [
    ["2026-03-03", ["email"]],
    ["2026-03-01", ["note", "call"]],
  ]);
  assertEquals(utc.days[1].items[0].actor, { id: t.manager.id, name: "manager" });
  assertEquals(utc.next_cursor, null);

  const berlin = await timeline(db, t.viewer.claims, t.teamA, "contact", contact, {
    types: [...onlyManual.types],
    timeZone: "Europe/Berlin",
  });
  assertEquals(berlin.days.map((d) => d.date), ["2026-03-03", "2026-03-02", "2026-03-01"]);
  const error = await assertRejects(() =>
    timeline(db, t.viewer.claims, t.teamA, "contact", contact, { timeZone: "Mars/Base" })
  );
  assertEquals(status(error), 422);
});

Deno.test("timeline: filters by type, person and date range", async () => {
  const contact = await newContact();
  const log = (who: Person, type: string, occurred_at: string) =>
    logActivity(db, who.claims, t.teamA, { record_type: "contact", record_id: contact, type, body: type, occurred_at });
  await log(t.rep, "call", "2026-04-01T10:00:00Z");
  await log(t.manager, "call", "2026-04-02T10:00:00Z");
  await log(t.rep, "note", "2026-04-03T10:00:00Z");
  await log(t.rep, "meeting", "2026-04-05T10:00:00Z");
  const types = (tl: Awaited<ReturnType<typeof timeline>>) =>
    allItems(tl).map((i) => `${i.type}@${i.occurred_at.slice(5, 10)}`);
  const read = (options: Parameters<typeof timeline>[5]) =>
    timeline(db, t.rep.claims, t.teamA, "contact", contact, options);

  assertEquals(types(await read({ types: ["call"] })), ["call@04-02", "call@04-01"]);
  assertEquals(types(await read({ types: ["call"], actorId: t.rep.id })), ["call@04-01"]);
  assertEquals(types(await read({ actorId: t.rep.id, from: "2026-04-02", to: "2026-04-03" })), ["note@04-03"]);
  assertEquals(types(await read({ from: "2026-04-02T10:00:00Z", to: "2026-04-03T10:00:00Z" })), [
    "note@04-03",
    "call@04-02",
  ]);
  assertEquals(types(await read({ types: ["created"] })).length, 1);
  assertEquals(types(await read({ types: ["field_update"] })), []);
  assertEquals(status(await assertRejects(() => read({ types: ["bogus" as "call"] }))), 422);
  assertEquals(status(await assertRejects(() => read({ from: "last week" }))), 422);
  assertEquals(status(await assertRejects(() => read({ actorId: "me" }))), 422);
});

Deno.test("timeline: keyset pages cover every item once, ties on the same instant included", async () => {
  const contact = await newContact();
  const expected: string[] = [];
  for (
    const at of ["2026-05-01T10:00:00Z", "2026-05-01T10:00:00Z", "2026-05-01T10:00:00Z", "2026-05-02T08:00:00.123456Z"]
  ) {
    expected.push(
      (await logActivity(db, t.rep.claims, t.teamA, {
        record_type: "contact",
        record_id: contact,
        type: "note",
        body: "n",
        occurred_at: at,
      })).id,
    );
  }
  for (let i = 0; i < 3; i++) {
    expected.push(
      (await logActivity(db, t.rep.claims, t.teamA, {
        record_type: "contact",
        record_id: contact,
        type: "call",
        subject: `c${i}`,
        occurred_at: `2026-05-0${3 + i}T08:00:00Z`,
      })).id,
    );
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await timeline(db, t.rep.claims, t.teamA, "contact", contact, {
      types: ["note", "call"],
      limit: 2,
      cursor,
    });
    seen.push(...allItems(page).map((i) => i.id));
    cursor = page.next_cursor ?? undefined;
    pages++;
  } while (cursor && pages < 10);
  assertEquals(pages, 4);
  assertEquals(seen.length, 7);
  assertEquals(new Set(seen), new Set(expected));
  // newest first across pages
  const whole = await timeline(db, t.rep.claims, t.teamA, "contact", contact, { types: ["note", "call"] });
  assertEquals(allItems(whole).map((i) => i.id), seen);
  const times = allItems(whole).map((i) => i.occurred_at);
  assertEquals(times, [...times].sort().reverse());
  assertEquals(times[3], "2026-05-02T08:00:00.123456Z");
  assertEquals(
    status(await assertRejects(() => timeline(db, t.rep.claims, t.teamA, "contact", contact, { cursor: "x" }))),
    400,
  );
});

Deno.test("timeline: outsiders see an empty timeline", async () => {
  const contact = await newContact();
  const tl = await timeline(db, t.outsider.claims, t.teamA, "contact", contact);
  assertEquals(tl, { days: [], next_cursor: null });
});

Deno.test("comments: @mentions are stored for teammates only, with tokens to render and a count", async () => {
  const contact = await newContact();
  const note = await logActivity(db, t.rep.claims, t.teamA, {
    record_type: "contact",
    record_id: contact,
    type: "note",
    body: "Met them today",
  });
  const comment = await addComment(
    db,
    t.manager.claims,
    note.id,
    "@Alice Martin and @rep please follow up; @Zed Outsider @zed and @manager are not notified",
  );
  assertEquals(new Set(comment.mentioned_user_ids), new Set([alice.id, t.rep.id]));
  assertEquals(comment.tokens.filter((tk) => tk.type === "mention").map((tk) => tk.text), [
    "@Alice Martin",
    "@rep",
    "@manager",
  ]);
  assertEquals(comment.author, { id: t.manager.id, name: "manager" });
  const stored = await sql<{ mentioned_user_id: string; notified_at: string | null; activity_id: string }>(
    t.viewer,
    "select mentioned_user_id, notified_at, activity_id from public.activity_mentions where comment_id = $1",
    [comment.id],
  );
  assertEquals(new Set(stored.map((m) => m.mentioned_user_id)), new Set([alice.id, t.rep.id]));
  // delivered as they are written (the notifications migration notifies and sets notified_at)
  assert(stored.every((m) => m.notified_at !== null && m.activity_id === note.id));

  await addComment(db, t.rep.claims, note.id, "Will do");
  const thread = await listComments(db, t.viewer.claims, note.id);
  assertEquals(thread.map((c) => c.body.slice(0, 8)), ["@Alice M", "Will do"]);
  assertEquals((await getActivity(db, t.viewer.claims, note.id)).comment_count, 2);

  // editing moves the mentions with the text
  const edited = await editComment(db, t.manager.claims, comment.id, "Only @viewer now");
  assertEquals(edited.mentioned_user_ids, [t.viewer.id]);
  assert(edited.edited_at !== null);
  assertEquals(status(await assertRejects(() => editComment(db, t.rep.claims, comment.id, "mine now"))), 403);

  // viewers read but do not comment; outsiders do not even find the activity
  assertEquals(status(await assertRejects(() => addComment(db, t.viewer.claims, note.id, "hi"))), 403);
  assertEquals(status(await assertRejects(() => addComment(db, t.outsider.claims, note.id, "hi"))), 404);
  assertEquals(status(await assertRejects(() => listComments(db, t.outsider.claims, note.id))), 404);
  assertEquals(status(await assertRejects(() => addComment(db, t.rep.claims, note.id, "   "))), 422);

  // deleting a comment: not someone else's (rep), yes for managers
  const [first] = thread;
  assertEquals(status(await assertRejects(() => deleteComment(db, t.rep.claims, first.id))), 403);
  await deleteComment(db, t.admin.claims, first.id);
  assertEquals((await listComments(db, t.rep.claims, note.id)).length, 1);
});

Deno.test("mentions in a note's own text are stored too (without a comment)", async () => {
  const contact = await newContact();
  const note = await logActivity(db, t.rep.claims, t.teamA, {
    record_type: "contact",
    record_id: contact,
    type: "note",
    body: "@admin see this, also @Zed",
  });
  const rows = await sql<{ mentioned_user_id: string; comment_id: string | null }>(
    t.rep,
    "select mentioned_user_id, comment_id from public.activity_mentions where activity_id = $1",
    [note.id],
  );
  assertEquals(rows, [{ mentioned_user_id: t.admin.id, comment_id: null }]);
});

Deno.test("deleteActivity: authors their own, managers any (system entries included); others get 403", async () => {
  const contact = await newContact();
  const managersNote = await logActivity(db, t.manager.claims, t.teamA, {
    record_type: "contact",
    record_id: contact,
    type: "note",
    body: "manager's",
  });
  const repsNote = await logActivity(db, t.rep.claims, t.teamA, {
    record_type: "contact",
    record_id: contact,
    type: "note",
    body: "rep's",
  });
  assertEquals(status(await assertRejects(() => deleteActivity(db, t.rep.claims, managersNote.id))), 403);
  assertEquals(status(await assertRejects(() => deleteActivity(db, t.viewer.claims, repsNote.id))), 403);
  assertEquals(status(await assertRejects(() => deleteActivity(db, t.outsider.claims, repsNote.id))), 404);
  await deleteActivity(db, t.rep.claims, repsNote.id);
  assertEquals(status(await assertRejects(() => deleteActivity(db, t.rep.claims, repsNote.id))), 404);

  const created = allItems(await timeline(db, t.rep.claims, t.teamA, "contact", contact, { types: ["created"] }))[0];
  assertEquals([created.actor?.id, created.can_delete], [t.rep.id, false]);
  assertEquals(status(await assertRejects(() => deleteActivity(db, t.rep.claims, created.id))), 403);
  await deleteActivity(db, t.manager.claims, created.id);
  await deleteActivity(db, t.manager.claims, managersNote.id);
  assertEquals(allItems(await timeline(db, t.rep.claims, t.teamA, "contact", contact)), []);
});
