// Which change-bus events (lib/bus) make which report source stale, so dashboards refetch their widgets
// when the data under them changes. Record tables publish record.created / record.updated / record.deleted
// (and records.bulk_changed for big statements) to the team's room with their record_type; the deals board
// also sends deal.moved. Pure: islands import it too.
import type { SourceName } from "./sources/types.ts";

export interface SourceEvents {
  /** Event types that can change the source's rows. */
  types: readonly string[];
  /** The record_type those events carry. */
  recordTypes: readonly string[];
}

const RECORD_EVENTS = ["record.created", "record.updated", "record.deleted", "records.bulk_changed"] as const;

export const SOURCE_EVENTS: Readonly<Record<SourceName, SourceEvents>> = {
  deals: { types: [...RECORD_EVENTS, "deal.moved"], recordTypes: ["deal"] },
  // a stay is written when a deal is created or moves, and ends when it moves again
  deal_stages: { types: [...RECORD_EVENTS, "deal.moved"], recordTypes: ["deal"] },
  leads: { types: RECORD_EVENTS, recordTypes: ["lead"] },
  contacts: { types: RECORD_EVENTS, recordTypes: ["contact"] },
  activities: { types: RECORD_EVENTS, recordTypes: ["activity"] },
  tasks: { types: RECORD_EVENTS, recordTypes: ["task"] },
  // no sequence data exists yet (the outreach feature), so nothing makes it stale
  sequences: { types: [], recordTypes: [] },
};

/** The sources a bus event makes stale (empty for events no report reads). */
export function sourcesAffectedBy(event: { type: string; record_type: string }): SourceName[] {
  return (Object.keys(SOURCE_EVENTS) as SourceName[]).filter((name) =>
    SOURCE_EVENTS[name].types.includes(event.type) && SOURCE_EVENTS[name].recordTypes.includes(event.record_type)
  );
}
