// deno-lint-ignore-file no-explicit-any
// The notes Yjs provider against an in-memory server that speaks the notes protocol (note:open, note:sync,
// note:awareness): two editors converge, edits made offline reach the server after reconnecting, a viewer's
// copy follows live but sends nothing, and the status line follows acks. At typing-burst rates nothing is
// lost: updates are merged, kept until acknowledged and sent again after lost or refused sends and reconnects;
// cursors are thinned out, and leave at once with the page.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { assert, assertEquals } from "../helpers/assert.ts";
import { isEmptyStep2, NoteProvider, type NoteTransport } from "../../lib/notes/client/provider.ts";
import { statusOf } from "../../lib/notes/client/status.ts";
import { toBytes } from "../../lib/notes/client/bytes.ts";

type Listener = (...args: any[]) => void;

class FakeServer {
  doc = new Y.Doc();
  awareness = new awarenessProtocol.Awareness(this.doc);
  clients = new Set<FakeSocket>();
  permissions = new Map<string, "view" | "edit">();
  /** Acks of updates wait on this (to observe "Saving…"). */
  hold: Promise<void> | null = null;
  received = 0;
  /** The next updates are lost ("timeout": no answer) or refused with this code instead of being stored. */
  refuse: string[] = [];
  awarenessMessages = 0;

  constructor() {
    this.awareness.setLocalState(null);
  }

  async handle(socket: FakeSocket, event: string, payload: any): Promise<any> {
    const permission = this.permissions.get(socket.user) ?? "edit";
    if (event === "note:open") {
      socket.joined = true;
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, this.doc);
      return { ok: true, permission, sync_step1: encoding.toUint8Array(encoder), awareness: null };
    }
    if (event === "note:sync") {
      const data = toBytes(payload.data)!;
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === syncProtocol.messageYjsSyncStep1) {
        const encoder = encoding.createEncoder();
        syncProtocol.writeSyncStep2(encoder, this.doc, decoding.readVarUint8Array(decoder));
        return { ok: true, reply: encoding.toUint8Array(encoder) };
      }
      if (permission !== "edit") return { ok: false, error: { code: "forbidden", message: "View only." } };
      const update = decoding.readVarUint8Array(decoder);
      const refusal = this.refuse.shift();
      if (refusal === "timeout") throw new Error("timeout");
      if (refusal) return { ok: false, error: { code: refusal, message: refusal } };
      this.received++;
      Y.applyUpdate(this.doc, update, socket);
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const other of this.clients) {
        if (other !== socket && other.joined && other.connected) {
          other.deliver("note:sync", { note_id: payload.note_id, data: message });
        }
      }
      if (this.hold) await this.hold;
      return { ok: true, durable: true };
    }
    if (event === "note:awareness") {
      this.awarenessMessages++;
      for (const other of this.clients) {
        if (other !== socket && other.joined && other.connected) other.deliver("note:awareness", payload);
      }
      return { ok: true };
    }
    return { ok: false, error: { code: "invalid_payload", message: event } };
  }
}

class FakeSocket implements NoteTransport {
  connected = true;
  joined = false;
  listeners = new Map<string, Set<Listener>>();
  constructor(public server: FakeServer, public user: string) {
    server.clients.add(this);
  }
  on(event: string, fn: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
  }
  off(event: string, fn: Listener) {
    this.listeners.get(event)?.delete(fn);
  }
  deliver(event: string, payload?: unknown) {
    // Like socket.io in the browser: binary arrives as an ArrayBuffer, asynchronously.
    const copy = payload && typeof payload === "object" && "data" in payload
      ? { ...payload, data: (toBytes((payload as any).data)!.slice()).buffer }
      : payload;
    queueMicrotask(() => {
      if (event !== "connect" && event !== "disconnect" && !this.connected) return;
      for (const fn of this.listeners.get(event) ?? []) fn(copy);
    });
  }
  async request(event: string, payload: unknown) {
    if (!this.connected) throw new Error("offline");
    const ack = await this.server.handle(this, event, payload);
    if (!this.connected) throw new Error("timeout");
    return ack;
  }
  emit(event: string, payload: unknown) {
    if (this.connected) void this.server.handle(this, event, payload);
  }
  disconnect() {
    this.connected = false;
    this.joined = false;
    this.deliver("disconnect");
  }
  reconnect() {
    this.connected = true;
    this.deliver("connect");
  }
}

const text = (p: NoteProvider) => p.doc.getText("t").toString();
const user = (id: string) => ({ id, name: id, color: "#3a7bd5" });

