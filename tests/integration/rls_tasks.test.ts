// RLS for tasks and task_dependencies: allow and deny, per role and per operation, and for the other team.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

const asUser = <T = Record<string, unknown>>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));

const writers = { owner: t.owner, admin: t.admin, manager: t.manager, rep: t.rep };
const members = { ...writers, viewer: t.viewer };

async function newTask(who: Person, team = t.teamA, title = "Task"): Promise<string> {
  const [row] = await asUser<{ id: string }>(
    who,
    "insert into public.tasks (team_id, title) values ($1, $2) returning id",
    [
      team,
      title,
    ],
  );
  return row.id;
}

const rlsRefusal = /row-level security|permission/;

// tasks -----------------------------------------------------------------------------------------------------

Deno.test("tasks: owners, admins, managers and reps add tasks; viewers and outsiders cannot", async () => {
  for (const [role, who] of Object.entries(writers)) {
    const id = await newTask(who, t.teamA, `by ${role}`);
    const [row] = await asUser<{ owner_id: string; created_by: string }>(
      who,
      "select owner_id, created_by from public.tasks where id = $1",
      [id],
    );
    assertEquals([row.owner_id, row.created_by], [who.id, who.id], role);
  }
  assertMatch((await assertRejects(() => newTask(t.viewer))).message, rlsRefusal);
  assertMatch((await assertRejects(() => newTask(t.outsider, t.teamA))).message, rlsRefusal);
  assertMatch((await assertRejects(() => newTask(t.rep, t.teamB))).message, rlsRefusal);
});

Deno.test("tasks: every member reads their team's tasks, nobody reads the other team's", async () => {
  const a = await newTask(t.rep, t.teamA, "A only");
  const b = await newTask(t.outsider, t.teamB, "B only");
  for (const [role, who] of Object.entries(members)) {
    assertEquals((await asUser(who, "select 1 from public.tasks where id = $1", [a])).length, 1, role);
    assertEquals((await asUser(who, "select 1 from public.tasks where id = $1", [b])).length, 0, role);
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.tasks where id = $1", [a])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.tasks where id = $1", [b])).length, 1);
});

Deno.test("tasks: writers edit; viewers and outsiders change nothing; nobody moves a task to another team", async () => {
  const id = await newTask(t.owner);
  const edit = (who: Person) =>
    asUser(who, "update public.tasks set priority = 'high' where id = $1 returning id", [id]);
  for (const [role, who] of Object.entries(writers)) assertEquals((await edit(who)).length, 1, role);
  assertEquals((await edit(t.viewer)).length, 0);
  assertEquals((await edit(t.outsider)).length, 0);
  await assertRejects(() => asUser(t.owner, "update public.tasks set team_id = $2 where id = $1", [id, t.teamB]));
});

Deno.test("tasks: managers and up delete any task, reps only their own, viewers and outsiders none", async () => {
  const del = (who: Person, id: string) => asUser(who, "delete from public.tasks where id = $1 returning id", [id]);
  const ownersTask = await newTask(t.owner);
  assertEquals((await del(t.rep, ownersTask)).length, 0);
  assertEquals((await del(t.viewer, ownersTask)).length, 0);
  assertEquals((await del(t.outsider, ownersTask)).length, 0);
  assertEquals((await del(t.manager, ownersTask)).length, 1);
  assertEquals((await del(t.rep, await newTask(t.rep))).length, 1);
  assertEquals((await del(t.admin, await newTask(t.rep))).length, 1);
});

