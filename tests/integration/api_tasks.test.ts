// /api/v1/tasks over HTTP: every view, creating and completing repeating tasks (once, twice, undone),
// dependencies, subtasks, bulk actions, and who may see and change what.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const carol = await ApiClient.signIn(server.url, "carol@acme.test");
const [{ team_id: acme, carol_id: carolId }] = await server.db.asService(
  "test:ids",
  (tx) =>
    tx.query<{ team_id: string; carol_id: string }>(
      `select m.team_id, u.id as carol_id from public.team_members m join auth.users u on u.id = m.user_id
     where u.email = 'carol@acme.test'`,
    ),
);

/** A person with the demo password, in a team with a role (or in their own new team). */
async function member(email: string, role: string | null): Promise<ApiClient> {
  const person = await createPerson(server.db, email);
  await server.db.asService("test:password", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      person.id,
    ]);
    if (role) {
      await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, $3)", [
        acme,
        person.id,
        role,
      ]);
    }
  });
  if (!role) await server.db.asUser({ sub: person.id }, (tx) => tx.query("select app.create_team('Other Co')"));
  return await ApiClient.signIn(server.url, email);
}

const today = new Date().toISOString().slice(0, 10);
const ids = (page: { data: { id: string }[] }) => page.data.map((t) => t.id);

Deno.test("views: my, team, overdue, today and calendar, with cursors", async () => {
  const make = async (title: string, extra: Record<string, unknown>) => {
    const res = await carol.post("/api/v1/tasks", { title, assignee_id: carolId, ...extra });
    assertEquals(res.status, 201, JSON.stringify(res.json));
    return res.json.data;
  };
  const late = await make("Send the overdue quote", { due_at: "2020-01-06T09:00:00Z", priority: "high" });
  const now = await make("Call back today", { due_at: today });
  const later = await make("Prepare the QBR", { due_at: "2030-01-10T15:00:00+01:00", due_time_zone: "Europe/Paris" });
  const theirs = await alice.post("/api/v1/tasks", { title: "Alice's own task" });

  assert(late.overdue, "presented as overdue");
  assertMatch(late.due_label, /6 Jan 2020 09:00/);
  assertEquals(now.due_label, "Today");
  assertEquals(now.all_day, true);

  const my = (await carol.get("/api/v1/tasks?view=my&tz=UTC")).json;
  for (const t of [late, now, later]) assert(ids(my).includes(t.id));
  assert(!ids(my).includes(theirs.json.data.id), "my tasks are only mine");
  assertEquals(ids(my).indexOf(late.id) < ids(my).indexOf(later.id), true, "soonest first");

  const team = (await alice.get("/api/v1/tasks?view=team")).json;
  assert(ids(team).includes(theirs.json.data.id) && ids(team).includes(late.id));

  const overdue = ids((await carol.get("/api/v1/tasks?view=overdue&tz=UTC")).json);
  assert(overdue.includes(late.id) && !overdue.includes(now.id) && !overdue.includes(later.id));
  const todays = ids((await carol.get("/api/v1/tasks?view=today&tz=UTC")).json);
  assert(todays.includes(now.id) && !todays.includes(late.id));

  const calendar = (await carol.get("/api/v1/tasks?view=calendar&from=2030-01-01&to=2030-02-01")).json;
  assertEquals(ids(calendar), [later.id]);
  assertEquals(calendar.data[0].due_date, "2030-01-10");
  assertEquals((await carol.get("/api/v1/tasks?view=calendar")).status, 400);
  assertEquals((await carol.get("/api/v1/tasks?view=calendar&from=2030-01-01&to=2030-06-01")).status, 400);
  assertEquals((await carol.get("/api/v1/tasks?view=someday")).status, 400);

  const first = (await carol.get("/api/v1/tasks?view=my&limit=1")).json;
  assertEquals(first.data.length, 1);
  assert(first.next_cursor);
  const second = (await carol.get(`/api/v1/tasks?view=my&limit=1&cursor=${first.next_cursor}`)).json;
  assert(second.data[0].id !== first.data[0].id);
});

