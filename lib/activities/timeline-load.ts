// Server side of the activity timeline on record pages: the first page and the teammates, read as the user, in
// the shape the ActivityTimeline island takes as props. A page that calls this gets a timeline that is
// readable without JavaScript; without it the island loads the first page itself.
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { type RecordType, teamMembersForMentions, timeline } from "./activities.ts";
import { getProfile } from "../profiles.ts";
import { dayKey, type TimelineData } from "./client/format.ts";

export const TIMELINE_PAGE_SIZE = 30;

export async function loadTimeline(
  db: Db,
  claims: Claims,
  team: { id: string; role: string },
  recordType: RecordType,
  recordId: string,
): Promise<TimelineData> {
  const { timezone } = await getProfile(db, claims);
  const [page, members] = await Promise.all([
    timeline(db, claims, team.id, recordType, recordId, { limit: TIMELINE_PAGE_SIZE, timeZone: timezone }),
    db.asUser(claims, (tx) => teamMembersForMentions(tx, team.id)),
  ]);
  return {
    // JSON-safe, exactly as the API would send it, so the island treats both alike
    days: JSON.parse(JSON.stringify(page.days)),
    nextCursor: page.next_cursor,
    members: members.map((m) => ({ id: m.id, name: m.name || m.handle || "Teammate", handle: m.handle ?? null })),
    timeZone: timezone,
    today: dayKey(new Date(), timezone),
    userId: claims.sub,
    canWrite: team.role !== "viewer",
  };
}
