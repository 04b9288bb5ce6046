// Task pages over plain form posts (no JavaScript): create with a repeat, see it in the views, complete it
// from the list and undo, edit, subtasks, blockers, delete and restore, the calendar, and who may.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { WebClient } from "../helpers/web-client.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const [{ id: carolId }] = await server.db.asService(
  "test:ids",
  (tx) => tx.query<{ id: string }>("select id from auth.users where email = 'carol@acme.test'"),
);

const idFrom = (location: string | null) => {
  assertMatch(location ?? "", /^\/tasks\/[0-9a-f-]{36}$/);
  return location!.split("/").pop()!;
};

Deno.test("create a repeating task with the form, complete it from the list, undo, edit", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const form = await web.get("/tasks/new?due=2030-03-04");
  assertEquals(form.status, 200);
  assertMatch(form.html, /name="repeat"/);
  assertMatch(form.html, /value="2030-03-04"/);

  const bad = await web.post("/tasks/new", {
    title: "Weekly pipeline review",
    due_date: "2030-03-04",
    due_time: "09:00",
    due_time_zone: "Europe/Berlin",
    repeat: "custom",
    recurrence_rule: "FREQ=WEEKLY;BYDAY=XX",
  });
  assertEquals(bad.status, 422);
  assertMatch(bad.html, /BYDAY takes weekdays like MO,WE/);
  assertMatch(bad.html, /value="Weekly pipeline review"/, "what was typed stays");

  const noDays = await web.post("/tasks/new", { title: "x", repeat: "weekly" });
  assertEquals(noDays.status, 422);
  assertMatch(noDays.html, /Pick at least one weekday/);

  const created = await web.post("/tasks/new", {
    title: "Weekly pipeline review",
    due_date: "2030-03-04",
    due_time: "09:00",
    due_time_zone: "Europe/Berlin",
    priority: "high",
    assignee_id: carolId,
    repeat: "weekly",
    repeat_interval: "1",
    repeat_weekdays: ["MO", "WE"],
    tags: "pipeline, weekly",
    subtasks: "Update the forecast\nCheck stale deals",
  });
  assertEquals(created.status, 303);
  const id = idFrom(created.location);
  const page = await web.get(created.location!);
  assertMatch(page.html, /Every week on Mon, Wed/);
  assertMatch(page.html, /Update the forecast/);
  assertMatch(page.html, /0 of 2 done/);
  assertMatch(page.html, /Europe\/Berlin|Europe\/Berlin/);

  const list = await web.get("/tasks");
  assertMatch(list.html, /Weekly pipeline review/);
  assertMatch(list.html, /title="Every week on Mon, Wed"/);
  assertMatch(list.html, /0\/2/);

  const done = await web.post("/tasks", { action: "complete", id, view: "my" });
  assertEquals(done.status, 303);
  assertMatch(done.location!, /notice=Completed/);
  assertMatch(done.location!, new RegExp(`undo=reopen%3A${id}`));
  const after = await web.get(done.location!);
  assertMatch(after.html, /The next one is on the list/);
  // the next one: Wednesday 09:00 Berlin = 08:00 in the viewer's UTC
  assertMatch(after.html, /Wed 6 Mar 2030 08:00|6 Mar 2030 08:00/);

  const undo = await web.post("/tasks", { action: "reopen", id, view: "my" });
  assertMatch(undo.location!, /notice=Reopened/);
  const reopened = await web.get("/tasks");
  assertEquals((reopened.html.match(/>Weekly pipeline review</g) ?? []).length, 1, "the untouched next one is gone");

  const edit = await web.get(`/tasks/${id}/edit`);
  assertMatch(edit.html, /value="09:00"/);
  assertMatch(edit.html, /<option value="weekly" selected/);
  const saved = await web.post(`/tasks/${id}/edit`, {
    title: "Weekly pipeline review (team)",
    due_date: "2030-03-04",
    due_time: "10:00",
    due_time_zone: "Europe/Berlin",
    priority: "urgent",
    assignee_id: carolId,
    repeat: "monthly_weekday",
    repeat_interval: "1",
    repeat_nth: "-1",
    repeat_weekday: "FR",
  });
  assertEquals(saved.status, 303);
  const show = await web.get(`/tasks/${id}`);
  assertMatch(show.html, /Every month on the last Friday/);
  assertMatch(show.html, /Urgent/);
});

