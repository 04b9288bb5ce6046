// What an attacker sends, on every JSON API operation (openapi.json plus every route the API modules
// register) and on every socket event: ids that are not ids, NUL and control characters, wrong JSON types,
// deeply nested and oversized bodies. Every answer must be a 4xx (or 2xx) with a sentence: never a 5xx, never
// a dropped connection. Also unmatched routes, CORS preflights and unknown /auth/v1 paths.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import type { Socket } from "socket.io-client";
import { ask, connected, socketFor, WAIT_MS } from "./realtime_helpers.ts";
import {
  apiOperations,
  createEverything,
  fillPath,
  type Operation,
  pathParams,
  validBody,
} from "./everything_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");
const ids = await createEverything(server, alice, bob, "bob@acme.test", "alice@acme.test");

const NUL = "\u0000";
const TWO_MB = 2 * 1024 * 1024;

/** Path parameter values no route should choke on (already URL-encoded where it matters). */
const HOSTILE_IDS = [
  "not-a-uuid",
  "__proto__",
  "constructor",
  "%00",
  `${crypto.randomUUID()}%00`,
  "x".repeat(4000),
  "%",
  "%ff%fe",
  "12345",
  "..%2F..%2Fetc%2Fpasswd",
  "00000000-0000-0000-0000-000000000000",
  "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",
  "%F0%9F%98%80",
];

/** Query strings for every operation: each sets every parameter we know of to the same hostile value. */
const QUERY_NAMES = [
  "q",
  "limit",
  "cursor",
  "sort",
  "before",
  "v",
  "version",
  "tz",
  "types",
  "type",
  "record_type",
  "record_id",
  "resource",
  "thread",
  "filter",
  "from",
  "to",
  "against",
  "channel_id",
  "sender_id",
  "actor_id",
  "target_type",
  "target_id",
  "status",
  "view",
  "assignee",
  "tag",
  "folder_id",
  "pipeline_id",
  "stage_id",
  "owner_id",
];
const HOSTILE_QUERY_VALUES = ["%00", "__proto__", "-1", "1e309", "%ff", "%5B%5D"];

/** Field names: every property the OpenAPI schemas name, and the ones the API's zod schemas use. */
const COMMON_FIELDS = [
  "name",
  "title",
  "body",
  "first_name",
  "last_name",
  "business_name",
  "email",
  "description",
  "topic",
  "label",
  "content",
  "to",
  "reason",
  "stage_id",
  "pipeline_id",
  "ids",
  "user_ids",
  "member_ids",
  "record_type",
  "record_id",
  "type",
  "client_id",
  "emoji",
  "on",
  "pinned",
  "seq",
  "until",
  "minutes",
  "preferences",
  "endpoint",
  "keys",
  "action",
  "date",
  "due_at",
  "assignee_id",
  "parent_id",
  "blocked_by_id",
  "query",
  "columns",
  "resource",
  "filename",
  "size",
  "mapping",
  "rows",
  "duplicates",
  "favorite",
  "user_id",
  "permission",
  "folder_id",
  "tags",
  "visibility",
  "status",
  "custom_status",
  "target_type",
  "target_id",
  "position",
  "stages",
  "stage_ids",
  "kind",
  "color",
  "probability",
  "value",
  "currency",
  "phones",
  "emails",
  "custom_fields",
  "notes",
  "subject",
  "outcome",
  "occurred_at",
  "duration_minutes",
  "archived",
  "is_default",
  "is_shared",
  "company_id",
  "contact_id",
  "owner_id",
  "template_id",
  "dnd_enabled",
];

type Schema = { $ref?: string; properties?: Record<string, unknown> };
// deno-lint-ignore no-explicit-any
type OpenApi = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };

function fieldsOf(openapi: OpenApi, op: Operation): string[] {
  const item = openapi.paths[op.path]?.[op.method.toLowerCase()];
  let schema: Schema | undefined = item?.requestBody?.content?.["application/json"]?.schema;
  if (schema?.$ref) schema = openapi.components.schemas[schema.$ref.split("/").pop()!];
  return [...new Set([...Object.keys(schema?.properties ?? {}), ...COMMON_FIELDS])];
}

const nested = (depth: number, leaf = "1") => '{"a":'.repeat(depth) + leaf + "}".repeat(depth);
const nestedArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const every = (fields: string[], value: unknown) => JSON.stringify(Object.fromEntries(fields.map((f) => [f, value])));

