// coedit (issue 5 and 9, ARCHITECTURE.md §5, §8): 10 editors on one note over socket.io, each typing in
// bursts as a fast typist does: 20 keys at 100 keys/s, then a held Backspace (5 presses at 60/s), a short
// pause, again, for 10 s; every keystroke is its own Yjs transaction, handed to the editor's real provider
// (lib/notes/client/provider.ts: merged per frame, resent until acknowledged) the moment it is due (nothing here
// paces it to hide a dropped update). Lost characters = what was typed (and not deleted) that the note
// stored in Postgres lacks afterwards: must be 0. Remote edit visible = from a keystroke to the moment each
// other editor's document has it (p99, goal 100 ms); durable = from a keystroke to its ack, which the server
// sends only once the update is in Postgres (p95, goal 500 ms). Then loading a 100,000-character note cold
// (open + full sync, p50 of 5, goal 200 ms) with the headless client of tests/integration/notes_helpers.ts.
import * as Y from "yjs";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { NoteClient } from "../integration/notes_helpers.ts";
import { connected, socketFor } from "../integration/realtime_helpers.ts";
import { NoteProvider, type NoteTransport } from "../../lib/notes/client/provider.ts";
import { NOTE_YDOC_FIELD } from "../../lib/notes/schema.ts";
import { loadNote } from "../../lib/notes/store.ts";
import { type BenchResult, percentile, result } from "./results.ts";

