// Tasks end to end on the database: creating, completing repeating tasks, dependencies, subtasks, bulk
// changes and the list views (with time zones).
import { AppError } from "../../lib/errors.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { createPerson, createTeamWith, twoTeams } from "../helpers/fixtures.ts";
import {
  addDependency,
  bulkDelete,
  bulkUpdate,
  completeTask,
  createTask,
  getTask,
  listDependencies,
  listSubtasks,
  removeDependency,
  restoreTask,
  type Task,
  updateTask,
} from "../../lib/tasks/tasks.ts";
import {
  calendarTasks,
  myTasks,
  overdueTasks,
  seriesHeads,
  type TaskPage,
  teamTasks,
  todayTasks,
} from "../../lib/tasks/views.ts";
import { upcomingOccurrences } from "../../lib/tasks/list.ts";
import { presentTasks } from "../../lib/tasks/present.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

/** The HTTP status and message a rejection would become. */
async function refusal(fn: () => Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await assertRejects(fn);
  assert(error instanceof AppError, `expected an AppError, got ${error}`);
  return { status: error.status, message: error.message };
}

const seriesOf = (first: Task) =>
  db.asService("test:series", (tx) =>
    tx.query<{ id: string; due_at: Date; status: string }>(
      "select id, due_at, status from public.tasks where id = $1 or recurrence_parent_id = $1 order by due_at",
      [first.id],
    ));

const [contact] = await db.asUser(
  t.owner.claims,
  (tx) =>
    tx.query<{ id: string }>("insert into public.contacts (team_id, first_name) values ($1, 'Ada') returning id", [
      t.teamA,
    ]),
);
const [otherTeamContact] = await db.asUser(
  t.outsider.claims,
  (tx) =>
    tx.query<{ id: string }>("insert into public.contacts (team_id, first_name) values ($1, 'Bob') returning id", [
      t.teamB,
    ]),
);

// Creating ---------------------------------------------------------------------------------------------

Deno.test("createTask: defaults, owner, related contact, normalized rule", async () => {
  const task = await createTask(db, t.rep.claims, t.teamA, {
    title: "  Call Ada  ",
    related_type: "contact",
    related_id: contact.id,
    due_at: "2027-05-03T09:00:00+02:00",
    due_time_zone: "Europe/Berlin",
    recurrence_rule: "rrule:freq=weekly;byday=mo",
    tags: ["calls"],
  });
  assertEquals(task.title, "Call Ada");
  assertEquals(task.status, "todo");
  assertEquals(task.priority, "medium");
  assertEquals(task.owner_id, t.rep.id);
  assertEquals(task.created_by, t.rep.id);
  assertEquals(task.due_at, "2027-05-03T07:00:00.000Z");
  assertEquals(task.recurrence_rule, "FREQ=WEEKLY;BYDAY=MO");
  assertEquals(task.tags, ["calls"]);
  assertEquals((await getTask(db, t.viewer.claims, task.id)).id, task.id);
});

Deno.test("createTask: an all-day task is due at local midnight of its date", async () => {
  const task = await createTask(db, t.rep.claims, t.teamA, {
    title: "Renewal day",
    due_at: "2027-07-01",
    due_time_zone: "America/New_York",
  });
  assertEquals(task.all_day, true);
  assertEquals(task.due_at, "2027-07-01T04:00:00.000Z");
  const moved = await updateTask(db, t.rep.claims, task.id, { due_at: "2027-12-24T15:30:00Z" });
  assertEquals(moved.due_at, "2027-12-24T05:00:00.000Z");
});