/** Raw JSON bodies any operation gets: wrong types, NULs, deep nesting, prototype keys, too large. */
function genericBodies(fields: string[]): [string, string][] {
  return [
    ["empty", ""],
    ["broken JSON", '{"name":'],
    ["array", "[]"],
    ["null", "null"],
    ["number", "123"],
    ["string", '"text"'],
    ["raw NUL byte", `{"name":"a${NUL}b"}`],
    ["NUL everywhere", every(fields, `x${NUL}y`)],
    ["NUL in keys", '{"a\\u0000b":1,"name\\u0000":"x"}'],
    ["objects everywhere", every(fields, { $gt: "", $where: "1" })],
    ["huge numbers", every(fields, 1e308)],
    ["__proto__", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'],
    ["nested 5000 deep", nested(5000)],
    ["nested arrays 100000 deep", nestedArray(100_000)],
    ["2 MB", JSON.stringify({ [fields[0]]: "x".repeat(TWO_MB) })],
  ];
}

/** A body the operation accepts, each field in turn made hostile: these get past validation of the rest. */
function derivedBodies(valid: Record<string, unknown>): [string, string][] {
  const bodies: [string, string][] = [["array of the valid body", JSON.stringify([valid])]];
  const keys = Object.keys(valid);
  for (const key of keys) {
    const value = valid[key];
    const text = typeof value === "string" ? value : "x";
    bodies.push(
      [`${key} with a NUL`, JSON.stringify({ ...valid, [key]: `${text}${NUL}` })],
      [`${key} with control characters`, JSON.stringify({ ...valid, [key]: `${text}\u0007\u001b\u007f` })],
      [`${key} as an object`, JSON.stringify({ ...valid, [key]: { $ne: null } })],
      [`${key} nested 3000 deep`, `{"${key}":${nested(3000)}}`],
      [`${key} 300,000 characters`, JSON.stringify({ ...valid, [key]: text.repeat(300_000 / text.length) })],
    );
    if (Array.isArray(value)) {
      bodies.push([`${key} with a NUL inside`, JSON.stringify({ ...valid, [key]: [...value, `x${NUL}`] })]);
    }
  }
  if (keys.length > 0) {
    bodies.push(["every field null", JSON.stringify(Object.fromEntries(keys.map((k) => [k, null])))]);
  }
  return bodies;
}

interface Outcome {
  status: number | "dropped";
  /** The error's sentence (JSON `error.message`), or null. */
  message: string | null;
  detail: string;
}

/** `contentType` null: let fetch set it (FormData). */
async function send(
  method: string,
  path: string,
  body?: BodyInit,
  contentType: string | null = "application/json",
): Promise<Outcome> {
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${alice.token}` };
    if (body !== undefined && contentType) headers["content-type"] = contentType;
    const res = await fetch(`${server.url}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let message: string | null = null;
    try {
      message = JSON.parse(text)?.error?.message ?? null;
    } catch {
      // not JSON (a CSV, a file): fine for successes
    }
    return { status: res.status, message, detail: text.slice(0, 200) };
  } catch (error) {
    const cause = (error as Error).cause;
    return { status: "dropped", message: null, detail: `${error} (${cause})`.slice(0, 300) };
  }
}

/** A 2xx/3xx, or a 4xx with a JSON sentence: anything else is recorded as a failure. */
function judge(failures: string[], what: string, outcome: Outcome) {
  if (outcome.status === "dropped" || outcome.status >= 500) {
    failures.push(`${what} → ${outcome.status} ${outcome.detail}`);
  } else if (outcome.status >= 400 && !(outcome.message && outcome.message.length > 5)) {
    failures.push(`${what} → ${outcome.status} without a sentence: ${outcome.detail}`);
  }
}

/** Runs `jobs` a few at a time (the machine is small; the server is one process). */
async function pool(jobs: (() => Promise<void>)[], width = 4) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) await jobs[next++]();
  }));
}

const hasBody = (method: string) => method === "POST" || method === "PUT" || method === "PATCH";
const isUpload = (path: string) => path === "/api/v1/files" || path.endsWith("/versions") && path.includes("/files/");

