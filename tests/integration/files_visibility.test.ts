// Who sees a file follows what it is attached to: a private note's files only for people who may read the
// note, a direct message's files only for the people in it, a record's files for the team, an upload not
// yet attached to anything only for the person who uploaded it. On every path: list, details, versions,
// download and preview over HTTP, the links a file shows, and the file events on the socket.
import { assert, assertEquals } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { fetchBytes, type Json, newDeal, pngImage, text, upload } from "./files_helpers.ts";
import { ask, connected, next, otherTeamMember, socketFor, userIdOf } from "./realtime_helpers.ts";

const server = await startTestServer({ seed: true });
const alice = await ApiClient.signIn(server.url, "alice@acme.test"); // owner
const bob = await ApiClient.signIn(server.url, "bob@acme.test"); // manager
const carol = await ApiClient.signIn(server.url, "carol@acme.test"); // rep
const mallory = await otherTeamMember(server, "mallory@files-visibility.test");
Deno.test.afterAll?.(() => server.close());

/** Every way to read a file over HTTP, as status codes (the list as "listed" or "unlisted"). */
async function readPaths(who: ApiClient, id: string, target: { target_type: string; target_id: string }) {
  const list = await who.get(`/api/v1/files?target_type=${target.target_type}&target_id=${target.target_id}`);
  return {
    list: list.status === 200 && list.json.data.some((f: Json) => f.id === id) ? "listed" : "unlisted",
    get: (await who.get(`/api/v1/files/${id}`)).status,
    versions: (await who.get(`/api/v1/files/${id}/versions`)).status,
    download: (await fetchBytes(who, `/api/v1/files/${id}/download`)).status,
    downloadV1: (await fetchBytes(who, `/api/v1/files/${id}/download?v=1`)).status,
    preview: (await fetchBytes(who, `/api/v1/files/${id}/preview?v=1`)).status,
  };
}
const READABLE = { list: "listed", get: 200, versions: 200, download: 200, downloadV1: 200, preview: 200 };
const HIDDEN = { list: "unlisted", get: 404, versions: 404, download: 404, downloadV1: 404, preview: 404 };

/** Every way to change a file over HTTP, as status codes; none of them may succeed. */
async function writePaths(who: ApiClient, id: string, dealId: string) {
  return {
    rename: (await who.patch(`/api/v1/files/${id}`, { name: "pwned.png" })).status,
    version: (await upload(who, text("overwrite"), { name: "x.txt" }, `/api/v1/files/${id}/versions`)).status,
    link: (await who.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: dealId })).status,
    delete: (await who.delete(`/api/v1/files/${id}`)).status,
    restore: (await who.post(`/api/v1/files/${id}/restore`)).status,
  };
}
const UNTOUCHABLE = { rename: 404, version: 404, link: 404, delete: 404, restore: 404 };

