// The timeline's filters (kinds, person, dates) and the API query they make.
import { TYPE_FILTERS } from "./format.ts";

export interface Filters {
  kinds: string[];
  actor: string;
  from: string;
  to: string;
}

export const NO_FILTERS: Filters = { kinds: [], actor: "", from: "", to: "" };
export const PAGE_SIZE = "30";

export function hasFilters(f: Filters): boolean {
  return f.kinds.length > 0 || Boolean(f.actor || f.from || f.to);
}

/** The query string of GET /api/v1/activities for one page of a record's timeline. */
export function timelineQuery(
  record: { type: string; id: string },
  timeZone: string,
  f: Filters,
  cursor = "",
): URLSearchParams {
  const params = new URLSearchParams({ record_type: record.type, record_id: record.id, limit: PAGE_SIZE });
  params.set("tz", timeZone);
  const types = TYPE_FILTERS.filter((t) => f.kinds.includes(t.key)).flatMap((t) => t.types);
  if (types.length) params.set("types", types.join(","));
  if (f.actor) params.set("actor_id", f.actor);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (cursor) params.set("cursor", cursor);
  return params;
}
