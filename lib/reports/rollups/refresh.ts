// Keeping the rollups up to date. Triggers list the (team, day) pairs a change touched in
// report_rollup_dirty; refreshRollups rebuilds those days; rebuildRollups rebuilds everything of a team (the
// nightly safety net, and the first build after a bulk load). Each pass runs as the service role (a named
// system job) in one transaction, and takes the dirty rows first: a change committed after that is either in
// the rebuilt rows or still listed as dirty, so a report never reads a stale rollup day as clean.
import type { Db, Tx } from "../../db/mod.ts";
import { ACTIVITY_ROLLUP, DEAL_ROLLUP, type RollupDef } from "./defs.ts";

export const ROLLUP_REFRESH_JOB = "reports-rollup-refresh";
export const ROLLUP_REBUILD_JOB = "reports-rollup-rebuild";

const DEFS = [DEAL_ROLLUP, ACTIVITY_ROLLUP];

/** Above this many dirty days a team's whole rollup is rebuilt (one pass is cheaper than many day ranges). */
const REBUILD_ABOVE_DAYS = 200;

/** insert into <rollup> select ... from <source> where <team> and <days>: the same SQL for a few days or all. */
function rebuildSql(def: RollupDef, daysClause: string): string {
  const dims = def.columns.map((c) => c.raw);
  const sums = Object.values(def.sums).map((s) => `coalesce(sum(${s.raw}), 0)`);
  // activities' duration stays null when no activity of the group had one (sum over nulls), like the raw sum
  const sumList = def === ACTIVITY_ROLLUP ? Object.values(def.sums).map((s) => `sum(${s.raw})`) : sums;
  const day = `(t.${def.dateColumn} at time zone 'UTC')::date`;
  return `insert into ${def.table} (team_id, ${def.columns.map((c) => c.name).join(", ")}, day, n, ${
    Object.values(def.sums).map((s) => s.name).join(", ")
  })
    select t.team_id, ${dims.join(", ")}, ${day}, count(*), ${sumList.join(", ")}
    from ${def.source === "deals" ? "public.deals" : "public.activities"} t
    where t.team_id = $1 and ${def.rawWhere} ${daysClause}
    group by t.team_id, ${dims.join(", ")}, ${day}`;
}

async function rebuildDays(tx: Tx, def: RollupDef, teamId: string, days: string[]): Promise<void> {
  await tx.query(`delete from ${def.table} where team_id = $1 and day = any($2::date[])`, [teamId, days]);
  const sorted = [...days].sort();
  const first = `${sorted[0]}T00:00:00Z`;
  const after = new Date(Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`) + 86_400_000).toISOString();
  // the range bound lets the (team, date) index find the rows; the day list picks the dirty ones
  await tx.query(
    rebuildSql(
      def,
      `and t.${def.dateColumn} >= $3::timestamptz and t.${def.dateColumn} < $4::timestamptz ` +
        `and (t.${def.dateColumn} at time zone 'UTC')::date = any($2::date[])`,
    ),
    [teamId, days, first, after],
  );
}

async function rebuildTeam(tx: Tx, def: RollupDef, teamId: string): Promise<void> {
  await tx.query("delete from public.report_rollup_dirty where team_id = $1 and source = $2", [teamId, def.source]);
  await tx.query(`delete from ${def.table} where team_id = $1`, [teamId]);
  await tx.query(rebuildSql(def, ""), [teamId]);
}

/** Rebuilds every rollup of one team inside the caller's transaction (after a bulk load without triggers). */
export async function rebuildTeamRollups(tx: Tx, teamId: string): Promise<void> {
  for (const def of DEFS) await rebuildTeam(tx, def, teamId);
}

/** Rebuilds every dirty day (of one team, or all; of one source, or both): returns how many (team, source) pairs were refreshed. */
export async function refreshRollups(db: Db, options: { teamId?: string; source?: string } = {}): Promise<number> {
  const pending = (await db.asService("reports:rollup-pending", (tx) =>
    tx.query<{ team_id: string; source: string }>(
      `select distinct team_id, source from public.report_rollup_dirty ${options.teamId ? "where team_id = $1" : ""}`,
      options.teamId ? [options.teamId] : [],
    ))).filter((p) => !options.source || p.source === options.source);
  for (const { team_id: teamId, source } of pending) {
    const def = DEFS.find((d) => d.source === source);
    if (!def) continue;
    await db.asService("reports:rollup-refresh", async (tx) => {
      // taken first: what changes from here on stays listed until the next pass
      const taken = await tx.query<{ day: string }>(
        `with gone as (delete from public.report_rollup_dirty where team_id = $1 and source = $2 returning day)
         select distinct day::text as day from gone`,
        [teamId, source],
      );
      if (taken.length === 0) return;
      if (taken.length > REBUILD_ABOVE_DAYS) {
        await tx.query(`delete from ${def.table} where team_id = $1`, [teamId]);
        await tx.query(rebuildSql(def, ""), [teamId]);
      } else {
        await rebuildDays(tx, def, teamId, taken.map((t) => t.day));
      }
    });
  }
  return pending.length;
}

/** Rebuilds the whole rollup of one team, or of every team (nightly). */
export async function rebuildRollups(db: Db, options: { teamId?: string } = {}): Promise<void> {
  const teams = options.teamId
    ? [options.teamId]
    : (await db.asService("reports:rollup-teams", (tx) => tx.query<{ id: string }>("select id from public.teams"))).map(
      (t) => t.id,
    );
  for (const teamId of teams) {
    for (const def of DEFS) await db.asService("reports:rollup-rebuild", (tx) => rebuildTeam(tx, def, teamId));
  }
}

/** Refreshes under way, per database, team and source: the widgets of one dashboard share one refresh. */
const refreshing = new WeakMap<Db, Map<string, Promise<void>>>();

/**
 * Brings one team's rollup of one source up to date now (a report found stale days in its range): the refresh
 * job's work, as the service role, started once per team and source at a time in this process. A refresh in
 * another process meanwhile is harmless: each pass takes the dirty list first, so the second finds it empty.
 */
export function refreshTeamNow(db: Db, teamId: string, source: string): Promise<void> {
  let running = refreshing.get(db);
  if (!running) refreshing.set(db, running = new Map());
  const key = `${teamId}:${source}`;
  const pending = running.get(key);
  if (pending) return pending;
  const started = refreshRollups(db, { teamId, source }).then(() => undefined).finally(() => running.delete(key));
  running.set(key, started);
  return started;
}
