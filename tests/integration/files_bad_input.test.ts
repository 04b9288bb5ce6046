// Bad input to the files API gets a 4xx with a sentence a person understands and stores nothing: no file,
// an empty or too large file, not multipart, broken multipart, bad or foreign targets, unknown ids and
// versions, viewers writing, cookie uploads without the CSRF token. Other routes keep their 1 MB limit.
import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { WebClient } from "../helpers/web-client.ts";
import { otherTeamMember, teamIdOf } from "./realtime_helpers.ts";
import { blobsOnDisk, bytesOf, memberWithRole, newDeal, text, upload } from "./files_helpers.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const acme = await teamIdOf(server, "alice@acme.test");
const dealId = await newDeal(alice);
const MB = 1024 * 1024;

const usage = async () => (await alice.get("/api/v1/files/usage")).json.data.used_bytes as number;
const blobs = () => blobsOnDisk(server.services.config.dataDir, acme);

async function raw(body: BodyInit, contentType: string | null) {
  const res = await fetch(`${server.url}/api/v1/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.token}`, ...(contentType ? { "content-type": contentType } : {}) },
    body,
  });
  return { status: res.status, json: await res.json() };
}

Deno.test("no file, a text field named file, an empty file: 422 with what to do", async () => {
  const none = await upload(alice, null, { fields: { target_type: "deal", target_id: dealId } });
  assertEquals(none.status, 422);
  assertMatch(none.json.error.message, /^Choose a file to upload/);

  const form = new FormData();
  form.set("file", "not a file");
  const textField = await raw(form, null);
  assertEquals(textField.status, 422);
  assertMatch(textField.json.error.message, /must be a file, not text/);

  const empty = await upload(alice, new Uint8Array(), { name: "blank.pdf" });
  assertEquals(empty.status, 422);
  assertEquals(empty.json.error.message, "“blank.pdf” is empty. Choose a file with something in it.");
});

Deno.test("too big: just over 25 MB is refused by the route, far over by the body limit; both 413", async () => {
  const before = await blobs();
  const over = await upload(alice, bytesOf(25 * MB + 10), { name: "scan.tif" });
  assertEquals(over.status, 413);
  assertEquals(over.json.error.message, "“scan.tif” is just over 25 MB; files can be 25 MB at most.");

  const far = await upload(alice, bytesOf(27 * MB), { name: "video.mov" });
  assertEquals(far.status, 413);
  assertEquals(far.json.error.message, "That file is too large: files can be 25 MB at most.");
  assertEquals(await blobs(), before);
});

Deno.test("not multipart or broken multipart: 415 and 400", async () => {
  const json = await raw(JSON.stringify({ file: "x" }), "application/json");
  assertEquals(json.status, 415);
  assertMatch(json.json.error.message, /multipart\/form-data/);
  const broken = await raw("--nope\r\ngarbage", "multipart/form-data; boundary=xyz");
  assertEquals(broken.status, 400);
  assertMatch(broken.json.error.message, /could not be read/);
});

Deno.test("bad targets: wrong kind or id 422; a missing or foreign record 404; nothing kept", async () => {
  const before = { usage: await usage(), blobs: await blobs() };
  const kind = await upload(alice, text("x"), { fields: { target_type: "planet", target_id: dealId } });
  assertEquals(kind.status, 422);
  assertMatch(kind.json.error.message, /^target_type: target_type must be one of deal, contact, company/);
  const id = await upload(alice, text("x"), { fields: { target_type: "deal", target_id: "42" } });
  assertEquals(id.status, 422);
  assertMatch(id.json.error.message, /target_id must be the id of that record/);
  const half = await upload(alice, text("x"), { fields: { target_type: "deal" } });
  assertEquals(half.status, 422);

  const missing = await upload(alice, text("x"), {
    fields: { target_type: "contact", target_id: crypto.randomUUID() },
  });
  assertEquals(missing.status, 404);
  assertEquals(missing.json.error.message, "That contact does not exist in this workspace.");

  const stranger = await otherTeamMember(server, "stranger@bad.test");
  const theirDeal = await newDeal(stranger, "Their deal");
  const foreign = await upload(alice, text("x"), { fields: { target_type: "deal", target_id: theirDeal } });
  assertEquals(foreign.status, 404);
  assertEquals(foreign.json.error.message, "That deal does not exist in this workspace.");

  assertEquals({ usage: await usage(), blobs: await blobs() }, before);
});

