// Another team's ids are a 404 on every verb of every route, sub-resources and actions included
// (dependencies, comments, members, pins, shares, versions, stages, links, restore, transition, move...),
// over HTTP and over the socket, and the other team's data stays exactly as it was. Team A (the demo team)
// makes one of everything; team B makes its own, then tries A's ids everywhere, alone and mixed with its own.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { createPerson } from "../helpers/fixtures.ts";
import { hashPassword } from "../../lib/auth/crypto.ts";
import { ask, connected, otherTeamMember, socketFor, teamIdOf } from "./realtime_helpers.ts";
import {
  apiOperations,
  createEverything,
  type Everything,
  fillPath,
  type Operation,
  pathParams,
  realParam,
  validBody,
} from "./everything_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const zed = await otherTeamMember(server, "zed@other.test");
const yan = await teammate("yan@other.test", await teamIdOf(server, "zed@other.test"));
const a = await createEverything(server, alice, bob, "bob@acme.test", "alice@acme.test");
const b = await createEverything(server, zed, yan, "yan@other.test", "zed@other.test");

/** A new person with the demo password in `teamId`, signed in. */
async function teammate(email: string, teamId: string): Promise<ApiClient> {
  const person = await createPerson(server.db, email);
  await server.db.asService("test:teammate", async (tx) => {
    await tx.query("update auth.users set encrypted_password = $1 where id = $2", [
      await hashPassword("leadly-demo"),
      person.id,
    ]);
    await tx.query("insert into public.team_members (team_id, user_id, role) values ($1, $2, 'rep')", [
      teamId,
      person.id,
    ]);
  });
  return await ApiClient.signIn(server.url, email);
}

async function send(client: ApiClient, op: Operation, path: string, body: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${client.token}` };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body instanceof Uint8Array) {
    payload = new Blob([body.slice()]);
    headers["content-type"] = "text/csv";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${server.url}${path}`, { method: op.method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, text: text.slice(0, 200) };
}

/** Fields that change by themselves: time in a stage so far, when A last opened a note. */
const VOLATILE = new Set(["duration_ms", "last_viewed_at"]);

/** What team A can see of everything it made, read as A: must not change while B tries. */
async function snapshotOfA(): Promise<Record<string, unknown>> {
  const reads = [
    `/api/v1/contacts/${a.contact}`,
    `/api/v1/companies/${a.company}`,
    `/api/v1/deals/${a.deal}`,
    `/api/v1/deals/${a.deal}/history`,
    `/api/v1/leads/${a.lead}`,
    `/api/v1/leads/${a.lead}/history`,
    `/api/v1/tasks/${a.task}`,
    `/api/v1/tasks/${a.blocker}`,
    `/api/v1/tasks/${a.task}/dependencies`,
    `/api/v1/tasks/${a.task}/subtasks`,
    `/api/v1/activities/${a.activity}`,
    `/api/v1/activities/${a.activity}/comments`,
    `/api/v1/channels/${a.channel}`,
    `/api/v1/channels/${a.channel}/members`,
    `/api/v1/channels/${a.channel}/messages`,
    `/api/v1/channels/${a.channel}/pins`,
    `/api/v1/notes/${a.note}`,
    `/api/v1/notes/${a.note}/versions`,
    `/api/v1/notes/${a.note}/shares`,
    "/api/v1/note-folders",
    `/api/v1/views/${a.view}`,
    `/api/v1/pipelines/${a.pipeline}`,
    `/api/v1/files/${a.file}`,
    `/api/v1/files/${a.file}/versions`,
    `/api/v1/imports/${a.import}`,
  ];
  const snapshot: Record<string, unknown> = {};
  for (const path of reads) {
    const res = await alice.get(path);
    assertEquals(res.status, 200, `A reads ${path}: ${JSON.stringify(res.json)}`);
    snapshot[path] = JSON.parse(JSON.stringify(res.json), (key, value) => VOLATILE.has(key) ? undefined : value);
  }
  const notifications = await bob.get("/api/v1/notifications?limit=100");
  snapshot.notifications = notifications.json.data.find((n: { id: string }) => n.id === a.notification);
  return snapshot;
}

/** Path parameters that name a record of the team (not a person, a kind of record or a part number). */
const isRecordParam = (param: string) => !["userId", "targetType", "part"].includes(param);

Deno.test("team B gets 404 for team A's ids on every verb of every route, and A's data is unchanged", async () => {
  const before = await snapshotOfA();
  const operations = apiOperations().filter((op) => pathParams(op.path).some(isRecordParam));
  assert(operations.length > 60, `only ${operations.length} operations with ids`);
  const failures: string[] = [];
  let requests = 0;
  const expect404 = async (op: Operation, path: string, what: string) => {
    requests++;
    const res = await send(zed, op, path, validBody(op, a));
    if (res.status !== 404) failures.push(`${op.method} ${op.path} ${what} → ${res.status} ${res.text}`);
  };
  for (const op of operations) {
    const params = pathParams(op.path);
    await expect404(op, fillPath(op.path, a), "with A's ids");
    // B's own ids except one of A's: a record of B must not reach into A through another parameter.
    for (const param of params.filter(isRecordParam)) {
      if (params.filter(isRecordParam).length < 2) break;
      const mixed = fillPath(op.path, b, { [param]: realParam(op.path, param, a)! });
      await expect404(op, mixed, `with B's ids but A's ${param}`);
    }
  }
  console.log(`${operations.length} operations, ${requests} requests as team B with team A's ids`);
  assertEquals(failures, []);
  assertEquals(await snapshotOfA(), before, "team A's data changed");
});