Deno.test("every API operation: hostile path ids, queries and bodies get a 4xx with a sentence, never a 5xx", async () => {
  const openapiRes = await fetch(`${server.url}/api/v1/openapi.json`);
  assertEquals(openapiRes.status, 200);
  const openapi = await openapiRes.json() as OpenApi;
  const operations = apiOperations(openapi);
  assert(operations.length > 100, `only ${operations.length} operations`);
  const failures: string[] = [];
  let requests = 0;
  const jobs: (() => Promise<void>)[] = [];
  const run = (what: string, method: string, path: string, body?: BodyInit, type?: string | null) =>
    jobs.push(async () => {
      requests++;
      let outcome = await send(method, path, body, type);
      // A keep-alive connection the server closed just as the client reused it fails without the server
      // having seen the request; once more, to tell that apart from a server dropping the connection.
      if (outcome.status === "dropped") outcome = await send(method, path, body, type);
      judge(failures, what, outcome);
    });

  // Reads and writes first, deletes last: a deleted record still answers (404), but sweeps less.
  for (const op of operations) {
    const label = `${op.method} ${op.path}`;
    for (const param of pathParams(op.path)) {
      for (const value of HOSTILE_IDS) {
        run(
          `${label} with ${param}=${value.slice(0, 40)}`,
          op.method,
          fillPath(op.path, ids, { [param]: value }),
          hasBody(op.method) ? "{}" : undefined,
        );
      }
    }
    const real = fillPath(op.path, ids);
    for (const value of op.method === "GET" ? HOSTILE_QUERY_VALUES : HOSTILE_QUERY_VALUES.slice(0, 1)) {
      const query = QUERY_NAMES.map((name) => `${name}=${value}`).join("&") + `&q=${"x".repeat(2000)}`;
      run(
        `${label} with ?…=${value.slice(0, 20)}`,
        op.method,
        `${real}?${query}`,
        hasBody(op.method) ? "{}" : undefined,
      );
    }
    if (hasBody(op.method) || op.method === "DELETE") {
      const valid = validBody(op, ids);
      const isJson = valid !== null && typeof valid === "object" && Object.getPrototypeOf(valid) === Object.prototype;
      const bodies = [
        ...genericBodies(fieldsOf(openapi, op)),
        ...(isJson ? derivedBodies(valid as Record<string, unknown>) : []),
      ];
      for (const [name, body] of bodies) run(`${label} with body: ${name}`, op.method, real, body);
      run(`${label} with a form`, op.method, real, `name=a%00b&title=x`, "application/x-www-form-urlencoded");
      run(`${label} with text/plain`, op.method, real, `a${NUL}b`, "text/plain");
    }
    if (isUpload(op.path) && op.method === "POST") {
      const form = new FormData();
      form.set("file", new File([new Uint8Array([0, 1, 2, 0])], `a${NUL}b\u0007.txt`));
      form.set("target_type", `deal${NUL}`);
      form.set("target_id", `${ids.deal}${NUL}`);
      run(`${label} with a hostile multipart upload`, op.method, real, form, null);
    }
  }
  await pool(jobs);
  const documented =
    Object.values(openapi.paths).flatMap((item) => Object.keys(item)).filter((k) =>
      ["get", "post", "put", "patch", "delete"].includes(k)
    ).length;
  console.log(
    `swept ${operations.length} operations (${documented} in openapi.json) with ${requests} requests: ` +
      `${failures.length} failures`,
  );
  if (failures.length > 0) console.log(failures.map((f) => f.slice(0, 240)).join("\n"));
  assertEquals(failures.length, 0, `${failures.length} of ${requests} requests failed (listed above)`);
});

