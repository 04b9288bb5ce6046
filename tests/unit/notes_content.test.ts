// The shared schema on the server: JSON <-> Yjs round trips, sanitized HTML snapshots, mentions, and the
// document manager's save path (a failed save keeps the update in memory, retries, acks only once stored).
import * as Y from "yjs";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import {
  docToJSON,
  jsonToUpdate,
  nodeFromJSON,
  type PmJson,
  replaceContent,
  sameContent,
  snapshotOfJson,
} from "../../lib/notes/content.ts";
import { NoteDocs, NoteUpdateError } from "../../lib/notes/doc-manager.ts";
import { NOTE_YDOC_FIELD, noteExtensions, recordPath } from "../../lib/notes/schema.ts";
import type { Db, Tx } from "../../lib/db/mod.ts";
import { DISCOVERY_TEMPLATE, QBR_TEMPLATE } from "../../lib/seed/demo-notes.ts";

const para = (text: string): PmJson => ({ type: "paragraph", content: [{ type: "text", text }] });
const doc = (...content: PmJson[]): PmJson => ({ type: "doc", content });

Deno.test("notes content: every template survives JSON -> Yjs -> JSON unchanged", () => {
  for (const json of [DISCOVERY_TEMPLATE, QBR_TEMPLATE, doc(para("hello"))]) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, jsonToUpdate(json));
    assert(sameContent(docToJSON(ydoc), json));
    // and through merged updates (what compaction stores)
    const again = new Y.Doc();
    Y.applyUpdate(again, Y.mergeUpdates([Y.encodeStateAsUpdate(ydoc)]));
    assert(sameContent(docToJSON(again), json));
  }
});

Deno.test("notes content: snapshots are sanitized HTML, plain text and the mentioned users", async () => {
  const snap = await snapshotOfJson(doc(
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Ping " },
        { type: "mention", attrs: { id: "11111111-1111-1111-1111-111111111111", label: "Bob" } },
        { type: "text", text: " about " },
        {
          type: "recordMention",
          attrs: { id: "22222222-2222-2222-2222-222222222222", label: "Globex", recordType: "deal" },
        },
        { type: "text", text: " see", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] },
      ],
    },
    { type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [para("cell")] }] }] },
    { type: "image", attrs: { src: "data:image/png;base64,AAAA" } },
  ));
  assertEquals(snap.mentions, ["11111111-1111-1111-1111-111111111111"]);
  assertMatch(snap.text, /Ping @Bob about #Globex see/);
  assertMatch(snap.html, /href="\/deals\/22222222-2222-2222-2222-222222222222"/);
  assert(!snap.html.includes("javascript:"), snap.html);
  assert(!snap.html.includes("style="), "no inline styles (CSP)");
  assert(!snap.html.includes("data:image"), "no data: images");
  assertEquals(recordPath("company", "x"), "/companies/x");
});

Deno.test("notes content: unknown node types are dropped instead of failing", () => {
  const node = nodeFromJSON(doc(para("keep"), { type: "script", content: [para("evil")] } as PmJson));
  assertEquals(node.childCount, 1);
  assertEquals(node.textContent, "keep");
  // the browser builds the same schema (placeholder and extras do not change it)
  const names = (list: ReturnType<typeof noteExtensions>) => list.map((e) => e.name).join(",");
  assertMatch(names(noteExtensions({ placeholder: "Write…" })), /placeholder/);
});

Deno.test("notes content: replaceContent makes a document equal to another with a Yjs change", () => {
  const a = new Y.Doc();
  Y.applyUpdate(a, jsonToUpdate(doc(para("one"), para("two"))));
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  b.getXmlFragment(NOTE_YDOC_FIELD).insert(0, [new Y.XmlElement("paragraph")]);
  replaceContent(a, doc(para("restored")), "restore");
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  assert(sameContent(docToJSON(a), docToJSON(b)));
  assertMatch(JSON.stringify(docToJSON(a)), /restored/);
});

/** A database that stores note updates in memory and fails the first `failures` writes. */
function fakeDb(failures: number) {
  const stored: Uint8Array[] = [];
  let left = failures;
  const tx: Tx = {
    query<T>(sql: string, params: unknown[] = []) {
      if (sql.includes("from public.notes n where n.id")) {
        return Promise.resolve([{ team_id: "t", last_version_at: null }] as T[]);
      }
      if (sql.includes("insert into public.note_updates")) {
        if (left-- > 0) return Promise.reject(new Error("database is down"));
        stored.push(params[1] as Uint8Array);
      }
      return Promise.resolve([] as T[]);
    },
  };
  const db = {
    kind: "pglite",
    asService: <T>(_: string, fn: (tx: Tx) => Promise<T>) => fn(tx),
    asUser: <T>(_: unknown, fn: (tx: Tx) => Promise<T>) => fn(tx),
  } as unknown as Db;
  return { db, stored };
}

Deno.test("notes doc manager: a failed save keeps the update, retries, and acks only once stored", async () => {
  const { db, stored } = fakeDb(2);
  const docs = new NoteDocs(db, { maxRetryMs: 20, snapshotDebounceMs: 60_000, snapshotMaxWaitMs: 60_000 });
  const note = await docs.get("n1");
  const client = new Y.Doc();
  client.getXmlFragment(NOTE_YDOC_FIELD).insert(0, [new Y.XmlText("typed while the database was down")]);
  let acked = false;
  const durable = docs.applyUpdate(note, Y.encodeStateAsUpdate(client), { socketId: null, userId: "u1" })
    .then(() => acked = true);
  // applied in memory at once, not acknowledged yet
  assertMatch(note.doc.getXmlFragment(NOTE_YDOC_FIELD).toString(), /typed while/);
  assertEquals(acked, false);
  await durable;
  assertEquals(note.failures, 0);
  assertEquals(stored.length, 1);
  const reloaded = new Y.Doc();
  Y.applyUpdate(reloaded, stored[0]);
  assertMatch(reloaded.getXmlFragment(NOTE_YDOC_FIELD).toString(), /typed while/);
  // an update that changes nothing needs no write
  await docs.applyUpdate(note, Y.encodeStateAsUpdate(client), { socketId: null, userId: "u1" });
  assertEquals(stored.length, 1);
  docs.detach();
});

Deno.test("notes doc manager: bytes that are not an update, and oversized ones, are refused", async () => {
  const { db } = fakeDb(0);
  const docs = new NoteDocs(db);
  const note = await docs.get("n2");
  const refused = (bytes: Uint8Array) => {
    try {
      docs.applyUpdate(note, bytes, { socketId: null, userId: null });
      return null;
    } catch (error) {
      return (error as NoteUpdateError).code;
    }
  };
  assertEquals(refused(new Uint8Array([1, 2, 3, 250, 250])), "bad_update");
  assertEquals(refused(new Uint8Array()), "bad_update");
  assertEquals(refused(new Uint8Array(300 * 1024)), "too_large");
  assertEquals(note.pending.length, 0);
  docs.detach();
});
