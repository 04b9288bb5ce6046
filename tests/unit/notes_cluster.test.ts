// Notes on several app processes, without processes: two NoteDocs (one per "process") over one fake Postgres
// that stores note_updates in memory and delivers pg_notify to every listener after the transaction. What the
// cluster test (tests/integration/realtime_cluster.test.ts) shows end to end, here case by case: an update
// stored by one process reaches the other's copy and its sockets once; a notification that arrives while the
// note is loading is applied once loaded; a missed one is caught up when the note is opened; an update that
// waits for one the copy missed makes it reload; large batches are announced by seq, huge ones as "reload".
import * as Y from "yjs";
import type { Server } from "socket.io";
import { assert, assertEquals } from "../helpers/assert.ts";
import { NoteDocs } from "../../lib/notes/doc-manager.ts";
import { announcementText, parseAnnouncement } from "../../lib/notes/store.ts";
import { NOTE_YDOC_FIELD } from "../../lib/notes/schema.ts";
import type { Db, Tx } from "../../lib/db/mod.ts";

/** One fake Postgres shared by the "processes"; `db()` is one process's connection to it. */
function sharedDatabase() {
  const rows: { seq: number; update: Uint8Array }[] = [];
  const listeners = new Set<(text: string) => void>();
  let nextSeq = 1;
  const state = {
    rows,
    /** notifications are lost (the listening connection is down) */
    dropNotifications: false,
    /** the next load reads the rows, then waits for this before answering */
    loadGate: null as Promise<void> | null,
  };
  const db = (): Db => {
    const run = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      const notifications: string[] = [];
      const pendingRows: { seq: number; update: Uint8Array }[] = [];
      const tx: Tx = {
        async query<R>(sql: string, params: unknown[] = []) {
          const result = (value: unknown[]) => value as R[];
          if (sql.includes("from public.notes n where n.id")) {
            return result([{ team_id: "t", last_version_at: null }]);
          }
          if (sql.includes("union all")) {
            const seen = rows.map((r) => ({ kind: 1, seq: String(r.seq), update: r.update }));
            const gate = state.loadGate;
            state.loadGate = null;
            if (gate) await gate;
            return result(seen);
          }
          if (sql.includes("insert into public.note_updates")) {
            const row = { seq: nextSeq++, update: params[1] as Uint8Array };
            pendingRows.push(row);
            return result([{ seq: String(row.seq) }]);
          }
          if (sql.includes("pg_notify")) {
            notifications.push(params[1] as string);
            return result([{}]);
          }
          if (sql.includes("string_agg")) {
            return result([{ seqs: rows.map((r) => r.seq).join(",") || null, upto: null }]);
          }
          if (sql.includes("seq = any(")) {
            const wanted = new Set((params[1] as string[]).map(Number));
            return result(rows.filter((r) => wanted.has(r.seq)).map((r) => ({ seq: String(r.seq), update: r.update })));
          }
          return result([]);
        },
      };
      const value = await fn(tx);
      // commit: rows become visible, then notifications go out
      rows.push(...pendingRows);
      if (!state.dropNotifications) {
        for (const text of notifications) for (const listen of listeners) setTimeout(() => listen(text), 0);
      }
      return value;
    };
    return {
      kind: "postgres",
      asService: (_reason: string, fn: (tx: Tx) => Promise<unknown>) => run(fn),
      asUser: (_claims: unknown, fn: (tx: Tx) => Promise<unknown>) => run(fn),
      listen: (_channel: string, onPayload: (text: string) => void) => {
        listeners.add(onPayload);
        return Promise.resolve(() => Promise.resolve(void listeners.delete(onPayload)));
      },
    } as unknown as Db;
  };
  return { db, state };
}

/** A socket.io server that records what it sends to its own sockets. */
function fakeIo() {
  const sent: { room: string; except: string | null; data: Uint8Array }[] = [];
  const to = (room: string, except: string | null = null) => ({
    except: (id: string) => to(room, id),
    emit: (_event: string, message: { data: Uint8Array }) => sent.push({ room, except, data: message.data }),
  });
  return { io: { local: { to: (room: string) => to(room) } } as unknown as Server, sent };
}

const OPTIONS = { snapshotDebounceMs: 60_000, snapshotMaxWaitMs: 60_000, sweepEveryMs: 60_000 };

async function twoProcesses() {
  const shared = sharedDatabase();
  const a = new NoteDocs(shared.db(), OPTIONS);
  const b = new NoteDocs(shared.db(), OPTIONS);
  const ioA = fakeIo();
  const ioB = fakeIo();
  await a.attach(ioA.io);
  await b.attach(ioB.io);
  return { shared, a, b, ioA, ioB, close: () => [a, b].forEach((d) => d.detach()) };
}