Deno.test("createTask: readable refusals", async () => {
  const bad = (input: Record<string, unknown>) =>
    refusal(() => createTask(db, t.rep.claims, t.teamA, { title: "x", ...input }));
  assertEquals(await bad({ title: " " }), { status: 422, message: "title: Give the task a title." });
  assertEquals((await bad({ due_time_zone: "Mars/Base" })).status, 422);
  assertEquals(await bad({ recurrence_rule: "FREQ=DAILY" }), {
    status: 422,
    message: "A repeating task needs a due date.",
  });
  assertEquals(await bad({ recurrence_rule: "FREQ=FORTNIGHTLY", due_at: "2027-01-01T09:00:00Z" }), {
    status: 422,
    message: "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not FORTNIGHTLY.",
  });
  assertEquals(await bad({ assignee_id: t.outsider.id }), {
    status: 404,
    message: "That person is not a member of this workspace.",
  });
  assertEquals(await bad({ related_type: "contact", related_id: otherTeamContact.id }), {
    status: 404,
    message: "That contact does not exist in this workspace.",
  });
  // leads come from another migration: linking says either "not yet" or "no such lead", never a 500
  const lead = await bad({ related_type: "lead", related_id: crypto.randomUUID() });
  assertMatch(lead.message, /Tasks cannot be linked to a lead yet\.|That lead does not exist in this workspace\./);
  assertEquals(await bad({ related_type: "contact" }), {
    status: 422,
    message: "Some of the values are not allowed. Check the form and try again.",
  });
});

// Completing and repeating ---------------------------------------------------------------------------

Deno.test("completing a repeating task creates exactly one next task, also when completed twice", async () => {
  // Mondays 09:00 Berlin; clocks go forward on Sunday 28 March 2027
  const first = await createTask(db, t.rep.claims, t.teamA, {
    title: "Weekly pipeline review",
    description: "Go through every open deal.",
    priority: "high",
    assignee_id: t.manager.id,
    related_type: "contact",
    related_id: contact.id,
    tags: ["review"],
    estimated_minutes: 30,
    actual_minutes: 45,
    due_at: "2027-03-22T08:00:00Z",
    due_time_zone: "Europe/Berlin",
    recurrence_rule: "FREQ=WEEKLY;BYDAY=MO",
  });
  const now = new Date("2027-03-22T10:00:00Z");
  const done = await completeTask(db, t.rep.claims, first.id, { now });
  assertEquals(done.completed, true);
  assertEquals(done.task.status, "done");
  assertEquals(done.task.completed_by, t.rep.id);
  assert(done.task.completed_at);
  const next = done.next!;
  assertEquals(next.due_at, "2027-03-29T07:00:00.000Z"); // still 09:00 local, now CEST
  assertEquals(next.status, "todo");
  assertEquals(next.recurrence_parent_id, first.id);
  assertEquals(next.recurred_from_id, first.id);
  for (
    const key of ["title", "description", "priority", "assignee_id", "related_type", "related_id", "tags"] as const
  ) {
    assertEquals(next[key], first[key], key);
  }
  assertEquals([next.estimated_minutes, next.actual_minutes, next.recurrence_rule], [30, null, "FREQ=WEEKLY;BYDAY=MO"]);

  const again = await completeTask(db, t.rep.claims, first.id, { now });
  assertEquals(again.completed, false);
  assertEquals(again.next?.id, next.id);
  // reopened and completed again: still no second next task
  await updateTask(db, t.rep.claims, first.id, { status: "todo" });
  assertEquals((await getTask(db, t.rep.claims, first.id)).completed_at, null);
  await updateTask(db, t.rep.claims, first.id, { status: "done" }, { now });
  // two people completing at the same moment
  await Promise.all([
    completeTask(db, t.rep.claims, next.id, { now }),
    completeTask(db, t.owner.claims, next.id, { now }),
  ]);
  const series = await seriesOf(first);
  assertEquals(series.map((r) => r.due_at.toISOString()), [
    "2027-03-22T08:00:00.000Z",
    "2027-03-29T07:00:00.000Z",
    "2027-04-05T07:00:00.000Z",
  ]);
  assertEquals(series.map((r) => r.status), ["done", "done", "todo"]);
});