Deno.test("a weekly repeat on Mon+Wed: completing creates the next one once, undo and redo keep one", async () => {
  const created = await carol.post("/api/v1/tasks", {
    title: "Weekly pipeline review",
    due_at: "2030-03-04T09:00:00+01:00",
    due_time_zone: "Europe/Berlin",
    recurrence_rule: "FREQ=WEEKLY;BYDAY=MO,WE",
  });
  assertEquals(created.status, 201);
  const task = created.json.data;
  assertEquals(task.repeat_text, "Every week on Mon, Wed");

  const done = await carol.post(`/api/v1/tasks/${task.id}/complete`);
  assertEquals(done.status, 200);
  assertEquals(done.json.completed, true);
  assertEquals(done.json.data.status, "done");
  const next = done.json.next;
  assertEquals(next.due_at, "2030-03-06T08:00:00.000Z", "Wednesday 09:00 in Berlin");
  assertEquals(next.recurred_from_id, task.id);

  const again = await carol.post(`/api/v1/tasks/${task.id}/complete`);
  assertEquals(again.json.completed, false);
  assertEquals(again.json.next.id, next.id, "completing twice gives one next task");

  const reopened = await carol.post(`/api/v1/tasks/${task.id}/reopen`);
  assertEquals(reopened.json.data.status, "todo");
  assertEquals(reopened.json.removed_next, next.id);
  assertEquals((await carol.get(`/api/v1/tasks/${next.id}`)).status, 404, "the untouched next one is put away");
  const redone = await carol.post(`/api/v1/tasks/${task.id}/complete`);
  assertEquals(redone.json.next.id, next.id, "and comes back on the next completion");
  assertEquals((await carol.get(`/api/v1/tasks/${next.id}`)).json.data.deleted_at, null);
  const series = await server.db.asService(
    "test:series",
    (tx) => tx.query("select id from public.tasks where id = $1 or recurrence_parent_id = $1", [task.id]),
  );
  assertEquals(series.length, 2);

  const patched = await carol.patch(`/api/v1/tasks/${next.id}`, { recurrence_rule: "FREQ=MONTHLY;BYMONTHDAY=31" });
  assertEquals(patched.json.data.repeat_text, "Every month on the 31st");
  const bad = await carol.patch(`/api/v1/tasks/${next.id}`, { recurrence_rule: "FREQ=HOURLY" });
  assertEquals(bad.status, 422);
  assertMatch(bad.json.error.message, /at most once a day/);
  const nonsense = await carol.post("/api/v1/tasks", { title: "x", due_at: today, recurrence_rule: "EVERY=TUESDAY" });
  assertEquals(nonsense.status, 422);
  const undated = await carol.post("/api/v1/tasks", { title: "x", recurrence_rule: "FREQ=DAILY" });
  assertEquals(undated.status, 422);
  assertMatch(undated.json.error.message, /needs a due date/);
});

Deno.test("dependencies block completion with a 409 that names the blocker; subtasks", async () => {
  const a = (await carol.post("/api/v1/tasks", { title: "Sign the contract" })).json.data;
  const b = (await carol.post("/api/v1/tasks", { title: "Legal review" })).json.data;
  const dep = await carol.post(`/api/v1/tasks/${a.id}/dependencies`, { blocked_by_id: b.id });
  assertEquals(dep.status, 201);
  const loop = await carol.post(`/api/v1/tasks/${b.id}/dependencies`, { blocked_by_id: a.id });
  assertEquals(loop.status, 409);
  assertEquals((await carol.get(`/api/v1/tasks/${a.id}`)).json.data.blocked_by, ["Legal review"]);

  const refused = await carol.post(`/api/v1/tasks/${a.id}/complete`);
  assertEquals(refused.status, 409);
  assertMatch(refused.json.error.message, /Finish “Legal review” first/);
  const deps = (await carol.get(`/api/v1/tasks/${a.id}/dependencies`)).json.data;
  assertEquals(deps.blocked_by.map((t: { id: string }) => t.id), [b.id]);
  assertEquals((await carol.get(`/api/v1/tasks/${b.id}/dependencies`)).json.data.blocking[0].id, a.id);

  // Both selected: the blocker is completed first, so the whole bulk works.
  const bulk = await carol.post("/api/v1/tasks/bulk", { action: "complete", ids: [a.id, b.id] });
  assertEquals(bulk.status, 200);
  assertEquals(bulk.json.data.updated, 2);
  assertEquals((await carol.get(`/api/v1/tasks/${a.id}`)).json.data.status, "done");
  assertEquals((await carol.delete(`/api/v1/tasks/${a.id}/dependencies/${b.id}`)).json.data.removed, true);

  const parent = (await carol.post("/api/v1/tasks", { title: "Onboard Globex", assignee_id: carolId })).json.data;
  for (const title of ["Kick-off call", "Send the welcome pack"]) {
    assertEquals((await carol.post(`/api/v1/tasks/${parent.id}/subtasks`, { title })).status, 201);
  }
  const subs = (await carol.get(`/api/v1/tasks/${parent.id}/subtasks`)).json.data;
  assertEquals(subs.map((s: { title: string }) => s.title), ["Kick-off call", "Send the welcome pack"]);
  assertEquals(subs[0].assignee_id, carolId, "subtasks go to the parent's assignee");
  await carol.post(`/api/v1/tasks/${subs[0].id}/complete`);
  const progress = (await carol.get(`/api/v1/tasks/${parent.id}`)).json.data;
  assertEquals([progress.subtasks_done, progress.subtasks_total], [1, 2]);
});