Deno.test("a body over the limit is read to the end and answered 413 naming the limit, on a connection kept alive", async () => {
  const port = Number(new URL(server.url).port);
  for (const path of ["/api/v1/contacts", "/api/v1/files"]) {
    const size = 30 * 1024 * 1024;
    const conn = await Deno.connect({ port });
    try {
      const head = `POST ${path} HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${alice.token}\r\n` +
        `content-type: application/json\r\ncontent-length: ${size}\r\n\r\n`;
      await writeAll(conn, new TextEncoder().encode(head));
      const chunk = new Uint8Array(64 * 1024).fill(120);
      // A client that writes its whole body before reading: a broken pipe here is the bug.
      for (let sent = 0; sent < size; sent += chunk.length) {
        await writeAll(conn, chunk.subarray(0, Math.min(chunk.length, size - sent)));
      }
      const answer = await readResponse(conn);
      assertMatch(answer, /^HTTP\/1\.1 413 /, `${path}: ${answer.slice(0, 200)}`);
      assertMatch(answer, path === "/api/v1/files" ? /25 MB/ : /1 MB/);
      // The same connection still works.
      await writeAll(
        conn,
        new TextEncoder().encode(
          `GET /api/v1/contacts?limit=1 HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${alice.token}\r\n\r\n`,
        ),
      );
      assertMatch(await readResponse(conn), /^HTTP\/1\.1 200 /);
    } finally {
      conn.close();
    }
  }
  // fetch (chunked, no content-length) too
  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(120));
      controller.close();
    },
  });
  const res = await fetch(`${server.url}/api/v1/contacts`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.token}`, "content-type": "application/json" },
    body: chunked,
  });
  assertEquals(res.status, 413);
  assertMatch((await res.json()).error.message, /1 MB/);
});

async function writeAll(conn: Deno.Conn, bytes: Uint8Array) {
  for (let written = 0; written < bytes.length;) written += await conn.write(bytes.subarray(written));
}

/** One HTTP/1.1 response with a Content-Length body, as text. */
async function readResponse(conn: Deno.Conn): Promise<string> {
  let text = "";
  const buf = new Uint8Array(16 * 1024);
  const decoder = new TextDecoder();
  const deadline = Date.now() + WAIT_MS * 2;
  while (Date.now() < deadline) {
    const n = await conn.read(buf);
    if (n === null) break;
    text += decoder.decode(buf.subarray(0, n), { stream: true });
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const length = Number(text.slice(0, end).match(/content-length:\s*(\d+)/i)?.[1] ?? 0);
    if (new TextEncoder().encode(text.slice(end + 4)).length >= length) break;
  }
  return text;
}

Deno.test("unmatched routes are 404s (JSON for the API, HTML for pages, GoTrue's shape under /auth/v1)", async () => {
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
    const api = await send(method, "/api/v1/no-such-thing/here", hasBody(method) ? "{}" : undefined);
    assertEquals(api.status, 404, `${method} /api/v1/no-such-thing`);
    assertEquals(JSON.parse(api.detail).error.code, "not_found");
    const auth = await fetch(`${server.url}/auth/v1/no-such-thing`, {
      method,
      headers: { "content-type": "application/json" },
      body: hasBody(method) ? "{}" : undefined,
    });
    assertEquals(auth.status, 404, `${method} /auth/v1/no-such-thing`);
    const authBody = await auth.json();
    assertEquals(authBody.error_code, "not_found");
    assert(authBody.msg.length > 10);
  }
  const page = await fetch(`${server.url}/no-such-page`, { headers: { accept: "text/html" } });
  assertEquals(page.status, 404);
  assertMatch(page.headers.get("content-type") ?? "", /text\/html/);
  await page.text();
  const asJson = await fetch(`${server.url}/no-such-page`, { headers: { accept: "application/json" } });
  assertEquals(asJson.status, 404);
  assertEquals((await asJson.json()).error.code, "not_found");
  // A known path with a verb it does not have.
  const wrongVerb = await send("PUT", "/api/v1/contacts", "{}");
  assert(wrongVerb.status === 404 || wrongVerb.status === 405, `PUT /api/v1/contacts → ${wrongVerb.status}`);
});

Deno.test("CORS preflights and OPTIONS anywhere are answered without a 500", async () => {
  for (const path of ["/api/v1/contacts", `/api/v1/contacts/${ids.contact}`, "/api/v1/nope", "/auth/v1/token", "/"]) {
    const res = await fetch(`${server.url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization",
      },
    });
    await res.body?.cancel();
    assert(res.status < 500, `OPTIONS ${path} → ${res.status}`);
    assertEquals(res.headers.get("access-control-allow-origin"), null, `OPTIONS ${path} allows another origin`);
  }
});

Deno.test("NUL in a page form is refused with a sentence, not a 500", async () => {
  const web = new WebClient(server.url);
  await web.login("alice@acme.test");
  for (
    const [path, fields] of [
      ["/contacts/new", { first_name: `Ev${NUL}e`, last_name: "x" }],
      ["/companies/new", { name: `Co${NUL}` }],
      ["/deals/new", { name: `Deal${NUL}` }],
      ["/tasks/new", { title: `Task${NUL}` }],
      ["/login", { email: `a${NUL}@b.test`, password: `x${NUL}` }],
    ] as const
  ) {
    const res = await web.post(path, fields);
    assert(res.status >= 200 && res.status < 500, `${path} → ${res.status}`);
    if (res.status >= 400) assertMatch(res.html, /control character|NUL/i);
  }
});

