// Version history: save on demand, diff against now, restore as a new change that every editor converges on.
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { NoteClient, until } from "./notes_helpers.ts";
import { sameContent } from "../../lib/notes/content.ts";

const server = await startTestServer({ seed: true });
Deno.test.afterAll?.(() => server.close());
const alice = await ApiClient.signIn(server.url, "alice@acme.test");
const bob = await ApiClient.signIn(server.url, "bob@acme.test");

Deno.test("note versions: save, diff, restore — collaborators converge on the restored content", async () => {
  const created = await alice.post("/api/v1/notes", {
    title: "Versioned",
    content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Original plan" }] }] },
  });
  assertEquals(created.status, 201);
  const id = created.json.data.id;
  const a = await NoteClient.connect(server.url, alice.token, id);
  const b = await NoteClient.connect(server.url, bob.token, id);
  try {
    assertEquals(a.text(), "Original plan");
    const saved = await alice.post(`/api/v1/notes/${id}/versions`, { label: "Before the call" });
    assertEquals(saved.status, 201);
    assertEquals(saved.json.data.kind, "manual");
    assertEquals(saved.json.data.label, "Before the call");
    assertEquals(saved.json.data.number, 1);
    const v1 = saved.json.data.id;
    const v1Json = (await alice.get(`/api/v1/notes/${id}/versions/${v1}`)).json.data.json;

    a.addParagraph("alice added budget notes");
    b.type(" revised");
    await Promise.all([a.settled(), b.settled()]);
    await until(a, () => a.text().includes("revised") && a.text().includes("budget"), "both edits at alice");
    await until(b, () => b.text().includes("revised") && b.text().includes("budget"), "both edits at bob");

    const diff = await alice.get(`/api/v1/notes/${id}/versions/${v1}/diff?against=current`);
    assertEquals(diff.status, 200);
    const added = diff.json.data.changes.filter((c: { added: boolean }) => c.added).map((c: { value: string }) =>
      c.value
    )
      .join(" ");
    assertMatch(added, /budget/);
    assertMatch(diff.json.data.html, /<ins>/);

    const restored = await bob.post(`/api/v1/notes/${id}/versions/${v1}/restore`);
    assertEquals(restored.status, 200, JSON.stringify(restored.json));
    assertEquals(restored.json.data.kind, "restore");
    assertEquals(restored.json.data.label, "Restored version 1");
    await until(a, () => a.text() === "Original plan", "alice sees the restore");
    await until(b, () => b.text() === "Original plan", "bob sees the restore");
    assert(sameContent(a.json(), v1Json));
    assert(sameContent(b.json(), v1Json));
    const live = server.services.notes.loaded(id)!;
    assert(sameContent(server.services.notes.json(live), v1Json));

    // history keeps what was there before the restore, who changed it and the restore itself
    const list = (await alice.get(`/api/v1/notes/${id}/versions`)).json.data;
    assertEquals(list.map((v: { kind: string }) => v.kind), ["restore", "auto", "manual"]);
    const names = list[1].authors.map((x: { name: string }) => x.name).sort();
    assertEquals(names, ["Alice Martin", "Bob Okafor"]);
    // and editing continues after a restore
    a.type(" again");
    await a.settled();
    await until(b, () => b.text() === "Original plan again", "edits after the restore");
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("note versions: viewers can read history but not save or restore; unknown versions are 404", async () => {
  const created = await alice.post("/api/v1/notes", { title: "Read only history", team_permission: "view" });
  const id = created.json.data.id;
  const v = await alice.post(`/api/v1/notes/${id}/versions`, {});
  assertEquals(v.status, 201);
  assertEquals((await bob.get(`/api/v1/notes/${id}/versions`)).json.data.length, 1);
  const save = await bob.post(`/api/v1/notes/${id}/versions`, {});
  assertEquals(save.status, 403);
  assertMatch(save.json.error.message, /not edit/);
  assertEquals((await bob.post(`/api/v1/notes/${id}/versions/${v.json.data.id}/restore`)).status, 403);
  assertEquals((await alice.get(`/api/v1/notes/${id}/versions/${crypto.randomUUID()}`)).status, 404);
  assertEquals((await alice.get(`/api/v1/notes/${id}/versions/nope`)).status, 404);
  const long = await alice.post(`/api/v1/notes/${id}/versions`, { label: "x".repeat(200) });
  assertEquals(long.status, 422);
});