Deno.test("subtasks, blockers, delete and restore on the task page; the calendar", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const blocker = idFrom((await web.post("/tasks/new", { title: "Legal review", due_date: "2030-04-01" })).location);
  const task = idFrom(
    (await web.post("/tasks/new", { title: "Sign the contract", due_date: "2030-04-02", blocked_by: blocker }))
      .location,
  );
  const page = await web.get(`/tasks/${task}`);
  assertMatch(page.html, /Waits for/);
  assertMatch(page.html, /Legal review/);

  const refused = await web.post(`/tasks/${task}`, { action: "complete" });
  assertMatch(decodeURIComponent(refused.location!.replaceAll("+", " ")), /Finish “Legal review” first/);
  assertMatch((await web.get(refused.location!)).html, /Finish “Legal review” first/);

  await web.post(`/tasks/${task}`, { action: "add_subtask", title: "Print two copies" });
  assertMatch((await web.get(`/tasks/${task}`)).html, /Print two copies/);
  await web.post(`/tasks/${task}`, { action: "remove_dependency", blocked_by_id: blocker });
  const done = await web.post(`/tasks/${task}`, { action: "complete" });
  assertMatch(done.location!, /notice=Completed/);

  const deleted = await web.post(`/tasks/${task}`, { action: "delete" });
  assertEquals(deleted.location, `/tasks/${task}?deleted`);
  assertMatch((await web.get(deleted.location!)).html, /This task was deleted/);
  assertEquals((await web.get(`/tasks/${task}`)).status, 404);
  assertEquals((await web.post(`/tasks/${task}`, { action: "restore" })).location, `/tasks/${task}`);
  assertEquals((await web.get(`/tasks/${task}`)).status, 200);

  const calendar = await web.get("/tasks?view=calendar&date=2030-04-15");
  assertMatch(calendar.html, /April 2030/);
  assertMatch(calendar.html, /data-date="2030-04-01"[^]*?Legal review/);
  const week = await web.get("/tasks?view=calendar&mode=week&date=2030-04-02");
  assertMatch(week.html, /1 – 7 Apr 2030/);
  assertMatch(week.html, /Sign the contract/);

  for (const view of ["team", "overdue", "today"]) assertEquals((await web.get(`/tasks?view=${view}`)).status, 200);
  assertEquals((await web.get(`/tasks?task=${task}`)).location, `/tasks/${task}`);
  assertEquals((await web.get(`/tasks/${crypto.randomUUID()}`)).status, 404);
  assertEquals((await web.get("/tasks/not-an-id")).status, 404);
});

Deno.test("empty views say so; a viewer sees tasks but no way to change them", async () => {
  const web = new WebClient(server.url);
  await web.login("bob@acme.test");
  assertMatch((await web.get("/tasks?view=today")).html, /Nothing due today/);
  assertMatch((await web.get("/tasks?view=overdue")).html, /Nothing overdue/);
  await server.db.asService("test:role", (tx) =>
    tx.query(
      "update public.team_members set role = 'viewer' where user_id = (select id from auth.users where email = 'bob@acme.test')",
    ));
  try {
    const team = await web.get("/tasks?view=team");
    assert(!team.html.includes("New task"), "no new-task button for viewers");
    assertMatch(team.html, /Sign the contract|Weekly pipeline review|Legal review/);
    const post = await web.post("/tasks/new", { title: "Viewer task" });
    assertEquals(post.status, 422);
    assertMatch(post.html, /permission/);
  } finally {
    await server.db.asService("test:role", (tx) =>
      tx.query(
        "update public.team_members set role = 'manager' where user_id = (select id from auth.users where email = 'bob@acme.test')",
      ));
  }
});

