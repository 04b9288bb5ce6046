// Changes made inside the database (triggers, jobs, other app processes) reach the change bus through
// Postgres notifications: `pg_notify('leadly_bus', <Change as JSON>)`, delivered after commit. In embedded
// mode PGlite delivers them in-process; with DATABASE_URL every app process on the database gets them.
import type { Db } from "../lib/db/mod.ts";
import type { Change, ChangeBus } from "./change-bus.ts";

export const BUS_CHANNEL = "leadly_bus";

function isChange(value: unknown): value is Change {
  const change = value as Change | null;
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
    if (isChange(change)) bus.publish(change);
    else console.error("leadly_bus: ignored a notification that is not a change", text.slice(0, 200));
  });
}
