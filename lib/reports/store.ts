// Saved reports: a name, a checked config and who sees it (private, or the whole team). RLS decides who sees a
// report and that only its owner changes it; this module checks configs before they are written and words
// the refusals.
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import { isUuid } from "../ids.ts";
import { parseReportConfig, type ReportConfig } from "./config.ts";

export const VISIBILITIES = ["private", "team"] as const;
export type Visibility = typeof VISIBILITIES[number];

export interface SavedReport {
  id: string;
  team_id: string;
  owner_id: string;
  name: string;
  config: ReportConfig;
  visibility: Visibility;
  created_at: string;
  updated_at: string;
  /** True when the caller saved it (and may change it). */
  mine: boolean;
}

const name = z.string().trim().min(1, "Give the report a name.").max(120, "Keep the name under 120 characters.");
const visibility = z.enum(VISIBILITIES, 'visibility is "private" or "team".');

// The config is checked by parseReportConfig (a 400 naming the problem), not at the edge's 422.
export const reportCreate = z.object({ name, config: z.unknown(), visibility: visibility.default("private") });
export const reportUpdate = z.object({
  name: name.optional(),
  config: z.unknown().optional(),
  visibility: visibility.optional(),
});

const COLUMNS = `id, team_id, owner_id, name, config, visibility, created_at, updated_at,
  owner_id = (select auth.uid()) as mine`;
export const reportNotFound = () => new AppError("not_found", "Report not found.");

function plain(row: Record<string, unknown>): SavedReport {
  return JSON.parse(JSON.stringify(row));
}

/** The caller's reports first, then the team's shared ones, by name. */
export async function listReports({ db, claims, teamId }: Caller): Promise<SavedReport[]> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query(
      `select ${COLUMNS} from public.reports where team_id = $1
       order by (owner_id = (select auth.uid())) desc, lower(name), id`,
      [teamId],
    ));
  return rows.map(plain);
}

export async function getReport({ db, claims, teamId }: Caller, id: string): Promise<SavedReport> {
  if (!isUuid(id)) throw reportNotFound();
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query(`select ${COLUMNS} from public.reports where id = $1 and team_id = $2`, [id, teamId]),
  );
  if (!row) throw reportNotFound();
  return plain(row);
}

export async function createReport(caller: Caller, input: z.infer<typeof reportCreate>): Promise<SavedReport> {
  const { config } = parseReportConfig(input.config);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `insert into public.reports (team_id, owner_id, name, config, visibility)
       values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
      [caller.teamId, caller.claims.sub, input.name, JSON.stringify(config), input.visibility],
    ));
  return plain(row);
}

export async function updateReport(
  caller: Caller,
  id: string,
  input: z.infer<typeof reportUpdate>,
): Promise<SavedReport> {
  if (!isUuid(id)) throw reportNotFound();
  const sets: string[] = [];
  const params: unknown[] = [id, caller.teamId];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  if (input.name !== undefined) set("name", input.name);
  if (input.config !== undefined) set("config", JSON.stringify(parseReportConfig(input.config).config));
  if (input.visibility !== undefined) set("visibility", input.visibility);
  if (sets.length === 0) return await getReport(caller, id);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `update public.reports set ${sets.join(", ")} where id = $1 and team_id = $2 returning ${COLUMNS}`,
      params,
    ));
  if (!row) await explainNoWrite(caller, id, "change");
  return plain(row);
}

export async function deleteReport(caller: Caller, id: string): Promise<{ id: string }> {
  if (!isUuid(id)) throw reportNotFound();
  const [row] = await caller.db.asUser(
    caller.claims,
    (tx) => tx.query("delete from public.reports where id = $1 and team_id = $2 returning id", [id, caller.teamId]),
  );
  if (!row) await explainNoWrite(caller, id, "delete");
  return { id };
}

/** A write that touched nothing: 404 when the report is invisible, 403 when it is someone else's team report. */
async function explainNoWrite(caller: Caller, id: string, verb: string): Promise<never> {
  await getReport(caller, id);
  throw new AppError("forbidden", `Only the person who saved this report can ${verb} it.`);
}