const EDITORS = 10;
const BURST_KEYS = 20;
const KEYS_PER_SECOND = 100;
const BACKSPACES = 5;
const BACKSPACES_PER_SECOND = 60;
const PAUSE_MS = 300;
const DURATION_MS = 10_000;
const USERS = ["alice@acme.test", "bob@acme.test", "carol@acme.test"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The editor's own paragraph (each types in its own, so the expected text does not depend on timing). */
function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (doc.getXmlFragment(NOTE_YDOC_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Characters of `expected` that `actual` lacks (as multisets: order does not matter here). */
function missing(expected: string, actual: string): number {
  const counts = new Map<string, number>();
  for (const ch of expected) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const ch of actual) counts.set(ch, (counts.get(ch) ?? 0) - 1);
  return [...counts.values()].reduce((sum, n) => sum + Math.max(0, n), 0);
}

export async function coedit(): Promise<BenchResult[]> {
  const server = await startTestServer({ seed: true });
  const closers: (() => void)[] = [];
  try {
    const clients = await Promise.all(USERS.map((u) => ApiClient.signIn(server.url, u)));
    const note = await clients[0].post("/api/v1/notes", {
      title: "Co-editing bench",
      content: {
        type: "doc",
        content: Array.from({ length: EDITORS }, (_, i) => ({
          type: "paragraph",
          content: [{ type: "text", text: `P${i}:` }],
        })),
      },
    });
    const id = note.json.data.id as string;
    const editors: NoteProvider[] = [];
    for (let i = 0; i < EDITORS; i++) {
      const socket = await connected(socketFor(server.url, clients[i % clients.length].token));
      const transport: NoteTransport = {
        get connected() {
          return socket.connected;
        },
        on: (event, fn) => socket.on(event, fn),
        off: (event, fn) => socket.off(event, fn),
        request: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload),
        emit: (event, payload) => socket.emit(event, payload),
      };
      const user = { id: `bench-${i}`, name: `Editor ${i}`, color: "#3a7bd5" };
      const editor = new NoteProvider({ noteId: id, transport, user });
      await editor.whenSynced();
      editors.push(editor);
      closers.push(() => {
        editor.destroy();
        socket.close();
      });
    }
    const expected = editors.map((_, i) => `P${i}:`);
    const visible: number[] = [];
    const durable: number[] = [];
    // per sender, its keystrokes in order (clock before the keystroke, when typed)
    const strokes: { clock: number; at: number }[][] = editors.map(() => []);
    // per receiver and sender: how many of the sender's keystrokes the receiver has seen
    const seen = editors.map(() => editors.map(() => 0));
    editors.forEach((editor, index) => {
      editor.doc.on("update", (_u: Uint8Array, origin: unknown) => {
        if (origin !== editor) return; // remote changes come with the provider as origin
        const now = performance.now();
        const sv = Y.decodeStateVector(Y.encodeStateVector(editor.doc));
        editors.forEach((sender, s) => {
          if (s === index) return;
          const have = sv.get(sender.doc.clientID) ?? 0;
          const list = strokes[s];
          while (seen[index][s] < list.length && list[seen[index][s]].clock < have) {
            visible.push(now - list[seen[index][s]].at);
            seen[index][s]++;
          }
        });
      });
    });

    let keys = 0;
    let inserts = 0;
    const keystroke = (index: number, edit: (text: Y.XmlText) => void, insert: boolean) => {
      const editor = editors[index];
      const clock = Y.getState(editor.doc.store, editor.doc.clientID);
      const at = performance.now();
      edit(paragraphText(editor.doc, index));
      // a deletion adds nothing to the state vector: only insertions can be timed to their sighting
      if (insert) {
        strokes[index].push({ clock, at });
        inserts++;
      }
      void editor.whenStored().then(() => durable.push(performance.now() - at));
      keys++;
    };
    // Each typist's keys with the time each is due: a burst of keys, a held Backspace, a pause, again.
    const plans = editors.map((_, index) => {
      const plan: { due: number; ch: string | null }[] = [];
      let t = (index * PAUSE_MS) / EDITORS; // not all in step
      for (let n = 0; t < DURATION_MS;) {
        for (let k = 0; k < BURST_KEYS; k++, n++) {
          plan.push({ due: t, ch: String.fromCharCode(97 + ((n + index) % 26)) });
          t += 1000 / KEYS_PER_SECOND;
        }
        for (let k = 0; k < BACKSPACES; k++) {
          plan.push({ due: t, ch: null });
          t += 1000 / BACKSPACES_PER_SECOND;
        }
        t += PAUSE_MS;
      }
      return plan;
    });
    const started = performance.now();
    const next = editors.map(() => 0);
    // Every key goes when it is due; a busy event loop makes them come several at once (as a keyboard's
    // buffer would), never slower: nothing here paces the editors below the typing rate.
    while (next.some((n, i) => n < plans[i].length)) {
      const now = performance.now() - started;
      plans.forEach((plan, index) => {
        for (; next[index] < plan.length && plan[next[index]].due <= now; next[index]++) {
          const { ch } = plan[next[index]];
          if (ch === null) {
            keystroke(index, (text) => text.delete(text.length - 1, 1), false);
            expected[index] = expected[index].slice(0, -1);
          } else {
            keystroke(index, (text) => text.insert(text.length, ch), true);
            expected[index] += ch;
          }
        }
      });
      await sleep(2);
    }
    const typingMs = performance.now() - started;
    await Promise.race([Promise.all(editors.map((e) => e.whenStored())), sleep(30_000)]);
    const sightings = inserts * (EDITORS - 1);
    const deadline = performance.now() + 5_000;
    while (visible.length < sightings && performance.now() < deadline) await sleep(20);
    const texts = new Set(editors.map((e) => JSON.stringify(e.doc.getXmlFragment(NOTE_YDOC_FIELD).toJSON())));
    if (texts.size !== 1) console.warn("coedit: the editors did not converge");
    if (visible.length < sightings) console.warn(`coedit: ${sightings - visible.length} remote edits never seen`);
    const unsaved = editors.reduce((sum, e) => sum + e.state.pending, 0);
    if (unsaved > 0) console.warn(`coedit: ${unsaved} changes still unacknowledged after 30 s`);
    for (const e of editors) if (e.state.error) console.warn(`coedit: an editor says ${e.state.error}`);
    for (const close of closers.splice(0)) close();
    // Lost = typed (and not deleted) but not in the note as stored in Postgres.
    const stored = await loadNote(server.db, id);
    const storedDoc = new Y.Doc();
    Y.applyUpdate(storedDoc, stored!.update);
    const lost = expected.reduce((sum, want, i) => sum + missing(want, paragraphText(storedDoc, i).toString()), 0);

    // 100,000 characters in 1,000 paragraphs, opened cold (not in the server's memory) five times
    const line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labor. ";
    const content = {
      type: "doc",
      content: Array.from({ length: 1000 }, () => ({ type: "paragraph", content: [{ type: "text", text: line }] })),
    };
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const big = await clients[0].post("/api/v1/notes", { title: `Big ${i}`, content });
      const t = performance.now();
      const reader = await NoteClient.connect(server.url, clients[1].token, big.json.data.id);
      loads.push(performance.now() - t);
      if (reader.text().length < 100_000) throw new Error(`coedit: loaded ${reader.text().length} characters`);
      reader.close();
    }
    console.log(
      `coedit: ${keys} keystrokes in ${(typingMs / 1000).toFixed(1)} s by ${EDITORS} editors in bursts of ` +
        `${KEYS_PER_SECOND} keys/s, ${visible.length}/${sightings} remote sightings, ${durable.length} acks, ` +
        `${lost} characters lost`,
    );
    return [
      result("coedit", "visible_p99_ms", percentile(visible, 99), "ms", 100),
      result("coedit", "durable_p95_ms", percentile(durable, 95), "ms", 500),
      result("coedit", "load_100k_chars_ms", percentile(loads, 50), "ms", 200),
      result("coedit", "lost_chars", lost, "chars", 0),
    ];
  } finally {
    for (const close of closers) close();
    await server.close();
  }
}

if (import.meta.main) console.table(await coedit());