/** A client's update: `text` appended to the document it already has (`base`). */
function typed(base: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(base);
  const fragment = base.getXmlFragment(NOTE_YDOC_FIELD);
  fragment.insert(fragment.length, [new Y.XmlText(text)]);
  return Y.encodeStateAsUpdate(base, before);
}

const textOf = (doc: Y.Doc) => doc.getXmlFragment(NOTE_YDOC_FIELD).toString();

async function eventually(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert(check(), what);
}

Deno.test("notes across processes: a stored update reaches the other copy and its sockets, once", async () => {
  const { a, b, ioA, ioB, close } = await twoProcesses();
  try {
    const [noteA, noteB] = [await a.get("n1"), await b.get("n1")];
    const client = new Y.Doc();
    await a.applyUpdate(noteA, typed(client, "hello from A"), { socketId: "s1", userId: "u1" });
    await eventually(() => textOf(noteB.doc).includes("hello from A"), "B's copy has A's update");
    // A's other sockets got it at once (not the sender), B's sockets once B's copy had it; nobody twice.
    assertEquals(ioA.sent.map((s) => s.except), ["s1"]);
    assertEquals(ioB.sent.map((s) => s.except), [null]);
    // B does not store it again, and B's own update goes the other way.
    await b.applyUpdate(noteB, typed(client, " and B"), { socketId: "s2", userId: "u2" });
    await eventually(() => textOf(noteA.doc).includes(" and B"), "A's copy has B's update");
    assertEquals(textOf(noteA.doc), textOf(noteB.doc));
    assertEquals(ioA.sent.length, 2);
    assertEquals(ioB.sent.length, 2);
  } finally {
    close();
  }
});

Deno.test("notes across processes: an update stored while the other loads the note is applied once loaded", async () => {
  const { shared, a, b, close } = await twoProcesses();
  try {
    const noteA = await a.get("n1");
    let release!: () => void;
    shared.state.loadGate = new Promise((resolve) => release = resolve);
    // B reads the rows (none yet), then A stores an update before B's load finishes.
    const loadingB = b.get("n1");
    await a.applyUpdate(noteA, typed(new Y.Doc(), "while B loads"), { socketId: null, userId: "u1" });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the notification arrives during the load
    release();
    const noteB = await loadingB;
    await eventually(() => textOf(noteB.doc).includes("while B loads"), "B's copy has the update");
  } finally {
    close();
  }
});

Deno.test("notes across processes: a missed notification is caught up when the note is opened", async () => {
  const { shared, a, b, ioB, close } = await twoProcesses();
  try {
    const [noteA, noteB] = [await a.get("n1"), await b.get("n1")];
    shared.state.dropNotifications = true;
    await a.applyUpdate(noteA, typed(new Y.Doc(), "missed"), { socketId: null, userId: "u1" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assertEquals(textOf(noteB.doc).includes("missed"), false);
    // Someone opens it on B: B checks the stored rows first and reloads.
    assertEquals(await b.get("n1", { fresh: true }), noteB);
    assert(textOf(noteB.doc).includes("missed"));
    assertEquals(ioB.sent.length, 1, "B's sockets are sent what B's copy gained");
  } finally {
    close();
  }
});

Deno.test("notes across processes: an update that waits for a missed one makes the copy reload", async () => {
  const { shared, a, b, close } = await twoProcesses();
  try {
    const [noteA, noteB] = [await a.get("n1"), await b.get("n1")];
    const client = new Y.Doc();
    shared.state.dropNotifications = true;
    await a.applyUpdate(noteA, typed(client, "first"), { socketId: null, userId: "u1" });
    shared.state.dropNotifications = false;
    // The same client types on: its next update depends on the first, which B never heard of.
    await a.applyUpdate(noteA, typed(client, " second"), { socketId: null, userId: "u1" });
    await eventually(() => textOf(noteB.doc) === textOf(noteA.doc), "B caught up with both");
    assert(noteB.doc.store.pendingStructs === null);
  } finally {
    close();
  }
});

Deno.test("notes across processes: announcements carry the bytes, else the seqs, else 'reload'", () => {
  const small = parseAnnouncement(announcementText({ note: "n", from: "p", seqs: ["1"], updates: ["AAA="] }));
  assertEquals(small?.updates, ["AAA="]);
  const large = parseAnnouncement(
    announcementText({ note: "n", from: "p", seqs: ["1", "2"], updates: ["A".repeat(5000), "B".repeat(5000)] }),
  );
  assertEquals(large, { note: "n", from: "p", seqs: ["1", "2"] });
  const seqs = Array.from({ length: 2000 }, (_, i) => String(1_000_000 + i));
  const huge = parseAnnouncement(announcementText({ note: "n", from: "p", seqs }));
  assertEquals(huge, { note: "n", from: "p", seqs: [], reload: true });
  assertEquals(parseAnnouncement("not json"), null);
  assertEquals(parseAnnouncement(JSON.stringify({ note: "n", from: "p", seqs: ["1"], updates: [] })), null);
});
