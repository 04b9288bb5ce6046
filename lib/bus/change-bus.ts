// The change bus: database changes made through pages, the API or jobs are published here after they
// commit, numbered per room, kept (the last 500 per room) for clients that reconnect and ask "since N",
// and fanned out to sockets by realtime/server.ts (which
// subscribes; nothing here knows about sockets).
//
// Two modes, chosen by createChangeBus() (db-relay.ts) when the app's services are built (app/services.ts):
// - One process (embedded PGlite): publish() numbers and delivers at once; numbers per room are 1, 2, 3...
// - Several processes possible (DATABASE_URL): publish() goes out as pg_notify('leadly_bus') and every
//   process's db-relay delivers it, in the same (commit) order everywhere. Numbers follow the wall clock
//   (microseconds, stamped once by the publisher), so every process gives an event the same number and a
//   process started later never answers with a smaller one. A client that reconnects to another or a
//   restarted process asks `sync` since its last number; whatever that process did not see (it started
//   after) is reported as complete:false and the client reloads (lib/bus/client/connection.ts).

/** Record changes, plus families of their own ("notification.created", "presence.changed"...). */
export type ChangeType = "deal.moved" | "record.created" | "record.updated" | "record.deleted" | `${string}.${string}`;

export interface Change {
  team_id: string;
  type: ChangeType;
  record_type: string;
  record_id: string;
  payload: unknown;
  /** Where it goes; by default the team's room and the record's room. E.g. [`user:<id>`] for a notification. */
  rooms?: string[];
  /** When it happened (ISO); stamped by publish(). Producers in SQL may pass now() for exact numbering. */
  at?: string;
}

/** What a socket receives: the change, the room it was sent to and that room's sequence number. */
export interface RoomEvent extends Change {
  room: string;
  seq: number;
  at: string;
}

export interface SyncResult {
  events: RoomEvent[];
  /** The room's newest sequence number. */
  last_seq: number;
  /** False when events after `since` were already dropped from the buffer: the client must reload. */
  complete: boolean;
}

/**
 * Where a delivered change comes from: published by this process, by another app process (it emits it to
 * the shared rooms itself), or by the database (a trigger or job: every process emits to its own sockets).
 */
export type Origin = "here" | "peer" | "database";

type Listener = (event: RoomEvent, origin: Origin) => void;

export const KEEP_PER_ROOM = 500;

export function teamRoom(teamId: string) {
  return `team:${teamId}`;
}

export function recordRoom(recordType: string, recordId: string) {
  return `record:${recordType}:${recordId}`;
}

interface RoomLog {
  seq: number;
  /** Events up to this number may be missing here (dropped from the buffer, or before this process). */
  floor: number;
  events: RoomEvent[];
}

export interface BusOptions {
  keepPerRoom?: number;
  /** Sends a change to every app process (pg_notify) instead of delivering it here; they call deliver(). */
  relay?: (change: Change) => Promise<void>;
}

export class ChangeBus {
  /** Tells this process's own relayed changes from other processes' ones. */
  readonly id = crypto.randomUUID();
  readonly keepPerRoom: number;
  readonly #relay?: (change: Change) => Promise<void>;
  /** Numbers by wall clock (microseconds) rather than 1, 2, 3 (see the top of this file). */
  readonly clockSeq: boolean;
  /** Clock mode: every room's numbers before this process started may be missing here. */
  readonly #startedAt = Date.now() * 1000;
  #listeners = new Set<Listener>();
  #rooms = new Map<string, RoomLog>();

  constructor(options: BusOptions = {}) {
    this.keepPerRoom = options.keepPerRoom ?? KEEP_PER_ROOM;
    this.#relay = options.relay;
    this.clockSeq = Boolean(options.relay);
  }

  /**
   * Publishes a committed change to its rooms (by default its team's and its record's). Returns the numbered
   * events when delivered here at once; relayed through the database it returns [] and arrives a moment later.
   */
  publish(change: Change): RoomEvent[] {
    const stamped = { ...change, at: new Date().toISOString() };
    if (!this.#relay) return this.deliver(stamped, "here");
    this.#relay(stamped).catch((error) => console.error(`change bus: could not publish ${change.type}`, error));
    return [];
  }

  /**
   * Publishes the changes a domain write returned (e.g. moveDeal's `changes`), in order. Routes and socket
   * handlers call this with what the domain gave them instead of building events themselves, so the same
   * write sends the same events whichever door it came through.
   */
  publishAll(changes: readonly Change[]): void {
    for (const change of changes) this.publish(change);
  }

  /** Numbers a change in each of its rooms, keeps it for `since`, and hands it to the listeners. */
  deliver(change: Change, origin: Origin): RoomEvent[] {
    const at = change.at && !Number.isNaN(Date.parse(change.at)) ? change.at : new Date().toISOString();
    const rooms = change.rooms ?? [teamRoom(change.team_id), recordRoom(change.record_type, change.record_id)];
    const events = rooms.map((room) => {
      const log = this.#log(room);
      log.seq = this.clockSeq ? Math.max(log.seq + 1, Math.floor(Date.parse(at) * 1000)) : log.seq + 1;
      const event: RoomEvent = { ...change, room, seq: log.seq, at };
      log.events.push(event);
      if (log.events.length > this.keepPerRoom) {
        const dropped = log.events.splice(0, log.events.length - this.keepPerRoom);
        log.floor = dropped[dropped.length - 1].seq;
      }
      return event;
    });
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event, origin);
        } catch (error) {
          // A broken subscriber must not stop the others or the request that published.
          console.error("change bus listener failed", error);
        }
      }
    }
    return events;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  lastSeq(room: string): number {
    return this.#rooms.get(room)?.seq ?? this.#emptyFloor();
  }

  /** Events of a room with seq > since, oldest first. */
  since(room: string, since: number): SyncResult {
    const log = this.#rooms.get(room);
    if (!log) return { events: [], last_seq: this.#emptyFloor(), complete: since >= this.#emptyFloor() };
    const events = log.events.filter((e) => e.seq > since);
    return { events, last_seq: log.seq, complete: since >= log.floor };
  }

  #emptyFloor() {
    return this.clockSeq ? this.#startedAt : 0;
  }

  #log(room: string): RoomLog {
    let log = this.#rooms.get(room);
    if (!log) this.#rooms.set(room, log = { seq: this.#emptyFloor(), floor: this.#emptyFloor(), events: [] });
    return log;
  }
}