Deno.test("a private note's file: only its readers list, get or download it; sharing the note shares it", async () => {
  const note = await alice.post("/api/v1/notes", { title: "Salary review", visibility: "private" });
  assertEquals(note.status, 201, JSON.stringify(note.json));
  const noteId = note.json.data.id;
  const onNote = { target_type: "note", target_id: noteId };
  const created = await upload(alice, await pngImage(20, 20), { name: "salaries.png", fields: onNote });
  assertEquals(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id;
  const deal = await newDeal(alice, "Visibility deal");

  assertEquals(await readPaths(alice, id, onNote), READABLE);
  assertEquals(await readPaths(carol, id, onNote), HIDDEN, "a rep of the same team");
  assertEquals(await readPaths(bob, id, onNote), HIDDEN, "a manager of the same team");
  assertEquals(await readPaths(mallory, id, onNote), HIDDEN, "another team's member");
  assertEquals(await writePaths(carol, id, deal), UNTOUCHABLE);
  assertEquals(await writePaths(mallory, id, deal), UNTOUCHABLE);
  // nor can she put her own upload into the note she cannot see
  const into = await upload(carol, text("mine"), { name: "mine.txt", fields: onNote });
  assertEquals(into.status, 404, JSON.stringify(into.json));
  const stillOne = await alice.get(`/api/v1/files?target_type=note&target_id=${noteId}`);
  assertEquals(stillOne.json.data.map((f: Json) => f.id), [id]);

  // shared with Carol (view): she reads the file, but may not change it or attach it elsewhere
  const carolId = await userIdOf(server, "carol@acme.test");
  assertEquals(
    (await alice.request("PUT", `/api/v1/notes/${noteId}/shares`, { user_id: carolId, permission: "view" })).status,
    200,
  );
  assertEquals(await readPaths(carol, id, onNote), READABLE);
  assertEquals(await readPaths(bob, id, onNote), HIDDEN, "shared with Carol only");
  assertEquals((await fetchBytes(carol, `/api/v1/files/${id}/download`)).bytes, await pngImage(20, 20));
  // even a versioned URL is asked for again each time (then a 304), so a browser learns when access ends
  const shown = await fetchBytes(carol, `/api/v1/files/${id}/preview?v=1`);
  assertEquals(shown.headers.get("cache-control"), "private, no-cache");
  const etag = { "if-none-match": shown.headers.get("etag")! };
  assertEquals((await fetchBytes(carol, `/api/v1/files/${id}/preview?v=1`, etag)).status, 304);
  assertEquals((await carol.patch(`/api/v1/files/${id}`, { name: "x.png" })).status, 404);
  const refusedLink = await carol.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: deal });
  assertEquals(refusedLink.status, 403, JSON.stringify(refusedLink.json));
  const viewOnly = await upload(carol, text("mine"), { name: "mine.txt", fields: onNote });
  assertEquals(viewOnly.status, 403, JSON.stringify(viewOnly.json));
  // the team still cannot; the other team never
  assertEquals(await readPaths(mallory, id, onNote), HIDDEN);

  // unshared again: gone for her
  assertEquals((await alice.delete(`/api/v1/notes/${noteId}/shares/${carolId}`)).status, 200);
  assertEquals(await readPaths(carol, id, onNote), HIDDEN);
  assertEquals((await fetchBytes(carol, `/api/v1/files/${id}/preview?v=1`, etag)).status, 404);
});

Deno.test("a file on a deal and a private note: the team sees it through the deal, never the note link", async () => {
  const note = await alice.post("/api/v1/notes", { title: "Private plan", visibility: "private" });
  const noteId = note.json.data.id;
  const deal = await newDeal(alice, "Shared deal");
  const created = await upload(alice, text("plan"), {
    name: "plan.txt",
    fields: { target_type: "note", target_id: noteId },
  });
  const id = created.json.id;

  const carolSocket = socketFor(server.url, carol.token);
  const mallorySocket = socketFor(server.url, mallory.token);
  try {
    await Promise.all([connected(carolSocket), connected(mallorySocket)]);
    assertEquals((await ask(carolSocket, "join", { room: `record:deal:${deal}` })).ok, true);
    assertEquals((await ask(mallorySocket, "join", { room: `record:deal:${deal}` })).ok, false);
    const heardByMallory: unknown[] = [];
    for (const event of ["file.created", "file.updated", "file.deleted", "file.restored"]) {
      mallorySocket.on(event, (e: unknown) => heardByMallory.push(e));
    }
    const event = next<Json>(carolSocket, "file.created");
    const linked = await alice.post(`/api/v1/files/${id}/links`, { target_type: "deal", target_id: deal });
    assertEquals(linked.status, 200);
    assertEquals(linked.json.data.links.length, 2, "Alice sees both places");

    // the event on the deal's room names the deal only
    const heard = await event;
    assertEquals(heard.payload.id, id);
    assertEquals(heard.payload.links, [{ target_type: "deal", target_id: deal }]);
    const seen = await carol.get(`/api/v1/files/${id}`);
    assertEquals(seen.status, 200);
    assertEquals(seen.json.data.links, [{ target_type: "deal", target_id: deal }]);
    assertEquals((await carol.get(`/api/v1/files?target_type=note&target_id=${noteId}`)).json.data, []);
    assertEquals((await mallory.get(`/api/v1/files/${id}`)).status, 404);

    // Carol's own upload to the deal is the marker: Mallory's socket heard nothing before or with it
    const marker = next<Json>(carolSocket, "file.created");
    await upload(carol, text("marker"), { name: "marker.txt", fields: { target_type: "deal", target_id: deal } });
    await marker;
    assertEquals(heardByMallory, []);
  } finally {
    carolSocket.close();
    mallorySocket.close();
  }
});

