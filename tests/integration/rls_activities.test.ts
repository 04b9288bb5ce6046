// RLS for activities, activity_comments and activity_mentions: allow and deny, per operation, for every role
// of team A and for team B's owner. Straight SQL as each user, so the database (not lib/) is what is tested.
import { assert, assertEquals, assertMatch, assertRejects } from "../helpers/assert.ts";
import { freshDb } from "../helpers/template.ts";
import { type Person, twoTeams } from "../helpers/fixtures.ts";

const db = await freshDb();
const t = await twoTeams(db);
Deno.test.afterAll?.(() => db.close());

const asUser = <T>(who: Person, sql: string, params: unknown[] = []) =>
  db.asUser(who.claims, (tx) => tx.query<T>(sql, params));

const teamA = [t.owner, t.admin, t.manager, t.rep, t.viewer] as const;
const writers = [t.owner, t.admin, t.manager, t.rep] as const;
const managersUp = [t.owner, t.admin, t.manager] as const;
const name = (p: Person) => p.email.split("@")[0] + (p === t.outsider ? " (team B)" : "");

const [contact] = await asUser<{ id: string }>(
  t.rep,
  "insert into public.contacts (team_id, first_name) values ($1, 'Ann') returning id",
  [t.teamA],
);
const [contactB] = await asUser<{ id: string }>(
  t.outsider,
  "insert into public.contacts (team_id, first_name) values ($1, 'Bea') returning id",
  [t.teamB],
);