// Issue 9 ---------------------------------------------------------------------------------------------------

/** The opening tags of a list's task rows, in the order shown (attribute order is the renderer's). */
const rowTags = (html: string) => [...html.matchAll(/<li [^>]*class="task-row[^"]*"[^>]*>/g)].map((m) => m[0]);
const rowIds = (html: string) => rowTags(html).map((tag) => tag.match(/data-id="([0-9a-f-]{36})"/)![1]);
/** The HTML of one calendar day. */
const calendarDay = (html: string, date: string) => html.split(`data-date="${date}"`)[1]?.split("data-date=")[0] ?? "";

Deno.test("My tasks: subtasks sit under their parent; one whose parent is elsewhere names it", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const parent = idFrom(
    (await web.post("/tasks/new", {
      title: "Plan the offsite",
      due_date: "2030-06-10",
      assignee_id: carolId,
      subtasks: "Book the venue\nSend the invites",
    })).location,
  );
  const subtasks = await server.db.asService(
    "test:subtasks",
    (tx) =>
      tx.query<{ id: string }>("select id from public.tasks where parent_id = $1 order by created_at, id", [parent]),
  );
  // a parent that is someone else's, with a subtask for Carol
  const others = idFrom(
    (await web.post("/tasks/new", { title: "Quarterly board pack", due_date: "2030-06-01" })).location,
  );
  await web.post(`/tasks/${others}`, { action: "add_subtask", title: "Carol's slides", assignee_id: carolId });
  await web.post(`/tasks/${others}/edit`, { title: "Quarterly board pack", due_date: "2030-06-01", assignee_id: "" });

  const list = await web.get("/tasks?view=my");
  const order = rowIds(list.html);
  const at = order.indexOf(parent);
  assert(at >= 0, "the parent is listed");
  assertEquals(
    order.slice(at + 1, at + 3).sort(),
    subtasks.map((s) => s.id).sort(),
    "subtasks right under the parent",
  );
  for (const { id } of subtasks) {
    const tag = rowTags(list.html).find((t) => t.includes(id))!;
    assertMatch(tag, /class="task-row is-subtask"/);
    assertMatch(tag, new RegExp(`data-parent-id="${parent}"`));
  }
  assertMatch(list.html, /Subtask of “Plan the offsite”:/);
  assert(!order.includes(others), "the other parent is not Carol's");
  assertMatch(
    list.html,
    new RegExp(`href="/tasks/${others}"[^>]*><span class="task-parent-label">Subtask of</span> Quarterly board pack`),
  );
});

Deno.test("the calendar shows a weekly task's upcoming occurrences, not as tasks", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const id = idFrom(
    (await web.post("/tasks/new", {
      title: "Weekly standup",
      due_date: "2031-01-06", // a Monday
      due_time: "09:00",
      due_time_zone: "UTC",
      assignee_id: carolId,
      repeat: "weekly",
      repeat_interval: "1",
    })).location,
  );
  // no day ticked: the due date's weekday
  assertMatch((await web.get(`/tasks/${id}`)).html, /Every week on Mon/);
  const thisWeek = calendarDay((await web.get("/tasks?view=calendar&mode=week&date=2031-01-06")).html, "2031-01-06");
  assertMatch(thisWeek, /Weekly standup/);
  assert(!thisWeek.includes("data-upcoming"), "the task itself is a task");
  const nextWeek = calendarDay((await web.get("/tasks?view=calendar&mode=week&date=2031-01-13")).html, "2031-01-13");
  assertMatch(nextWeek, new RegExp(`<a href="/tasks/${id}" data-upcoming="true"[^>]*class="[^"]*is-upcoming`));
  assertMatch(nextWeek, /Upcoming occurrence:.*Weekly standup/);
  const month = await web.get("/tasks?view=calendar&date=2031-01-15");
  // January 2031: the task on the 6th, then the 13th, 20th and 27th
  assertEquals((month.html.match(/data-upcoming="true"[^>]*title="Weekly standup/g) ?? []).length, 3);
});