Deno.test("repeating: overdue tasks continue from now; COUNT ends the series; all-day and New York DST", async () => {
  // daily 09:00 New York, completed four days late across the 14 March 2027 switch
  const late = await createTask(db, t.rep.claims, t.teamA, {
    title: "Inbox zero",
    due_at: "2027-03-10T14:00:00Z",
    due_time_zone: "America/New_York",
    recurrence_rule: "FREQ=DAILY",
  });
  const { next } = await completeTask(db, t.rep.claims, late.id, { now: new Date("2027-03-14T12:00:00Z") });
  assertEquals(next?.due_at, "2027-03-14T13:00:00.000Z");

  const twice = await createTask(db, t.rep.claims, t.teamA, {
    title: "Two check-ins",
    due_at: "2027-06-01T09:00:00Z",
    recurrence_rule: "FREQ=WEEKLY;COUNT=2",
  });
  const now = new Date("2027-05-01T00:00:00Z");
  const second = (await completeTask(db, t.rep.claims, twice.id, { now })).next!;
  assertEquals(second.due_at, "2027-06-08T09:00:00.000Z");
  assertEquals((await completeTask(db, t.rep.claims, second.id, { now })).next, null);

  const allDay = await createTask(db, t.rep.claims, t.teamA, {
    title: "Month end close",
    due_at: "2027-10-31",
    all_day: true,
    due_time_zone: "Europe/Berlin",
    recurrence_rule: "FREQ=MONTHLY;BYMONTHDAY=-1",
  });
  assertEquals(allDay.due_at, "2027-10-30T22:00:00.000Z");
  const nextMonth = (await completeTask(db, t.rep.claims, allDay.id, { now })).next!;
  assertEquals([nextMonth.all_day, nextMonth.due_at], [true, "2027-11-29T23:00:00.000Z"]);
});

Deno.test("a repeating task's next occurrence drops an assignee who left the team", async () => {
  const temp = await createPerson(db, "temp@a.test");
  await db.asService(
    "test:join",
    (tx) =>
      tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [t.teamA, temp.id]),
  );
  const task = await createTask(db, t.rep.claims, t.teamA, {
    title: "Handover",
    assignee_id: temp.id,
    due_at: "2027-01-04T09:00:00Z",
    recurrence_rule: "FREQ=DAILY",
  });
  await db.asService(
    "test:leave",
    (tx) => tx.query("delete from public.team_members where team_id = $1 and user_id = $2", [t.teamA, temp.id]),
  );
  const { next } = await completeTask(db, t.rep.claims, task.id, { now: new Date("2027-01-01T00:00:00Z") });
  assertEquals([next?.due_at, next?.assignee_id], ["2027-01-05T09:00:00.000Z", null]);
});

// Dependencies ------------------------------------------------------------------------------------------

Deno.test("dependencies block completion until the blocker is done; cycles are refused", async () => {
  const [a, b, c] = await Promise.all(
    ["Send contract", "Get legal approval", "Draft contract"].map((title) =>
      createTask(db, t.rep.claims, t.teamA, { title })
    ),
  );
  await addDependency(db, t.rep.claims, a.id, b.id);
  await addDependency(db, t.rep.claims, a.id, b.id); // again: no-op
  await addDependency(db, t.rep.claims, b.id, c.id);
  const deps = await listDependencies(db, t.viewer.claims, b.id);
  assertEquals([deps.blockedBy.map((x) => x.id), deps.blocking.map((x) => x.id)], [[c.id], [a.id]]);

  assertEquals(await refusal(() => completeTask(db, t.rep.claims, a.id)), {
    status: 409,
    message: "Finish “Get legal approval” first: it blocks this task.",
  });
  // the rule holds for any writer, not only this module
  await assertRejects(() =>
    db.asUser(t.owner.claims, (tx) => tx.query("update public.tasks set status = 'done' where id = $1", [b.id]))
  );
  assertEquals(await refusal(() => addDependency(db, t.rep.claims, c.id, a.id)), {
    status: 409,
    message: "That would make the tasks wait for each other forever.",
  });
  assertEquals(await refusal(() => addDependency(db, t.rep.claims, a.id, a.id)), {
    status: 409,
    message: "A task cannot wait for itself.",
  });

  await completeTask(db, t.rep.claims, c.id);
  await completeTask(db, t.rep.claims, b.id);
  assertEquals((await completeTask(db, t.rep.claims, a.id)).task.status, "done");

  // cancelled blockers no longer block; removed ones neither
  const [x, y, z] = await Promise.all(["x", "y", "z"].map((title) => createTask(db, t.rep.claims, t.teamA, { title })));
  await addDependency(db, t.rep.claims, x.id, y.id);
  await addDependency(db, t.rep.claims, x.id, z.id);
  await updateTask(db, t.rep.claims, y.id, { status: "cancelled" });
  assertEquals(
    (await refusal(() => completeTask(db, t.rep.claims, x.id))).message,
    "Finish “z” first: it blocks this task.",
  );
  assertEquals(await removeDependency(db, t.rep.claims, x.id, z.id), { removed: true });
  assertEquals((await completeTask(db, t.rep.claims, x.id)).completed, true);
});

