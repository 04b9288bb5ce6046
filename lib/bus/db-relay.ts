// Changes made inside the database (triggers, jobs, other app processes) reach the change bus through
// Postgres notifications: `pg_notify('leadly_bus', <Change as JSON>)`, delivered after commit. In embedded
// mode PGlite delivers them in-process; with DATABASE_URL every app process on the database gets them, in
// the same order, and the change bus relays its own publications this way too (see change-bus.ts).
import type { Config } from "../../fresh.config.ts";
import type { Db } from "../db/mod.ts";
import { type Change, ChangeBus } from "./change-bus.ts";

export const BUS_CHANNEL = "leadly_bus";
/** Postgres refuses notification payloads of 8000 bytes or more. */
export const NOTIFY_LIMIT = 7900;

/** A relayed change names the bus that published it; changes from SQL carry no origin. */
type Relayed = Change & { origin?: string };

function isChange(value: unknown): value is Relayed {
  const change = value as Relayed | null;
  return typeof change?.team_id === "string" && typeof change.type === "string" &&
    typeof change.record_type === "string" && typeof change.record_id === "string" &&
    (change.rooms === undefined || (Array.isArray(change.rooms) && change.rooms.every((r) => typeof r === "string")));
}

/** Starts feeding the bus from the database; resolves once listening, with the function that stops it. */
export function bridgeDatabaseToBus(db: Db, bus: ChangeBus): Promise<() => Promise<void>> {
  return db.listen(BUS_CHANNEL, (text) => {
    let change: unknown;
    try {
      change = JSON.parse(text);
    } catch {
      change = null;
    }
    if (!isChange(change)) {
      console.error("leadly_bus: ignored a notification that is not a change", text.slice(0, 200));
      return;
    }
    const { origin, ...rest } = change;
    bus.deliver(rest, origin === undefined ? "database" : origin === bus.id ? "here" : "peer");
  });
}

const encoder = new TextEncoder();

/**
 * The notification text for a change: whole when it fits, else with only the payload's short top-level
 * fields (ids, stage, amounts) and `payload_trimmed: true`, so listeners know to reload the record.
 */
export function notificationText(change: Relayed): string {
  const text = JSON.stringify(change);
  if (encoder.encode(text).length <= NOTIFY_LIMIT) return text;
  const payload = change.payload && typeof change.payload === "object" ? change.payload as Record<string, unknown> : {};
  const short: Record<string, unknown> = { payload_trimmed: true };
  for (const [key, value] of Object.entries(payload)) {
    if (value === null || typeof value !== "object") {
      if (typeof value !== "string" || value.length <= 200) short[key] = value;
    }
  }
  const trimmed = JSON.stringify({ ...change, payload: short });
  if (encoder.encode(trimmed).length <= NOTIFY_LIMIT) return trimmed;
  return JSON.stringify({ ...change, payload: { payload_trimmed: true } });
}

/** Publishes a change to every app process on the database (this one included) after it commits. */
export async function relayThroughDatabase(db: Db, change: Change, origin: string): Promise<void> {
  const text = notificationText({ ...change, origin });
  await db.asService("realtime:publish", (tx) => tx.query("select pg_notify($1, $2)", [BUS_CHANNEL, text]));
}

/**
 * The app's one bus, made with its other services (app/services.ts). Only an app configured with DATABASE_URL may
 * share its database with other processes, so only then does it relay through Postgres; test servers on
 * TEST_DATABASE_URL (config without it) keep the simple 1, 2, 3 numbering their assertions read.
 */
export function createChangeBus(config: Pick<Config, "databaseUrl">, db: Db): ChangeBus {
  if (!config.databaseUrl || db.kind !== "postgres") return new ChangeBus();
  const bus: ChangeBus = new ChangeBus({ relay: (change) => relayThroughDatabase(db, change, bus.id) });
  return bus;
}