Deno.test("bulk: assign, reschedule (keeping the time of day), complete repeating, delete and restore", async () => {
  const bob = await ApiClient.signIn(server.url, "bob@acme.test");
  const bobId = (await bob.get("/auth/v1/user")).json.id;
  const timed = (await carol.post("/api/v1/tasks", {
    title: "Timed",
    due_at: "2030-05-02T14:30:00+02:00",
    due_time_zone: "Europe/Berlin",
  })).json.data;
  const allDay = (await carol.post("/api/v1/tasks", { title: "All day", due_at: "2030-05-02" })).json.data;
  const daily = (await carol.post("/api/v1/tasks", {
    title: "Daily standup notes",
    due_at: "2030-05-02",
    recurrence_rule: "FREQ=DAILY",
  })).json.data;
  const selection = [timed.id, allDay.id, daily.id];

  const assigned = await carol.post("/api/v1/tasks/bulk", { action: "assign", ids: selection, assignee_id: bobId });
  assertEquals(assigned.json.data.updated, 3);
  assertEquals((await carol.get(`/api/v1/tasks/${timed.id}`)).json.data.assignee_name, "Bob Okafor");

  const moved = await carol.post("/api/v1/tasks/bulk", { action: "reschedule", ids: selection, date: "2030-11-20" });
  assertEquals(moved.json.data.updated, 3);
  assertEquals((await carol.get(`/api/v1/tasks/${timed.id}`)).json.data.due_at, "2030-11-20T13:30:00.000Z");
  const movedAllDay = (await carol.get(`/api/v1/tasks/${allDay.id}?tz=America/New_York`)).json.data;
  assertEquals([movedAllDay.due_date, movedAllDay.all_day], ["2030-11-20", true]);

  const completed = await carol.post("/api/v1/tasks/bulk", { action: "complete", ids: selection });
  assertEquals(completed.json.data.updated, 3);
  assertEquals(completed.json.data.created.length, 1);
  assertEquals(completed.json.data.created[0].due_date, "2030-11-21");

  const deleted = await carol.post("/api/v1/tasks/bulk", { action: "delete", ids: [timed.id, allDay.id] });
  assertEquals(deleted.json.data.deleted, 2);
  assertEquals((await carol.get(`/api/v1/tasks/${timed.id}`)).status, 404);
  const restored = await carol.post("/api/v1/tasks/bulk", { action: "restore", ids: [timed.id, allDay.id] });
  assertEquals(restored.json.data.restored, 2);
  assertEquals((await carol.get(`/api/v1/tasks/${timed.id}`)).status, 200);

  assertEquals((await carol.post("/api/v1/tasks/bulk", { action: "explode", ids: selection })).status, 422);
  assertEquals((await carol.post("/api/v1/tasks/bulk", { action: "complete", ids: [] })).status, 422);
  assertEquals((await carol.post("/api/v1/tasks/bulk", { action: "reschedule", ids: selection })).status, 422);
});