Deno.test("a direct message's file: the people in it see it once it is sent, a teammate outside never", async () => {
  const bobId = await userIdOf(server, "bob@acme.test");
  const dm = await alice.post("/api/v1/channels/direct", { user_ids: [bobId] });
  assert(dm.status === 200 || dm.status === 201, JSON.stringify(dm.json));
  const channelId = dm.json.data.id;
  const png = await pngImage(24, 16);
  const created = await upload(alice, png, { name: "offer.png" });
  assertEquals(created.status, 201);
  const id = created.json.id;
  const file = created.json.data;

  // uploaded, not sent yet: only Alice
  assertEquals((await alice.get(`/api/v1/files/${id}`)).status, 200);
  assertEquals((await bob.get(`/api/v1/files/${id}`)).status, 404);
  assertEquals((await carol.get(`/api/v1/files/${id}`)).status, 404);

  // sent in the DM (the way the composer writes an attachment): attached to the message with it
  const sent = await alice.post(`/api/v1/channels/${channelId}/messages`, {
    client_id: crypto.randomUUID(),
    body: `![offer.png](${file.preview_url}) the offer`,
  });
  assertEquals(sent.status, 201, JSON.stringify(sent.json));
  const onMessage = { target_type: "message", target_id: sent.json.data.id };
  assertEquals((await alice.get(`/api/v1/files/${id}`)).json.data.links, [onMessage]);
  assertEquals(await readPaths(bob, id, onMessage), READABLE);
  assertEquals((await fetchBytes(bob, file.preview_url)).bytes, png);
  assertEquals(await readPaths(carol, id, onMessage), HIDDEN, "a teammate outside the DM");
  assertEquals(await readPaths(mallory, id, onMessage), HIDDEN, "another team's member");
  const deal = await newDeal(carol, "Carol's deal");
  assertEquals(await writePaths(carol, id, deal), UNTOUCHABLE);

  // Carol cannot make it hers by naming it in a message of her own either
  const general = (await carol.get("/api/v1/channels")).json.data.find((c: Json) => c.name === "general").id;
  const quoted = await carol.post(`/api/v1/channels/${general}/messages`, {
    client_id: crypto.randomUUID(),
    body: `look [offer.png](${file.url})`,
  });
  assertEquals(quoted.status, 201, JSON.stringify(quoted.json));
  assertEquals((await carol.get(`/api/v1/files/${id}`)).status, 404);
  assertEquals((await alice.get(`/api/v1/files/${id}`)).json.data.links, [onMessage]);
});

Deno.test("a file in a public channel is the team's, like the channel's messages", async () => {
  const general = (await alice.get("/api/v1/channels")).json.data.find((c: Json) => c.name === "general").id;
  const created = await upload(alice, text("for all"), { name: "all.txt" });
  const sent = await alice.post(`/api/v1/channels/${general}/messages`, {
    client_id: crypto.randomUUID(),
    body: `[all.txt](${created.json.data.url})`,
  });
  assertEquals(sent.status, 201);
  const onMessage = { target_type: "message", target_id: sent.json.data.id };
  assertEquals(await readPaths(carol, created.json.id, onMessage), { ...READABLE, preview: 415 });
  assertEquals((await readPaths(mallory, created.json.id, onMessage)).get, 404);
});