Deno.test("dependencies: other teams' tasks are not found; viewers cannot add", async () => {
  const mine = await createTask(db, t.rep.claims, t.teamA, { title: "Mine" });
  const theirs = await createTask(db, t.outsider.claims, t.teamB, { title: "Theirs" });
  assertEquals((await refusal(() => addDependency(db, t.rep.claims, mine.id, theirs.id))).status, 404);
  assertEquals((await refusal(() => addDependency(db, t.outsider.claims, theirs.id, mine.id))).status, 404);
  const other = await createTask(db, t.rep.claims, t.teamA, { title: "Other" });
  assertEquals((await refusal(() => addDependency(db, t.viewer.claims, mine.id, other.id))).status, 403);
});

// Subtasks -------------------------------------------------------------------------------------------------

Deno.test("subtasks: listed under their parent, same team only, no loops", async () => {
  const parent = await createTask(db, t.rep.claims, t.teamA, { title: "Onboard Acme" });
  const one = await createTask(db, t.rep.claims, t.teamA, { title: "Kick-off call", parent_id: parent.id });
  const two = await createTask(db, t.rep.claims, t.teamA, { title: "Send welcome pack", parent_id: parent.id });
  assertEquals((await listSubtasks(db, t.viewer.claims, parent.id)).map((s) => s.id), [one.id, two.id]);
  const grandchild = await createTask(db, t.rep.claims, t.teamA, { title: "Book room", parent_id: one.id });
  assertEquals(await refusal(() => updateTask(db, t.rep.claims, parent.id, { parent_id: grandchild.id })), {
    status: 409,
    message: "A task cannot be a subtask of its own subtask.",
  });
  const foreign = await createTask(db, t.outsider.claims, t.teamB, { title: "B parent" });
  assertEquals(await refusal(() => createTask(db, t.rep.claims, t.teamA, { title: "sneaky", parent_id: foreign.id })), {
    status: 404,
    message: "That parent task does not exist in this workspace.",
  });
  await bulkDelete(db, t.rep.claims, t.teamA, [two.id]);
  assertEquals((await listSubtasks(db, t.rep.claims, parent.id)).map((s) => s.id), [one.id]);
  assertEquals((await refusal(() => listSubtasks(db, t.outsider.claims, parent.id))).status, 404);
});

// Bulk -------------------------------------------------------------------------------------------------------