async function until(check: () => boolean, what: string, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function editor(server: FakeServer, id: string) {
  const socket = new FakeSocket(server, id);
  const provider = new NoteProvider({ noteId: "n1", transport: socket, user: user(id), batchMs: 1 });
  return { socket, provider };
}

Deno.test("notes provider: two editors typing at once converge", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  a.provider.doc.getText("t").insert(0, "Hello from Alice. ");
  b.provider.doc.getText("t").insert(0, "Bob here. ");
  await until(() => text(a.provider) === text(b.provider) && text(a.provider).length === 28, "convergence");
  assertEquals(server.doc.getText("t").toString(), text(a.provider));
  assert(text(a.provider).includes("Hello from Alice.") && text(a.provider).includes("Bob here."));
  assertEquals(statusOf(a.provider.state).label, "Saved");
  a.provider.destroy();
  b.provider.destroy();
});

Deno.test("notes provider: offline edits are kept and merged on reconnect", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  a.provider.doc.getText("t").insert(0, "base ");
  await until(() => text(b.provider) === "base ", "base text");

  b.socket.disconnect();
  await until(() => !b.provider.state.connected, "disconnect seen");
  b.provider.doc.getText("t").insert(5, "offline-bob ");
  assertEquals(statusOf(b.provider.state).label, "Offline — changes kept on this device");
  a.provider.doc.getText("t").insert(0, "online-alice ");
  await until(() => server.doc.getText("t").toString().includes("online-alice"), "alice stored");
  assert(!text(b.provider).includes("online-alice"), "bob is offline");

  b.socket.reconnect();
  await until(
    () =>
      text(a.provider) === text(b.provider) && text(a.provider).includes("offline-bob") &&
      text(b.provider).includes("online-alice"),
    "convergence after reconnect",
  );
  assertEquals(server.doc.getText("t").toString(), text(b.provider));
  await until(() => statusOf(b.provider.state).label === "Saved", "saved");
  a.provider.destroy();
  b.provider.destroy();
});

Deno.test("notes provider: a viewer follows live edits, sends none, and says View only", async () => {
  const server = new FakeServer();
  server.permissions.set("carol", "view");
  const a = editor(server, "alice");
  const v = editor(server, "carol");
  await Promise.all([a.provider.whenSynced(), v.provider.whenSynced()]);
  assertEquals(v.provider.permission, "view");
  assertEquals(statusOf(v.provider.state).label, "View only");
  a.provider.doc.getText("t").insert(0, "live");
  await until(() => text(v.provider) === "live", "viewer sees the edit");
  const before = server.received;
  v.provider.doc.getText("t").insert(0, "nope");
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(server.received, before, "the viewer sent nothing");
  assertEquals(server.doc.getText("t").toString(), "live");
  a.provider.destroy();
  v.provider.destroy();
});

Deno.test("notes provider: Saving… until the server acknowledges, then Saved", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  await a.provider.whenSynced();
  let release!: () => void;
  server.hold = new Promise((r) => release = r);
  a.provider.doc.getText("t").insert(0, "x");
  await until(() => a.provider.state.pending === 1, "pending");
  assertEquals(statusOf(a.provider.state).label, "Saving…");
  release();
  await until(() => a.provider.state.pending === 0, "acked");
  assertEquals(statusOf(a.provider.state).label, "Saved");
  a.provider.destroy();
});

Deno.test("notes provider: cursors (awareness) reach the other editor with the name", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  a.provider.awareness.setLocalStateField("cursor", { anchor: 1, head: 1 });
  await until(
    () => [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === "alice" && s.cursor),
    "alice's cursor at bob",
  );
  a.provider.destroy();
  b.provider.destroy();
});

Deno.test("notes provider: isEmptyStep2 tells an empty step2 from one with content", () => {
  const doc = new Y.Doc();
  const empty = encoding.createEncoder();
  syncProtocol.writeSyncStep2(empty, doc, Y.encodeStateVector(doc));
  assert(isEmptyStep2(encoding.toUint8Array(empty)));
  doc.getText("t").insert(0, "a");
  const full = encoding.createEncoder();
  syncProtocol.writeSyncStep2(
    full,
    doc,
    Y.encodeStateVector(new Y.Doc()),
  );
  assert(!isEmptyStep2(encoding.toUint8Array(full)));
});

/** Types `text` one character per transaction, as keystrokes do. */
function typeKeys(p: NoteProvider, text: string, at = Infinity) {
  const t = p.doc.getText("t");
  let position = Math.min(at, t.length);
  for (const ch of text) t.insert(position++, ch);
}

Deno.test("notes provider: a burst of keystrokes goes merged into a few messages", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  await a.provider.whenSynced();
  typeKeys(a.provider, "x".repeat(200), 0);
  await until(() => server.doc.getText("t").length === 200 && a.provider.state.pending === 0, "stored");
  assert(server.received < 20, `${server.received} messages for one burst`);
  assertEquals(statusOf(a.provider.state).label, "Saved");
  a.provider.destroy();
});

