// The offline outbox: every message typed in this browser goes through it. Items are stored (localStorage,
// per user) under their client_id before the first send, sent one at a time in the order typed, and removed
// once the server confirmed them. A send that times out or meets a dropped connection stays queued and is
// retried on the next reconnect with the same client_id, which the server treats idempotently, so each
// message is stored exactly once however often it was sent. A refusal (too long, no longer a member) marks
// the item failed, to be retried or discarded by the person.
import type { Message, OutboxItem } from "./types.ts";

export interface OutboxStore {
  load(): OutboxItem[];
  save(items: OutboxItem[]): void;
}

export type SendResult =
  | { ok: true; message: Message }
  /** `retry`: a transport problem (offline, timeout) that a later flush may overcome. */
  | { ok: false; retry: boolean; error: string };

export type Sender = (item: OutboxItem) => Promise<SendResult>;

/** A store in memory (tests, or when localStorage is unavailable). */
export function memoryStore(initial: OutboxItem[] = []): OutboxStore {
  let items = initial.slice();
  return {
    load: () => items.slice(),
    save: (next) => {
      items = next.slice();
    },
  };
}

/** localStorage under `key`; falls back to memory when storage is blocked or full. */
export function localStore(key: string): OutboxStore {
  const memory = memoryStore();
  const storage = (() => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  })();
  return {
    load() {
      if (!storage) return memory.load();
      try {
        const parsed = JSON.parse(storage.getItem(key) ?? "[]");
        return Array.isArray(parsed) ? parsed.filter(isItem) : [];
      } catch {
        return [];
      }
    },
    save(items) {
      memory.save(items);
      if (!storage) return;
      try {
        if (items.length === 0) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(items));
      } catch {
        // Quota or privacy mode: the memory copy still delivers while the page stays open.
      }
    },
  };
}

function isItem(value: unknown): value is OutboxItem {
  const item = value as OutboxItem;
  return typeof item?.client_id === "string" && typeof item.channel_id === "string" &&
    typeof item.body === "string";
}

export function outboxKey(userId: string): string {
  return `leadly.chat.outbox.${userId}`;
}

export class Outbox {
  #store: OutboxStore;
  #send: Sender;
  #inFlight = new Set<string>();
  #running: Promise<void> | null = null;
  #again = false;
  #listeners = new Set<() => void>();
  #confirmed = new Set<string>();

  constructor(store: OutboxStore, send: Sender) {
    this.#store = store;
    this.#send = send;
  }

  items(): OutboxItem[] {
    return this.#store.load();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed() {
    for (const listener of this.#listeners) listener();
  }

  /** Queues a message (stored at once) and returns it; call `flush` to send. */
  add(item: Omit<OutboxItem, "created_at"> & { created_at?: string }): OutboxItem {
    const full: OutboxItem = { ...item, created_at: item.created_at ?? new Date().toISOString() };
    const items = this.#store.load().filter((i) => i.client_id !== full.client_id);
    this.#store.save([...items, full]);
    this.#changed();
    return full;
  }

  /** Forgets an item (confirmed elsewhere, e.g. by another tab, or discarded by the person). */
  remove(clientId: string) {
    const items = this.#store.load();
    const next = items.filter((i) => i.client_id !== clientId);
    if (next.length === items.length) return;
    this.#store.save(next);
    this.#changed();
  }

  /** Clears a failure so the next flush tries again. */
  retry(clientId: string) {
    this.#store.save(this.#store.load().map((i) => i.client_id === clientId ? { ...i, error: undefined } : i));
    this.#changed();
  }

  /** Sends everything queued, oldest first; resolves when done or when the connection failed again. */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Client ids confirmed by the server during this page's life. */
  wasConfirmed(clientId: string): boolean {
    return this.#confirmed.has(clientId);
  }

  async #drain() {
    for (const item of this.#store.load()) {
      if (item.error || this.#inFlight.has(item.client_id)) continue;
      // Another tab may have delivered (and removed) it meanwhile.
      if (!this.#store.load().some((i) => i.client_id === item.client_id)) continue;
      this.#inFlight.add(item.client_id);
      let result: SendResult;
      try {
        result = await this.#send(item);
      } catch (error) {
        result = { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
      } finally {
        this.#inFlight.delete(item.client_id);
      }
      if (result.ok) {
        this.#confirmed.add(item.client_id);
        this.remove(item.client_id);
        continue;
      }
      if (result.retry) return; // offline: keep it (and everything after it) for the next reconnect
      this.#store.save(
        this.#store.load().map((i) => i.client_id === item.client_id ? { ...i, error: result.error } : i),
      );
      this.#changed();
    }
  }
}

/** A random v4 uuid (crypto.randomUUID needs a secure context; plain http on a LAN has none). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch {
      // fall through
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