Deno.test("bulk: assign, reschedule (all-day keeps local midnight), complete a chain, delete", async () => {
  const timed = await createTask(db, t.rep.claims, t.teamA, { title: "bulk timed", due_at: "2027-02-01T09:00:00Z" });
  const allDay = await createTask(db, t.rep.claims, t.teamA, {
    title: "bulk all-day",
    due_at: "2027-02-01",
    due_time_zone: "Asia/Tokyo",
  });
  const repeating = await createTask(db, t.rep.claims, t.teamA, {
    title: "bulk repeating",
    due_at: "2027-02-01T09:00:00Z",
    recurrence_rule: "FREQ=DAILY",
  });
  await addDependency(db, t.rep.claims, timed.id, repeating.id);
  const ids = [timed.id, allDay.id, repeating.id];
  const foreign = await createTask(db, t.outsider.claims, t.teamB, { title: "not yours" });

  assertEquals(
    (await bulkUpdate(db, t.rep.claims, t.teamA, [...ids, foreign.id], { assignee_id: t.manager.id })).updated,
    3,
  );
  assertEquals((await getTask(db, t.outsider.claims, foreign.id)).assignee_id, null);
  await bulkUpdate(db, t.rep.claims, t.teamA, ids, { due_at: "2027-03-01T20:00:00Z" });
  const after = await Promise.all(ids.map((id) => getTask(db, t.rep.claims, id)));
  assertEquals(after.map((x) => [x.assignee_id, x.due_at]), [
    [t.manager.id, "2027-03-01T20:00:00.000Z"],
    [t.manager.id, "2027-03-01T15:00:00.000Z"], // 2 March in Tokyo
    [t.manager.id, "2027-03-01T20:00:00.000Z"],
  ]);
  assertEquals(
    (await refusal(() => bulkUpdate(db, t.rep.claims, t.teamA, [repeating.id], { due_at: null }))).status,
    422,
  );

  // the blocker (repeating) is completed first, so the whole selection completes
  const done = await bulkUpdate(db, t.rep.claims, t.teamA, ids, { status: "done" }, {
    now: new Date("2027-01-01T00:00:00Z"),
  });
  assertEquals(done.created.map((x) => [x.title, x.due_at]), [["bulk repeating", "2027-03-02T20:00:00.000Z"]]);
  assertEquals((await Promise.all(ids.map((id) => getTask(db, t.rep.claims, id)))).map((x) => x.status), [
    "done",
    "done",
    "done",
  ]);

  assertEquals((await refusal(() => bulkUpdate(db, t.viewer.claims, t.teamA, ids, { status: "todo" }))).status, 403);
  assertEquals((await refusal(() => bulkUpdate(db, t.rep.claims, t.teamA, [], { status: "todo" }))).status, 422);
  assertEquals((await refusal(() => bulkUpdate(db, t.rep.claims, t.teamA, ids, {}))).status, 422);

  // a rep may delete only their own tasks: all or nothing
  const ownersTask = await createTask(db, t.owner.claims, t.teamA, { title: "owner's" });
  assertEquals((await refusal(() => bulkDelete(db, t.rep.claims, t.teamA, [...ids, ownersTask.id]))).status, 403);
  assertEquals((await getTask(db, t.rep.claims, timed.id)).deleted_at, null);
  assertEquals(await bulkDelete(db, t.manager.claims, t.teamA, [...ids, ownersTask.id, foreign.id]), { deleted: 4 });
  assertEquals((await refusal(() => getTask(db, t.rep.claims, timed.id))).status, 404);
  assertEquals((await restoreTask(db, t.rep.claims, timed.id)).deleted_at, null);
  assertEquals((await getTask(db, t.outsider.claims, foreign.id)).deleted_at, null);
});

// Views -------------------------------------------------------------------------------------------------------