Deno.test("NUL is refused in JSON with a 400 that says so; other API answers unchanged", async () => {
  const res = await alice.post("/api/v1/deals", { name: `Big${NUL}deal` });
  assertEquals(res.status, 400);
  assertMatch(res.json.error.message, /name/);
  assertMatch(res.json.error.message, /control character/);
  const fine = await alice.post("/api/v1/deals", { name: "Tabs\tand\nnewlines are fine" });
  assertEquals(fine.status, 201);
  assertEquals((await alice.get("/api/v1/contacts/not-an-id")).status, 404);
  const contact = await alice.post("/api/v1/contacts", { first_name: "Plain", last_name: "Text" });
  assertEquals((await alice.get(`/api/v1/contacts/${contact.json.data.id}`)).status, 200);
  // Escaped backslashes before a "u0000" are text, not a NUL.
  const literal = await alice.post("/api/v1/deals", { name: "C:\\u0000 is a path" });
  assertEquals(literal.status, 201, JSON.stringify(literal.json));
});

Deno.test("socket events with hostile payloads get an error ack, never internal_error, and the socket stays up", async () => {
  const socket = await connected(socketFor(server.url, alice.token));
  const lanes: Socket[] = [];
  try {
    const deep = JSON.parse(nested(2000, '"x"'));
    const payloads: unknown[] = [
      undefined,
      null,
      123,
      "text",
      [],
      [1, 2, 3],
      { room: `team:${NUL}` },
      { room: `record:deal:${ids.deal}${NUL}` },
      { room: "record:deal:__proto__" },
      { channel_id: "__proto__", client_id: crypto.randomUUID(), body: "x" },
      { channel_id: ids.channel, client_id: crypto.randomUUID(), body: `a${NUL}b` },
      { channel_id: ids.channel, client_id: crypto.randomUUID(), body: "a\u0007\u001bb" },
      { message_id: ids.message, body: `edit${NUL}` },
      { message_id: ids.message, emoji: `${NUL}`, on: true },
      { note_id: `${ids.note}${NUL}` },
      { note_id: ids.note, data: `x${NUL}` },
      { status: `away${NUL}`, custom_status: `${NUL}` },
      { custom_status: "x".repeat(100_000) },
      { __proto__: { polluted: true }, room: "team:x" },
      deep,
      { room: deep, channel_id: deep, note_id: deep, message_id: deep },
    ];
    // Every event gets every payload, in this order, on a socket of the lane it belongs to: an event whose
    // payload may change what the socket holds (joined rooms, an open note, a deleted message) comes before the
    // events after it in its lane, as on one socket. The lanes run at once (each on its own socket, so each
    // has its own rate limit) instead of 378 events one after another at the limit's pace.
    const eventLanes: string[][] = [
      ["join", "leave", "sync"],
      ["chat:send", "chat:edit", "chat:delete", "chat:react", "chat:pin", "chat:typing", "chat:read"],
      ["presence:set", "presence:heartbeat"],
      ["viewing:start", "viewing:stop"],
      ["note:open", "note:sync", "note:awareness", "note:close"],
    ];
    const failures: string[] = [];
    await Promise.all(eventLanes.map(async (events) => {
      const lane = await connected(socketFor(server.url, alice.token));
      lanes.push(lane);
      for (const event of events) {
        for (const payload of payloads) {
          let reply = await ask(lane, event, payload);
          if (reply?.error?.code === "rate_limited") {
            await new Promise((resolve) => setTimeout(resolve, 1_100));
            reply = await ask(lane, event, payload);
          }
          const what = `${event} ${JSON.stringify(payload)?.slice(0, 80)}`;
          if (reply?.ok === false) {
            if (reply.error?.code === "internal_error" || !reply.error?.message) {
              failures.push(`${what} → ${JSON.stringify(reply)}`);
            }
          } else if (reply?.ok !== true) failures.push(`${what} → ${JSON.stringify(reply)}`);
          if (!lane.connected) failures.push(`${what} dropped the socket`);
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      }
    }));
    assertEquals(failures, []);
    const nul = await ask(socket, "chat:send", { channel_id: ids.channel, client_id: crypto.randomUUID(), body: NUL });
    assertEquals(nul.ok, false);
    assertEquals(nul.error.code, "invalid_payload");
    assertMatch(nul.error.message, /control character/);
    assertEquals((await ask(socket, "presence:list")).ok, true, "still answering");
    for (const lane of lanes) assertEquals((await ask(lane, "presence:list")).ok, true, "every lane still answers");
  } finally {
    socket.close();
    for (const lane of lanes) lane.close();
  }
});