Deno.test("notes provider: lost and refused sends are sent again; Saved only once all is stored", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  // The first sends get no answer, the next are refused for now: none of it may be lost.
  server.refuse = ["timeout", "internal_error", "timeout", "rate_limited"];
  for (let i = 0; i < 10; i++) {
    typeKeys(a.provider, `alice ${i}. `, Infinity);
    typeKeys(b.provider, `bob ${i}. `, 0);
    await new Promise((r) => setTimeout(r, 2));
    if (a.provider.state.pending > 0) assert(statusOf(a.provider.state).label !== "Saved");
  }
  const want = text(a.provider);
  await until(
    () => text(b.provider) === text(a.provider) && server.doc.getText("t").toString() === text(a.provider),
    "every edit stored and seen",
    10_000,
  );
  for (let i = 0; i < 10; i++) assert(want.includes(`alice ${i}. `) && text(b.provider).includes(`bob ${i}. `));
  await until(() => a.provider.state.pending === 0 && b.provider.state.pending === 0, "acked", 10_000);
  assertEquals(statusOf(a.provider.state).label, "Saved");
  a.provider.destroy();
  b.provider.destroy();
});

Deno.test("notes provider: an edit sent just before the connection drops is sent again on reconnect", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  await a.provider.whenSynced();
  let release!: () => void;
  server.hold = new Promise((r) => release = r);
  typeKeys(a.provider, "kept");
  await until(() => server.received === 1, "sent");
  // The server has it in memory but never said it is stored: still pending through the reconnect.
  a.socket.disconnect();
  release();
  server.hold = null;
  await until(() => !a.provider.state.connected, "disconnect seen");
  assertEquals(a.provider.state.pending, 4, "four keystrokes unacknowledged");
  assertEquals(statusOf(a.provider.state).kind, "offline");
  a.socket.reconnect();
  await until(() => server.received >= 2 && a.provider.state.pending === 0, "sent again and acked");
  assertEquals(statusOf(a.provider.state).label, "Saved");
  assertEquals(server.doc.getText("t").toString(), "kept");
  a.provider.destroy();
});

Deno.test("notes provider: cursor moves are thinned out, the newest arrives, and leaving removes it", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  const before = server.awarenessMessages;
  for (let i = 1; i <= 60; i++) a.provider.awareness.setLocalStateField("cursor", { anchor: i, head: i });
  const aliceAtBob = () => b.provider.awareness.getStates().get(a.provider.doc.clientID);
  await until(() => aliceAtBob()?.cursor?.anchor === 60, "the newest cursor at bob");
  assert(server.awarenessMessages - before <= 3, `${server.awarenessMessages - before} cursor messages`);
  // The page goes away (reload, tab closed): bob stops showing alice's cursor at once.
  dispatchEvent(new Event("pagehide"));
  await until(() => aliceAtBob() === undefined, "alice's cursor gone at bob", 500);
  a.provider.destroy();
  b.provider.destroy();
});

Deno.test("notes provider: the cursor leaves on beforeunload, and comes back when the person stays after all", async () => {
  const server = new FakeServer();
  const a = editor(server, "alice");
  const b = editor(server, "bob");
  await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);
  a.provider.awareness.setLocalStateField("cursor", { anchor: 7, head: 7 });
  const aliceAtBob = () => b.provider.awareness.getStates().get(a.provider.doc.clientID);
  await until(() => aliceAtBob()?.cursor?.anchor === 7, "alice's cursor at bob");
  // beforeunload comes before the next page is requested; pagehide only once it arrived.
  dispatchEvent(new Event("beforeunload"));
  await until(() => aliceAtBob() === undefined, "alice's cursor gone at bob", 500);
  // The navigation was called off (a download link): her next key press shows her cursor where it was.
  dispatchEvent(new Event("keydown"));
  await until(() => aliceAtBob()?.cursor?.anchor === 7, "alice's cursor back at bob", 500);
  assertEquals(aliceAtBob()?.user?.name, "alice");
  // Back from the back/forward cache after leaving: shown again too.
  dispatchEvent(new Event("pagehide"));
  await until(() => aliceAtBob() === undefined, "gone again", 500);
  const pageshow = new Event("pageshow") as Event & { persisted: boolean };
  Object.defineProperty(pageshow, "persisted", { value: true });
  dispatchEvent(pageshow);
  await until(() => aliceAtBob()?.cursor?.anchor === 7, "back from the cache", 500);
  a.provider.destroy();
  b.provider.destroy();
});