Deno.test("views: my tasks, team, overdue and today in the viewer's time zone, calendar; keyset pages", async () => {
  // a team of its own, so other tests' tasks do not show up
  const lead = await createPerson(db, "lead@c.test");
  const seller = await createPerson(db, "seller@c.test");
  const team = await createTeamWith(db, "Team C", [[lead, "owner"], [seller, "rep"]]);
  const make = (title: string, input: Record<string, unknown>) =>
    createTask(db, lead.claims, team, { title, assignee_id: seller.id, ...input });
  const now = new Date("2027-06-15T12:00:00Z"); // Tuesday noon UTC; 08:00 New York; Wednesday 00:00 Auckland
  await make("t1 this morning", { due_at: "2027-06-15T10:00:00Z" });
  await make("t2 tonight", { due_at: "2027-06-15T20:00:00Z" });
  await make("t3 after midnight UTC", { due_at: "2027-06-16T02:00:00Z" });
  await make("t4 yesterday all day", { due_at: "2027-06-14", due_time_zone: "Europe/Berlin" });
  await make("t5 today all day", { due_at: "2027-06-15", due_time_zone: "America/New_York" });
  await make("t6 someday", { assignee_id: lead.id });
  await make("t7 done", { due_at: "2027-06-14T09:00:00Z", status: "done" });
  const t8 = await make("t8 deleted", { due_at: "2027-06-15T11:00:00Z" });
  await bulkDelete(db, lead.claims, team, [t8.id]);
  const ids = (page: TaskPage) => page.data.map((x) => x.title.split(" ")[0]);
  const at = { now };

  assertEquals(ids(await overdueTasks(db, seller.claims, team, { ...at, timeZone: "UTC" })), ["t4", "t1"]);
  // in Auckland it is already Wednesday: yesterday's all-day task is overdue too
  assertEquals(ids(await overdueTasks(db, seller.claims, team, { ...at, timeZone: "Pacific/Auckland" })), [
    "t4",
    "t5",
    "t1",
  ]);
  assertEquals(ids(await todayTasks(db, seller.claims, team, { ...at, timeZone: "UTC" })), ["t5", "t1", "t2"]);
  assertEquals(ids(await todayTasks(db, seller.claims, team, { ...at, timeZone: "America/New_York" })), [
    "t5",
    "t1",
    "t2",
    "t3",
  ]);
  // without a zone: the viewer's profile zone
  await db.asUser(
    seller.claims,
    (tx) => tx.query("update public.profiles set timezone = 'America/New_York' where id = $1", [seller.id]),
  );
  assertEquals(ids(await todayTasks(db, seller.claims, team, at)), ["t5", "t1", "t2", "t3"]);
  assertEquals(ids(await todayTasks(db, seller.claims, team, { ...at, status: ["done"], timeZone: "UTC" })), []);

  // My tasks, two per page
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: TaskPage = await myTasks(db, seller.claims, team, { limit: 2, cursor });
    pages.push(ids(page));
    cursor = page.next_cursor;
  } while (cursor);
  assertEquals(pages, [["t4", "t5"], ["t1", "t2"], ["t3"]]);
  assertEquals(ids(await myTasks(db, lead.claims, team)), ["t6"]);

  // Team: undated tasks last, and the cursor carries over onto them
  const first = await teamTasks(db, lead.claims, team, { limit: 5 });
  assertEquals(ids(first), ["t4", "t5", "t1", "t2", "t3"]);
  assertEquals(ids(await teamTasks(db, lead.claims, team, { limit: 5, cursor: first.next_cursor })), ["t6"]);
  assertEquals(ids(await teamTasks(db, lead.claims, team, { assigneeId: lead.id })), ["t6"]);
  assertEquals(ids(await teamTasks(db, lead.claims, team, { status: ["done"] })), ["t7"]);

  // Calendar: any status, within the range
  const range = { from: new Date("2027-06-14T00:00:00Z"), to: new Date("2027-06-17T00:00:00Z") };
  const cal = await calendarTasks(db, lead.claims, team, { ...range, limit: 3 });
  assertEquals(ids(cal), ["t7", "t5", "t1"]);
  assertEquals(ids(await calendarTasks(db, lead.claims, team, { ...range, cursor: cal.next_cursor })), ["t2", "t3"]);

  // RLS: another team sees nothing; bad input is a 400
  assertEquals((await teamTasks(db, t.outsider.claims, team)).data, []);
  assertEquals((await refusal(() => teamTasks(db, lead.claims, team, { cursor: "nonsense" }))).status, 400);
  assertEquals((await refusal(() => todayTasks(db, lead.claims, team, { timeZone: "Nowhere/City" }))).status, 400);
  assertEquals(
    (await refusal(() => calendarTasks(db, lead.claims, team, { from: range.to, to: range.from }))).status,
    400,
  );
});