Deno.test("tasks: soft delete follows the delete rules", async () => {
  const soft = (who: Person, id: string) =>
    asUser(who, "update public.tasks set deleted_at = now() where id = $1 returning id", [id]);
  const ownersTask = await newTask(t.owner);
  const error = await assertRejects(() => soft(t.rep, ownersTask));
  assertMatch(error.message, /Only managers, admins, owners or the record's owner can delete it/);
  assertEquals((await soft(t.viewer, ownersTask)).length, 0);
  assertEquals((await soft(t.rep, await newTask(t.rep))).length, 1);
  assertEquals((await soft(t.manager, ownersTask)).length, 1);
});

Deno.test("tasks: links stay inside the team (assignee, parent, related record)", async () => {
  const foreignTask = await newTask(t.outsider, t.teamB);
  const [foreignContact] = await asUser<{ id: string }>(
    t.outsider,
    "insert into public.contacts (team_id, first_name) values ($1, 'B') returning id",
    [t.teamB],
  );
  const insert = (column: string, value: unknown, extra = "") =>
    asUser(
      t.rep,
      `insert into public.tasks (team_id, title, ${column}${extra ? ", related_type" : ""})
      values ($1, 'x', $2${extra ? `, '${extra}'` : ""})`,
      [t.teamA, value],
    );
  assertMatch((await assertRejects(() => insert("assignee_id", t.outsider.id))).message, /not a member/);
  assertMatch((await assertRejects(() => insert("parent_id", foreignTask))).message, /parent task does not exist/);
  assertMatch(
    (await assertRejects(() => insert("related_id", foreignContact.id, "contact"))).message,
    /contact does not exist/,
  );
  assertMatch((await assertRejects(() => insert("due_time_zone", "Not/AZone"))).message, /Unknown time zone/);
  await insert("assignee_id", t.viewer.id); // a viewer can be assigned, though not edit
});

Deno.test("tasks: completion is stamped by the database, changes are audited", async () => {
  const id = await newTask(t.rep);
  const [done] = await asUser<{ completed_by: string; completed_at: Date | null }>(
    t.rep,
    "update public.tasks set status = 'done' where id = $1 returning completed_by, completed_at",
    [id],
  );
  assertEquals(done.completed_by, t.rep.id);
  assert(done.completed_at);
  const [reopened] = await asUser<{ completed_at: Date | null }>(
    t.rep,
    "update public.tasks set status = 'todo' where id = $1 returning completed_at",
    [id],
  );
  assertEquals(reopened.completed_at, null);
  const log = await asUser<{ action: string }>(
    t.owner,
    "select action from public.audit_logs where table_name = 'tasks' and record_id = $1 order by id",
    [id],
  );
  assertEquals(log.map((r) => r.action), ["INSERT", "UPDATE", "UPDATE"]);
  assertEquals((await asUser(t.rep, "select 1 from public.audit_logs where record_id = $1", [id])).length, 0);
});

// task_dependencies -------------------------------------------------------------------------------------------

Deno.test("task_dependencies: writers add, members read, viewers and outsiders cannot add", async () => {
  const add = (who: Person, team: string, task: string, blocker: string) =>
    asUser(
      who,
      "insert into public.task_dependencies (team_id, task_id, blocked_by_id) values ($1, $2, $3) returning id",
      [team, task, blocker],
    );
  for (const [role, who] of Object.entries(writers)) {
    const [a, b] = [await newTask(who), await newTask(who)];
    assertEquals((await add(who, t.teamA, a, b)).length, 1, role);
    for (const reader of Object.values(members)) {
      assertEquals(
        (await asUser(reader, "select 1 from public.task_dependencies where task_id = $1", [a])).length,
        1,
      );
    }
    assertEquals(
      (await asUser(t.outsider, "select 1 from public.task_dependencies where task_id = $1", [a])).length,
      0,
    );
  }
  const [a, b] = [await newTask(t.rep), await newTask(t.rep)];
  assertMatch((await assertRejects(() => add(t.viewer, t.teamA, a, b))).message, rlsRefusal);
  assertMatch((await assertRejects(() => add(t.outsider, t.teamA, a, b))).message, rlsRefusal);
  // tasks of another team, in either direction and under either team's id
  const foreign = await newTask(t.outsider, t.teamB);
  assertMatch((await assertRejects(() => add(t.rep, t.teamA, a, foreign))).message, /Both tasks must exist/);
  assertMatch((await assertRejects(() => add(t.outsider, t.teamB, foreign, a))).message, /Both tasks must exist/);
  assertMatch((await assertRejects(() => add(t.rep, t.teamA, a, a))).message, /A task cannot wait for itself/);
});

Deno.test("task_dependencies: writers remove, viewers and outsiders cannot; no edits in place", async () => {
  const [a, b, c] = [await newTask(t.rep), await newTask(t.rep), await newTask(t.rep)];
  await asUser(t.rep, "insert into public.task_dependencies (team_id, task_id, blocked_by_id) values ($1, $2, $3)", [
    t.teamA,
    a,
    b,
  ]);
  const remove = (who: Person) =>
    asUser(who, "delete from public.task_dependencies where task_id = $1 returning id", [a]);
  assertEquals(
    (await asUser(t.rep, "update public.task_dependencies set blocked_by_id = $2 where task_id = $1 returning id", [
      a,
      c,
    ])).length,
    0,
  );
  assertEquals((await remove(t.viewer)).length, 0);
  assertEquals((await remove(t.outsider)).length, 0);
  assertEquals((await remove(t.rep)).length, 1);
});

Deno.test("task_dependencies: a loop is refused even when built directly", async () => {
  const [a, b, c] = [await newTask(t.rep), await newTask(t.rep), await newTask(t.rep)];
  const link = (task: string, blocker: string) =>
    asUser(t.rep, "insert into public.task_dependencies (team_id, task_id, blocked_by_id) values ($1, $2, $3)", [
      t.teamA,
      task,
      blocker,
    ]);
  await link(a, b);
  await link(b, c);
  assertMatch((await assertRejects(() => link(c, a))).message, /wait for each other forever/);
});