Deno.test("another team's tasks are 404; a viewer reads but cannot write (403)", async () => {
  const task = (await carol.post("/api/v1/tasks", { title: "Acme secret plan", due_at: today })).json.data;
  const zoe = await member("zoe@other.test", null);
  assertEquals((await zoe.get(`/api/v1/tasks/${task.id}`)).status, 404);
  assertEquals((await zoe.patch(`/api/v1/tasks/${task.id}`, { title: "Mine" })).status, 404);
  assertEquals((await zoe.post(`/api/v1/tasks/${task.id}/complete`)).status, 404);
  assertEquals((await zoe.delete(`/api/v1/tasks/${task.id}`)).status, 404);
  assertEquals((await zoe.post(`/api/v1/tasks/${task.id}/restore`)).status, 404);
  assertEquals((await zoe.get(`/api/v1/tasks/${task.id}/subtasks`)).status, 404);
  assert(!ids((await zoe.get("/api/v1/tasks?view=team")).json).includes(task.id));
  const bulk = await zoe.post("/api/v1/tasks/bulk", { action: "complete", ids: [task.id] });
  assertEquals(bulk.json.data.updated, 0, "other teams' ids are left alone");
  assertEquals((await carol.get(`/api/v1/tasks/${task.id}`)).json.data.status, "todo");

  const vic = await member("vic@acme.test", "viewer");
  assertEquals((await vic.get(`/api/v1/tasks/${task.id}`)).status, 200);
  assertEquals((await vic.post("/api/v1/tasks", { title: "Viewer task" })).status, 403);
  assertEquals((await vic.patch(`/api/v1/tasks/${task.id}`, { title: "No" })).status, 403);
  assertEquals((await vic.post(`/api/v1/tasks/${task.id}/complete`)).status, 403);
  assertEquals((await vic.post("/api/v1/tasks/bulk", { action: "complete", ids: [task.id] })).status, 403);
  assertEquals(
    (await vic.post("/api/v1/tasks/bulk", { action: "reschedule", ids: [task.id], date: today })).status,
    403,
  );
  assertEquals((await vic.delete(`/api/v1/tasks/${task.id}`)).status, 403);

  const unauthenticated = await fetch(`${server.url}/api/v1/tasks`);
  assertEquals(unauthenticated.status, 401);
  await unauthenticated.body?.cancel();
  const doc = (await alice.get("/api/v1/openapi.json")).json;
  assert(doc.paths["/api/v1/tasks/{id}/complete"] && doc.paths["/api/v1/tasks/bulk"]);
});

Deno.test("calendar: upcoming occurrences of repeating tasks; a weekly rule without days takes the due date's", async () => {
  const weekly = await carol.post("/api/v1/tasks", {
    title: "Friday wrap-up",
    due_at: "2032-02-06T16:00:00Z", // a Friday
    recurrence_rule: "FREQ=WEEKLY",
  });
  assertEquals(weekly.status, 201);
  assertEquals(weekly.json.data.recurrence_rule, "FREQ=WEEKLY;BYDAY=FR");
  assertEquals(weekly.json.data.repeat_text, "Every week on Fri");
  const page = await carol.get("/api/v1/tasks?view=calendar&from=2032-02-01&to=2032-02-29&tz=UTC");
  assertEquals(page.status, 200);
  assert(ids(page.json).includes(weekly.json.data.id), "the task itself is in data");
  const mine = page.json.occurrences.filter((o: { task_id: string }) => o.task_id === weekly.json.data.id);
  assertEquals(mine.map((o: { due_date: string; due_time: string }) => `${o.due_date} ${o.due_time}`), [
    "2032-02-13 16:00",
    "2032-02-20 16:00",
    "2032-02-27 16:00",
  ]);
  // later pages of the same range carry no occurrences; other views none at all
  assertEquals((await carol.get("/api/v1/tasks?view=team")).json.occurrences, undefined);
});

Deno.test("a teammate's local time shows with its zone; a subtask names its parent", async () => {
  await server.db.asService(
    "test:zone",
    (tx) => tx.query("update public.profiles set timezone = 'America/New_York' where id = $1", [carolId]),
  );
  try {
    const task = await alice.post("/api/v1/tasks", {
      title: "Call Globex",
      due_at: "2032-01-15T14:00:00Z",
      assignee_id: carolId,
    });
    assertEquals(task.json.data.assignee_time, "15 Jan 2032 09:00 EST");
    const child = await alice.post("/api/v1/tasks", { title: "Prepare notes", parent_id: task.json.data.id });
    assertEquals(child.json.data.parent_title, "Call Globex");
    // Carol's own view of her task: her own time, no "their time"
    assertEquals((await carol.get(`/api/v1/tasks/${task.json.data.id}`)).json.data.assignee_time, null);
  } finally {
    await server.db.asService(
      "test:zone",
      (tx) => tx.query("update public.profiles set timezone = 'UTC' where id = $1", [carolId]),
    );
  }
});
