// One in-process change bus: database changes made through pages, the API or jobs are published here
// after they commit, numbered per room, kept (the last 500 per room) for clients that reconnect and ask
// "since N", and fanned out to sockets by realtime/server.ts.

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

type Listener = (event: RoomEvent) => void;

export const KEEP_PER_ROOM = 500;

export function teamRoom(teamId: string) {
  return `team:${teamId}`;
}

export function recordRoom(recordType: string, recordId: string) {
  return `record:${recordType}:${recordId}`;
}

interface RoomLog {
  seq: number;
  events: RoomEvent[];
}

export class ChangeBus {
  #listeners = new Set<Listener>();
  #rooms = new Map<string, RoomLog>();

  constructor(readonly keepPerRoom = KEEP_PER_ROOM) {}

  /** Records a committed change in its team's room and its record's room; returns the numbered events. */
  publish(change: Change): RoomEvent[] {
    const at = new Date().toISOString();
    const rooms = change.rooms ?? [teamRoom(change.team_id), recordRoom(change.record_type, change.record_id)];
    const events = rooms.map((room) => {
      const log = this.#log(room);
      const event: RoomEvent = { ...change, room, seq: ++log.seq, at };
      log.events.push(event);
      if (log.events.length > this.keepPerRoom) log.events.splice(0, log.events.length - this.keepPerRoom);
      return event;
    });
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
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
    return this.#rooms.get(room)?.seq ?? 0;
  }

  /** Events of a room with seq > since, oldest first. */
  since(room: string, since: number): SyncResult {
    const log = this.#rooms.get(room);
    if (!log) return { events: [], last_seq: 0, complete: true };
    const events = log.events.filter((e) => e.seq > since);
    const oldestKept = log.events[0]?.seq ?? log.seq + 1;
    return { events, last_seq: log.seq, complete: since >= log.seq || oldestKept <= since + 1 };
  }

  #log(room: string): RoomLog {
    let log = this.#rooms.get(room);
    if (!log) this.#rooms.set(room, log = { seq: 0, events: [] });
    return log;
  }
}

// One bus per app (keyed by its services object), so route handlers can publish without the bus being
// threaded through AppServices, and the socket server picks up the same one.
const buses = new WeakMap<object, ChangeBus>();

export function busFor(services: object): ChangeBus {
  let bus = buses.get(services);
  if (!bus) buses.set(services, bus = new ChangeBus());
  return bus;
}
