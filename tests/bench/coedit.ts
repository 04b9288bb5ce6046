// coedit (issue 5, ARCHITECTURE.md §8): 10 editors on one note over socket.io, 20 keystrokes per second in
// total for 10 s. Remote edit visible = from a keystroke to the moment each other editor's document has it
// (p99, goal 100 ms); durable = from a keystroke to its ack, which the server sends only once the update
// is in Postgres (p95, goal 500 ms). Then loading a 100,000-character note cold (open + full sync, p50 of 5,
// goal 200 ms). Headless Y.Doc editors (tests/integration/notes_helpers.ts) in this process.
import * as Y from "yjs";
import { startTestServer } from "../helpers/server.ts";
import { ApiClient } from "../helpers/api-client.ts";
import { NoteClient } from "../integration/notes_helpers.ts";
import { NOTE_YDOC_FIELD } from "../../lib/notes/schema.ts";
import { type BenchResult, percentile, result } from "./results.ts";

const EDITORS = 10;
const KEYSTROKES_PER_SECOND = 20;
const DURATION_MS = 10_000;
const USERS = ["alice@acme.test", "bob@acme.test", "carol@acme.test"];

interface Keystroke {
  sender: number;
  clock: number;
  at: number;
  seenBy: number;
}

export async function coedit(): Promise<BenchResult[]> {
  const server = await startTestServer({ seed: true });
  try {
    const clients = await Promise.all(USERS.map((u) => ApiClient.signIn(server.url, u)));
    const note = await clients[0].post("/api/v1/notes", {
      title: "Co-editing bench",
      content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Start. " }] }] },
    });
    const id = note.json.data.id as string;
    const editors: NoteClient[] = [];
    for (let i = 0; i < EDITORS; i++) {
      editors.push(await NoteClient.connect(server.url, clients[i % clients.length].token, id));
    }
    const visible: number[] = [];
    const durable: number[] = [];
    const pending: Keystroke[] = [];
    // every remote update: which keystrokes does this editor now have?
    editors.forEach((editor, index) => {
      editor.doc.on("update", (_u: Uint8Array, origin: unknown) => {
        if (origin !== editor) return;
        const now = performance.now();
        const sv = Y.decodeStateVector(Y.encodeStateVector(editor.doc));
        for (const k of pending) {
          if (k.sender === index || k.seenBy & (1 << index)) continue;
          if ((sv.get(editors[k.sender].doc.clientID) ?? 0) > k.clock) {
            k.seenBy |= 1 << index;
            visible.push(now - k.at);
          }
        }
      });
    });
    const started = performance.now();
    let typed = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * KEYSTROKES_PER_SECOND);
        while (typed < due) {
          const index = typed % EDITORS;
          const editor = editors[index];
          const text = (editor.doc.getXmlFragment(NOTE_YDOC_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
          const clock = Y.getState(editor.doc.store, editor.doc.clientID);
          const at = performance.now();
          text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + (typed % 26)));
          pending.push({ sender: index, clock, at, seenBy: 0 });
          // the update just sent is the newest in flight: its ack means durable
          const sent = [...editor.inFlight].pop();
          sent?.then(() => durable.push(performance.now() - at));
          typed++;
        }
        if (performance.now() - started >= DURATION_MS) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    await Promise.all(editors.map((e) => e.settled()));
    const expected = typed * (EDITORS - 1);
    const deadline = performance.now() + 5_000;
    while (visible.length < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const texts = new Set(editors.map((e) => e.text()));
    if (texts.size !== 1) throw new Error("coedit: the editors did not converge");
    if (visible.length < expected) console.warn(`coedit: ${expected - visible.length} remote edits never seen`);
    for (const e of editors) e.close();

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
      `coedit: ${typed} keystrokes, ${visible.length}/${expected} remote sightings, ${durable.length} acks`,
    );
    return [
      result("coedit", "visible_p99_ms", percentile(visible, 99), "ms", 100),
      result("coedit", "durable_p95_ms", percentile(durable, 95), "ms", 500),
      result("coedit", "load_100k_chars_ms", percentile(loads, 50), "ms", 200),
    ];
  } finally {
    await server.close();
  }
}

if (import.meta.main) console.table(await coedit());