const insertActivity = (who: Person, fields: Record<string, unknown> = {}) =>
  asUser<{ id: string }>(
    who,
    `insert into public.activities (team_id, record_type, record_id, type, body, actor_id, is_system)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      fields.team_id ?? t.teamA,
      fields.record_type ?? "contact",
      fields.record_id ?? contact.id,
      fields.type ?? "note",
      fields.body ?? `by ${name(who)}`,
      fields.actor_id ?? who.id,
      fields.is_system ?? false,
    ],
  );
const noteBy = async (who: Person) => (await insertActivity(who))[0].id;
const systemEntry = async () =>
  (await asUser<{ id: string }>(
    t.owner,
    "select id from public.activities where record_id = $1 and type = 'created'",
    [contact.id],
  ))[0].id;

const insertComment = (who: Person, activityId: string, authorId = who.id, team = t.teamA) =>
  asUser<{ id: string }>(
    who,
    "insert into public.activity_comments (team_id, activity_id, author_id, body) values ($1, $2, $3, 'c') returning id",
    [team, activityId, authorId],
  );
const insertMention = (who: Person, activityId: string, commentId: string | null, userId: string, by = who.id) =>
  asUser<{ id: string }>(
    who,
    `insert into public.activity_mentions (team_id, activity_id, comment_id, mentioned_user_id, mentioned_by)
     values ($1, $2, $3, $4, $5) returning id`,
    [t.teamA, activityId, commentId, userId, by],
  );

// Activities ---------------------------------------------------------------------------------------------
Deno.test("activities: every member of the team reads them; team B sees none", async () => {
  const id = await noteBy(t.rep);
  for (const who of teamA) {
    assertEquals((await asUser(who, "select 1 from public.activities where id = $1", [id])).length, 1, name(who));
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.activities where team_id = $1", [t.teamA])).length, 0);
  assertEquals((await asUser(t.outsider, "select 1 from public.activity_comments")).length, 0);
});

Deno.test("activities: writers log manual entries; viewers and team B cannot", async () => {
  for (const who of writers) {
    for (const type of ["call", "email", "meeting", "note"]) {
      assertEquals((await insertActivity(who, { type })).length, 1, `${name(who)} ${type}`);
    }
  }
  const viewer = await assertRejects(() => insertActivity(t.viewer, { type: "call" }));
  assertMatch(viewer.message, /permission/);
  await assertRejects(() => insertActivity(t.outsider));
  // team B's owner logging on a team A record from their own team is refused as well
  const error = await assertRejects(() => insertActivity(t.outsider, { team_id: t.teamB }));
  assertMatch(error.message, /does not exist in this workspace/);
  assertEquals((await insertActivity(t.outsider, { team_id: t.teamB, record_id: contactB.id })).length, 1);
});

Deno.test("activities: a manual entry cannot claim a system type, is_system or another actor", async () => {
  for (const type of ["created", "field_update", "status_change", "stage_change", "task_created", "task_completed"]) {
    await assertRejects(() => insertActivity(t.rep, { type, is_system: true }), `${type} with is_system`);
    await assertRejects(() => insertActivity(t.rep, { type }), `${type} without is_system`);
  }
  await assertRejects(() => insertActivity(t.rep, { is_system: true }));
  const spoof = await assertRejects(() => insertActivity(t.rep, { actor_id: t.manager.id }));
  assertMatch(spoof.message, /permission/);
  await assertRejects(() => insertActivity(t.owner, { actor_id: t.rep.id }));
  // the default actor is the signed-in user
  const [row] = await asUser<{ actor_id: string }>(
    t.rep,
    `insert into public.activities (team_id, record_type, record_id, type, body)
     values ($1, 'contact', $2, 'note', 'x') returning actor_id`,
    [t.teamA, contact.id],
  );
  assertEquals(row.actor_id, t.rep.id);
});

Deno.test("activities: authors edit their own manual entries; nobody rewrites someone else's or a system entry", async () => {
  const repsNote = await noteBy(t.rep);
  const edit = (who: Person, id: string) =>
    asUser(who, "update public.activities set body = $2 where id = $1 returning id", [id, `edited by ${name(who)}`]);
  assertEquals((await edit(t.rep, repsNote)).length, 1);
  assertEquals(await edit(t.admin, repsNote).catch((e: Error) => e.message), "Only the author can edit this activity.");
  for (const who of [t.viewer, t.outsider]) assertEquals((await edit(who, repsNote)).length, 0, name(who));
  const managersNote = await noteBy(t.manager);
  assertEquals((await edit(t.rep, managersNote)).length, 0);

  const created = await systemEntry();
  for (const who of [t.rep, t.viewer, t.outsider]) assertEquals((await edit(who, created)).length, 0, name(who));
  for (const who of managersUp) await assertRejects(() => edit(who, created), name(who));

  // what an entry is about, who wrote it and its kind never change, even for its author
  const moved = await assertRejects(() =>
    asUser(t.rep, "update public.activities set record_id = gen_random_uuid() where id = $1", [repsNote])
  );
  assertMatch(moved.message, /cannot be changed/);
  await assertRejects(() =>
    asUser(t.rep, "update public.activities set type = 'field_update' where id = $1", [repsNote])
  );
  await assertRejects(() =>
    asUser(t.rep, "update public.activities set actor_id = $2 where id = $1", [repsNote, t.admin.id])
  );
});

Deno.test("activities: delete (soft or hard) is for the author or managers and up", async () => {
  const softDelete = (who: Person, id: string) =>
    asUser(who, "update public.activities set deleted_at = now() where id = $1 returning id", [id]);
  const hardDelete = (who: Person, id: string) =>
    asUser(who, "delete from public.activities where id = $1 returning id", [id]);

  // a rep cannot delete another person's note, nor can viewers or team B; the author can
  const managersNote = await noteBy(t.manager);
  for (const who of [t.rep, t.viewer, t.outsider]) {
    assertEquals((await softDelete(who, managersNote)).length, 0, name(who));
    assertEquals((await hardDelete(who, managersNote)).length, 0, name(who));
  }
  assertEquals((await hardDelete(t.manager, managersNote)).length, 1);
  const repsNote = await noteBy(t.rep);
  assertEquals((await softDelete(t.rep, repsNote)).length, 1);

  for (const who of managersUp) {
    assertEquals((await softDelete(who, await noteBy(t.rep))).length, 1, name(who));
    assertEquals((await hardDelete(who, await noteBy(t.rep))).length, 1, name(who));
  }

  // automatic entries: managers and up only, even when the rep made the change
  const created = await systemEntry();
  for (const who of [t.rep, t.viewer, t.outsider]) assertEquals((await hardDelete(who, created)).length, 0, name(who));
  assertEquals((await softDelete(t.admin, created)).length, 1);
});

// Comments ---------------------------------------------------------------------------------------------
Deno.test("comments: members read, writers comment as themselves; viewers, spoofers and team B cannot", async () => {
  const note = await noteBy(t.rep);
  for (const who of writers) assertEquals((await insertComment(who, note)).length, 1, name(who));
  for (const who of teamA) {
    assertEquals(
      (await asUser(who, "select 1 from public.activity_comments where activity_id = $1", [note])).length,
      4,
      name(who),
    );
  }
  assertEquals(
    (await asUser(t.outsider, "select 1 from public.activity_comments where activity_id = $1", [note])).length,
    0,
  );
  await assertRejects(() => insertComment(t.viewer, note));
  await assertRejects(() => insertComment(t.outsider, note));
  await assertRejects(() => insertComment(t.rep, note, t.manager.id));
  // into team B with team A's activity: the activity is not in that team
  const error = await assertRejects(() => insertComment(t.outsider, note, t.outsider.id, t.teamB));
  assertMatch(error.message, /does not exist in this workspace/);
  // not on a deleted activity
  await asUser(t.rep, "update public.activities set deleted_at = now() where id = $1", [note]);
  await assertRejects(() => insertComment(t.rep, note));
});

Deno.test("comments: authors edit their own; managers and up delete any; others neither", async () => {
  const note = await noteBy(t.rep);
  const [repsComment] = await insertComment(t.rep, note);
  const edit = (who: Person) =>
    asUser(who, "update public.activity_comments set body = $2 where id = $1 returning id, edited_at", [
      repsComment.id,
      `edited by ${name(who)}`,
    ]);
  const [edited] = await edit(t.rep) as { edited_at: string | null }[];
  assert(edited.edited_at !== null, "edited_at is set");
  for (const who of [t.viewer, t.outsider]) assertEquals((await edit(who)).length, 0, name(who));
  const [adminsComment] = await insertComment(t.admin, note);
  assertEquals(
    (await asUser(t.rep, "update public.activity_comments set body = 'x' where id = $1 returning id", [
      adminsComment.id,
    ])).length,
    0,
  );
  for (const who of managersUp) await assertRejects(() => edit(who), name(who));
  await assertRejects(() =>
    asUser(t.rep, "update public.activity_comments set author_id = $2 where id = $1", [repsComment.id, t.admin.id])
  );

  const hardDelete = (who: Person, id: string) =>
    asUser(who, "delete from public.activity_comments where id = $1 returning id", [id]);
  for (const who of [t.rep, t.viewer, t.outsider]) assertEquals((await hardDelete(who, adminsComment.id)).length, 0);
  assertEquals((await hardDelete(t.rep, repsComment.id)).length, 1);
  for (const who of managersUp) {
    const [c] = await insertComment(t.rep, note);
    assertEquals(
      (await asUser(who, "update public.activity_comments set deleted_at = now() where id = $1 returning id", [c.id]))
        .length,
      1,
      name(who),
    );
    assertEquals((await hardDelete(who, c.id)).length, 1, name(who));
  }
});

// Mentions ---------------------------------------------------------------------------------------------
Deno.test("mentions: teammates only, in what one wrote oneself; readable by the team, not by team B", async () => {
  const note = await noteBy(t.rep);
  const [comment] = await insertComment(t.rep, note);
  const [mention] = await insertMention(t.rep, note, comment.id, t.manager.id);
  assert(mention.id);
  for (const who of teamA) {
    assertEquals((await asUser(who, "select 1 from public.activity_mentions where id = $1", [mention.id])).length, 1);
  }
  assertEquals((await asUser(t.outsider, "select 1 from public.activity_mentions")).length, 0);

  // a user of another team cannot be mentioned
  const outsider = await assertRejects(() => insertMention(t.rep, note, comment.id, t.outsider.id));
  assertMatch(outsider.message, /only mention people in this workspace/);
  // not in someone else's comment, not as someone else, not by viewers or team B
  const [adminsComment] = await insertComment(t.admin, note);
  const notMine = await assertRejects(() => insertMention(t.rep, note, adminsComment.id, t.viewer.id));
  assertMatch(notMine.message, /what you wrote yourself/);
  await assertRejects(() => insertMention(t.rep, note, comment.id, t.viewer.id, t.admin.id));
  await assertRejects(() => insertMention(t.viewer, note, comment.id, t.rep.id));
  await assertRejects(() => insertMention(t.outsider, note, comment.id, t.rep.id));
  // in the note's own text: only its author
  assertEquals((await insertMention(t.rep, note, null, t.admin.id)).length, 1);
  await assertRejects(() => insertMention(t.manager, note, null, t.admin.id));
  // a system entry has no text to mention anyone in
  const created = await systemEntry();
  await assertRejects(() => insertMention(t.owner, created, null, t.admin.id));
});

Deno.test("mentions: nobody edits them (notified_at is the notification job's); authors and managers remove them", async () => {
  const note = await noteBy(t.rep);
  const [comment] = await insertComment(t.rep, note);
  const [mention] = await insertMention(t.rep, note, comment.id, t.viewer.id);
  for (const who of [...teamA, t.outsider]) {
    await assertRejects(
      () => asUser(who, "update public.activity_mentions set notified_at = now() where id = $1", [mention.id]),
      name(who),
    );
  }
  const remove = (who: Person, id: string) =>
    asUser(who, "delete from public.activity_mentions where id = $1 returning id", [id]);
  for (const who of [t.viewer, t.outsider]) {
    assertEquals((await remove(who, mention.id)).length, 0, name(who));
  }
  const [adminsComment] = await insertComment(t.admin, note);
  const [adminsMention] = await insertMention(t.admin, note, adminsComment.id, t.rep.id);
  assertEquals((await remove(t.rep, adminsMention.id)).length, 0);
  assertEquals((await remove(t.rep, mention.id)).length, 1);
  assertEquals((await remove(t.manager, adminsMention.id)).length, 1);

  // the job that delivers them runs as the service role
  const [another] = await insertMention(t.rep, note, comment.id, t.admin.id);
  await db.asService(
    "test:notifications",
    (tx) => tx.query("update public.activity_mentions set notified_at = now() where id = $1", [another.id]),
  );
});

// Audit ------------------------------------------------------------------------------------------------
Deno.test("audit: manual activities and comments are logged; automatic entries are not logged twice", async () => {
  const note = await noteBy(t.rep);
  await insertComment(t.rep, note);
  const logs = await asUser<{ table_name: string; actor_id: string }>(
    t.owner,
    "select table_name, actor_id from public.audit_logs where new_data ->> 'id' = $1 or new_data ->> 'activity_id' = $1",
    [note],
  );
  assertEquals(logs.map((l) => [l.table_name, l.actor_id]).sort(), [
    ["activities", t.rep.id],
    ["activity_comments", t.rep.id],
  ]);
  const created = await systemEntry();
  assertEquals(
    (await asUser(t.owner, "select 1 from public.audit_logs where action = 'INSERT' and record_id = $1", [created]))
      .length,
    0,
  );
});