Deno.test("unknown ids and versions, bad JSON bodies", async () => {
  for (const path of ["/api/v1/files/nope", `/api/v1/files/${crypto.randomUUID()}`]) {
    assertEquals((await alice.get(path)).status, 404, path);
    assertEquals((await alice.get(`${path}/download`)).status, 404, path);
    assertEquals((await alice.delete(path)).status, 404, path);
    assertEquals((await alice.post(`${path}/restore`)).status, 404, path);
  }
  const created = await upload(alice, text("v1"), { name: "a.txt" });
  const id = created.json.id;
  assertEquals((await alice.get(`/api/v1/files/${id}/download?v=0`)).status, 422);
  assertEquals((await alice.get(`/api/v1/files/${id}/download?v=2`)).status, 404);
  assertEquals((await alice.post(`/api/v1/files/${id}/links`, "{not json")).status, 400);
  const badLink = await alice.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: "x" });
  assertEquals(badLink.status, 422);
  assertEquals((await upload(alice, null, {}, `/api/v1/files/${id}/versions`)).status, 422);
  assertEquals((await upload(alice, text("v2"), {}, `/api/v1/files/${crypto.randomUUID()}/versions`)).status, 404);
  const list = await alice.get("/api/v1/files");
  assertEquals(list.status, 422);
  assertMatch(list.json.error.message, /target_type=deal&target_id=/);
});

Deno.test("viewers read files but cannot upload, rename, delete or attach", async () => {
  const viewer = await memberWithRole(server, "viola@acme.test", acme, "viewer");
  const created = await upload(alice, text("for everyone"), {
    name: "brief.txt",
    fields: { target_type: "deal", target_id: dealId },
  });
  const id = created.json.id;
  assertEquals((await viewer.get(`/api/v1/files/${id}`)).status, 200);
  const refused = await upload(viewer, text("mine"), { name: "mine.txt" });
  assertEquals(refused.status, 403);
  assertMatch(refused.json.error.message, /^Viewers can look at files but not upload/);
  assertEquals((await upload(viewer, text("v2"), {}, `/api/v1/files/${id}/versions`)).status, 403);
  assertEquals((await viewer.patch(`/api/v1/files/${id}`, { name: "x" })).status, 403);
  assertEquals((await viewer.delete(`/api/v1/files/${id}`)).status, 403);
  assertEquals(
    (await viewer.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: dealId })).status,
    403,
  );
});

Deno.test("cookie uploads need the CSRF token", async () => {
  const web = new WebClient(server.url);
  await web.login("carol@acme.test");
  const cookie = [...web.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const send = (headers: Record<string, string>) => {
    const form = new FormData();
    form.set("file", new File([text("hi") as Uint8Array<ArrayBuffer>], "hi.txt"));
    return fetch(`${server.url}/api/v1/files`, { method: "POST", headers: { cookie, ...headers }, body: form });
  };
  const without = await send({});
  assertEquals(without.status, 403);
  await without.body?.cancel();
  const withToken = await send({ "x-csrf-token": web.cookies.get("leadly-csrf")! });
  assertEquals(withToken.status, 201);
  await withToken.body?.cancel();
});

Deno.test("other routes keep the 1 MB limit", async () => {
  const res = await alice.post("/api/v1/deals", { name: "x".repeat(2 * MB) });
  assertEquals(res.status, 413);
});
