// A headless co-editor for tests and the coedit bench: a Y.Doc synced over socket.io with the notes
// protocol (realtime/handlers/notes.ts), the way the browser provider does it.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { Socket } from "socket.io-client";
import { connected, socketFor, WAIT_MS } from "./realtime_helpers.ts";
import { docToJSON, type PmJson } from "../../lib/notes/content.ts";
import { NOTE_YDOC_FIELD } from "../../lib/notes/schema.ts";

type Reply = { ok: boolean; error?: { code: string; message: string }; [key: string]: unknown };

export class NoteClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  permission: "view" | "edit" | null = null;
  /** acks of updates sent and not yet answered */
  readonly inFlight = new Set<Promise<Reply>>();
  readonly refusals: Reply[] = [];
  readonly errors: unknown[] = [];
  /** called for every update that arrived from the server */
  onRemote: ((update: Uint8Array) => void) | null = null;
  #sending = true;

  constructor(readonly socket: Socket, readonly noteId: string) {
    socket.on("note:sync", (message: { note_id: string; data: Uint8Array }) => {
      if (message.note_id !== this.noteId) return;
      this.#read(new Uint8Array(message.data));
    });
    socket.on("note:awareness", (message: { note_id: string; data: Uint8Array }) => {
      if (message.note_id !== this.noteId) return;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, new Uint8Array(message.data), this);
    });
    socket.on("error", (e: unknown) => this.errors.push(e));
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this || !this.#sending) return;
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      void this.send(encoding.toUint8Array(encoder));
    });
  }

  static async connect(url: string, token: string, noteId: string, options: { open?: boolean } = {}) {
    const socket = await connected(socketFor(url, token));
    const client = new NoteClient(socket, noteId);
    if (options.open !== false) await client.open();
    return client;
  }

  #read(data: Uint8Array): Uint8Array | null {
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(data), encoder, this.doc, this);
    return encoding.length(encoder) > 0 ? encoding.toUint8Array(encoder) : null;
  }

  async ask(event: string, payload: unknown): Promise<Reply> {
    return await this.socket.timeout(WAIT_MS * 2).emitWithAck(event, payload) as Reply;
  }

  /** note:open, then the step1/step2 exchange both ways. */
  async open(): Promise<Reply> {
    const opened = await this.ask("note:open", { note_id: this.noteId });
    if (!opened.ok) return opened;
    this.permission = opened.permission as "view" | "edit";
    const step2 = this.#read(new Uint8Array(opened.sync_step1 as Uint8Array));
    if (step2 && this.permission === "edit") {
      const sent = await this.ask("note:sync", { note_id: this.noteId, data: step2 });
      if (!sent.ok) throw new Error(`step 2 refused: ${sent.error?.message}`);
    }
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, this.doc);
    const synced = await this.ask("note:sync", { note_id: this.noteId, data: encoding.toUint8Array(encoder) });
    if (!synced.ok) throw new Error(`sync refused: ${synced.error?.message}`);
    this.#read(new Uint8Array(synced.reply as Uint8Array));
    if (opened.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, new Uint8Array(opened.awareness as Uint8Array), this);
    }
    return opened;
  }

  /** Sends raw bytes as a note:sync message; resolves with the ack. */
  send(data: Uint8Array): Promise<Reply> {
    const sent = this.ask("note:sync", { note_id: this.noteId, data });
    this.inFlight.add(sent);
    sent.then((reply) => {
      if (!reply.ok) this.refusals.push(reply);
    }).catch((error) => this.errors.push(error)).finally(() => this.inFlight.delete(sent));
    return sent;
  }

  /** Waits until every update sent so far was acknowledged (stored). */
  async settled() {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Edits without sending (an offline edit), or stops/starts sending. */
  pause() {
    this.#sending = false;
  }

  resume() {
    this.#sending = true;
  }

  /** Appends text to the first paragraph (creating it when the document is empty). */
  type(text: string) {
    const fragment = this.doc.getXmlFragment(NOTE_YDOC_FIELD);
    this.doc.transact(() => {
      let paragraph = fragment.get(0) as Y.XmlElement | undefined;
      if (!paragraph) {
        paragraph = new Y.XmlElement("paragraph");
        fragment.insert(0, [paragraph]);
      }
      let textNode = paragraph.get(0) as Y.XmlText | undefined;
      if (!(textNode instanceof Y.XmlText)) {
        textNode = new Y.XmlText();
        paragraph.insert(0, [textNode]);
      }
      textNode.insert(textNode.length, text);
    });
  }

  /** Adds a paragraph at the end. */
  addParagraph(text: string) {
    const fragment = this.doc.getXmlFragment(NOTE_YDOC_FIELD);
    this.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      const t = new Y.XmlText();
      t.insert(0, text);
      paragraph.insert(0, [t]);
      fragment.insert(fragment.length, [paragraph]);
    });
  }

  text(): string {
    return this.doc.getXmlFragment(NOTE_YDOC_FIELD).toArray().map((n) =>
      (n as Y.XmlElement).toArray().map((t) => t instanceof Y.XmlText ? t.toString() : "").join("")
    ).join("\n");
  }

  json(): PmJson {
    return docToJSON(this.doc);
  }

  close() {
    this.awareness.destroy();
    this.socket.close();
  }
}

/** Resolves when `check()` is true, re-checking on every remote update (no sleeping). */
export function until(client: NoteClient, check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.doc.off("update", on);
      reject(new Error(`${what}: not within ${ms} ms (text: ${JSON.stringify(client.text().slice(0, 200))})`));
    }, ms);
    const on = () => {
      if (!check()) return;
      clearTimeout(timer);
      client.doc.off("update", on);
      resolve();
    };
    client.doc.on("update", on);
  });
}