// Issue 9: weekly default day, upcoming occurrences, subtasks' parents ------------------------------------

Deno.test("a weekly rule without days repeats on the due date's weekday in the task's zone", async () => {
  // Tuesday 23:30 UTC is Wednesday 01:30 in Berlin
  const task = await createTask(db, t.rep.claims, t.teamA, {
    title: "Weekly without days",
    due_at: "2027-06-01T23:30:00Z",
    due_time_zone: "Europe/Berlin",
    recurrence_rule: "FREQ=WEEKLY",
  });
  assertEquals(task.recurrence_rule, "FREQ=WEEKLY;BYDAY=WE");
  // moving the due date keeps a day the rule names
  const moved = await updateTask(db, t.rep.claims, task.id, { due_at: "2027-06-04T09:00:00Z" });
  assertEquals(moved.recurrence_rule, "FREQ=WEEKLY;BYDAY=WE");
});

Deno.test("upcoming occurrences: open repeating tasks expand into the range, once per series, same team only", async () => {
  const lead = await createPerson(db, "lead@occ.test");
  const team = await createTeamWith(db, "Team Occ", [[lead, "owner"]]);
  const weekly = await createTask(db, lead.claims, team, {
    title: "Weekly sync",
    due_at: "2030-05-06T09:00:00Z", // a Monday
    recurrence_rule: "FREQ=WEEKLY;BYDAY=MO",
  });
  await createTask(db, lead.claims, team, {
    title: "Three check-ins",
    due_at: "2030-05-07T10:00:00Z",
    recurrence_rule: "FREQ=DAILY;COUNT=3",
  });
  await createTask(db, lead.claims, team, { title: "One-off", due_at: "2030-05-08T10:00:00Z" });
  const range = { from: new Date("2030-05-01T00:00:00Z"), to: new Date("2030-05-22T00:00:00Z") };
  const now = new Date("2030-04-01T00:00:00Z");
  const dates = async () =>
    (await upcomingOccurrences(db, lead.claims, team, range, "UTC", now)).map((o) => `${o.title}@${o.due_date}`);
  assertEquals(await dates(), [
    "Three check-ins@2030-05-08",
    "Three check-ins@2030-05-09",
    "Weekly sync@2030-05-13",
    "Weekly sync@2030-05-20",
  ]);
  // completing the weekly task creates next week's task: the series now goes on from that one
  const { next } = await completeTask(db, lead.claims, weekly.id, { now });
  assertEquals(next?.due_at, "2030-05-13T09:00:00.000Z");
  const heads = await seriesHeads(db, lead.claims, team, { to: range.to });
  assertEquals(heads.map((h) => [h.task.title, h.occurrence]), [["Three check-ins", 1], ["Weekly sync", 2]]);
  assertEquals((await dates()).filter((d) => d.startsWith("Weekly")), ["Weekly sync@2030-05-20"]);
  // another team sees none of it
  assertEquals(await upcomingOccurrences(db, t.outsider.claims, team, range, "UTC", now), []);
});

Deno.test("subtasks are presented with their parent's title", async () => {
  const parent = await createTask(db, t.rep.claims, t.teamA, { title: "Launch webinar" });
  const child = await createTask(db, t.rep.claims, t.teamA, { title: "Book speaker", parent_id: parent.id });
  const [row] = await presentTasks(db, t.rep.claims, [child], "UTC");
  assertEquals(row.parent_title, "Launch webinar");
  assertEquals((await presentTasks(db, t.rep.claims, [parent], "UTC"))[0].parent_title, null);
});