/** Requests of B whose body (not path) names A's records: refused, or a no-op that touches nothing of A. */
function bodyReferences(a: Everything, b: Everything): [string, string, unknown][] {
  return [
    ["POST", "/api/v1/tasks/bulk", { action: "complete", ids: [a.task] }],
    ["POST", "/api/v1/tasks/bulk", { action: "delete", ids: [a.task, a.blocker] }],
    ["POST", "/api/v1/tasks/bulk", { action: "assign", ids: [a.task], assignee_id: b.member }],
    ["POST", "/api/v1/tasks/bulk", { action: "reschedule", ids: [a.task], date: "2030-01-01" }],
    ["POST", "/api/v1/tasks/bulk", { action: "restore", ids: [a.task] }],
    ["POST", `/api/v1/tasks/${b.task}/dependencies`, { blocked_by_id: a.task }],
    ["POST", "/api/v1/tasks", { title: "Into A", parent_id: a.task }],
    ["POST", "/api/v1/tasks", { title: "Assigned to A", assignee_id: a.creator }],
    ["POST", "/api/v1/activities", { record_type: "deal", record_id: a.deal, type: "note", body: "Into A" }],
    ["POST", "/api/v1/notifications/read", { ids: [a.notification] }],
    ["POST", "/api/v1/notifications/archive", { ids: [a.notification] }],
    ["POST", `/api/v1/files/${b.file}/links`, { target_type: "deal", target_id: a.deal }],
    ["POST", `/api/v1/deals/${b.deal}/move`, { stage_id: a.stage, pipeline_id: a.pipeline }],
    ["PUT", `/api/v1/pipelines/${b.pipeline}/stages/order`, { stage_ids: [a.stage] }],
    ["POST", "/api/v1/contacts", { first_name: "Into A", company_id: a.company }],
    ["POST", "/api/v1/deals", { name: "Into A", company_id: a.company, contact_id: a.contact }],
    ["POST", "/api/v1/notes", { title: "Into A", folder_id: a.folder }],
    ["POST", "/api/v1/notes", { title: "Into A", record_type: "deal", record_id: a.deal }],
    ["PUT", `/api/v1/notes/${b.note}/shares`, { user_id: a.creator, permission: "edit" }],
    ["POST", "/api/v1/notes", { template_id: a.note }],
    ["POST", `/api/v1/channels/${b.channel}/members`, { user_ids: [a.creator] }],
    ["POST", "/api/v1/channels/direct", { user_ids: [a.creator] }],
    ["POST", "/api/v1/channels", { name: `into-a-${crypto.randomUUID().slice(0, 6)}`, member_ids: [a.creator] }],
    ["POST", `/api/v1/channels/${b.channel}/messages`, {
      client_id: crypto.randomUUID(),
      body: "Reply into A",
      parent_id: a.message,
    }],
    ["POST", "/api/v1/note-folders", { name: "Into A", parent_id: a.folder }],
  ];
}

Deno.test("team B's bodies that name team A's records are refused or change nothing of A", async () => {
  const before = await snapshotOfA();
  const failures: string[] = [];
  for (const [method, path, body] of bodyReferences(a, b)) {
    const res = await send(zed, { method, path }, path, body);
    const refused = res.status === 404 || res.status === 422 || res.status === 403;
    // Bulk actions answer what they did: nothing, for ids the caller cannot see.
    const nothing = path.endsWith("/bulk") && res.status === 200 && /"(updated|deleted|restored)":0/.test(res.text);
    const readOnly = path.endsWith("/notifications/read") || path.endsWith("/notifications/archive");
    const noneOfA = readOnly && res.status === 200 && !res.text.includes(a.notification);
    if (!refused && !nothing && !noneOfA) {
      failures.push(`${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
    }
  }
  assertEquals(failures, []);
  assertEquals(await snapshotOfA(), before, "team A's data changed");
});

Deno.test("over the socket, team B gets not_found for team A's records, channels, messages and notes", async () => {
  const socket = await connected(socketFor(server.url, zed.token));
  try {
    const failures: string[] = [];
    const expectNotFound = async (event: string, payload: unknown) => {
      const reply = await ask(socket, event, payload);
      if (reply?.ok !== false || reply.error?.code !== "not_found") {
        failures.push(`${event} ${JSON.stringify(payload)} → ${JSON.stringify(reply)}`);
      }
    };
    for (
      const [type, id] of [["deal", a.deal], ["contact", a.contact], ["company", a.company], ["lead", a.lead], [
        "task",
        a.task,
      ], ["activity", a.activity]]
    ) {
      await expectNotFound("join", { room: `record:${type}:${id}` });
      await expectNotFound("viewing:start", { room: `record:${type}:${id}` });
    }
    await expectNotFound("join", { room: `channel:${a.channel}` });
    await expectNotFound("chat:send", { channel_id: a.channel, client_id: crypto.randomUUID(), body: "Hi A" });
    await expectNotFound("chat:edit", { message_id: a.message, body: "Edited by B" });
    await expectNotFound("chat:delete", { message_id: a.message });
    await expectNotFound("chat:react", { message_id: a.message, emoji: "👍", on: true });
    await expectNotFound("chat:pin", { message_id: a.message, pinned: false });
    await expectNotFound("chat:read", { channel_id: a.channel, seq: 1 });
    await expectNotFound("note:open", { note_id: a.note });
    assertEquals(failures, []);
    // B's own still work on the same socket.
    assertEquals((await ask(socket, "join", { room: `record:deal:${b.deal}` })).ok, true);
  } finally {
    socket.close();
  }
  const messages = await alice.get(`/api/v1/channels/${a.channel}/messages`);
  assertEquals(messages.json.data.map((m: { body: string }) => m.body), ["Hello"]);
  assertEquals((await alice.get(`/api/v1/channels/${a.channel}/pins`)).json.data.length, 1);
});
