// Dashboards: named grids of widgets, private or shared with the team (RLS, as reports). A widget shows a
// saved report (reportId) or carries its own config, at x/y with w/h on a 12-column grid. A dashboard's data
// runs every widget as the caller, in parallel; one widget that cannot run reports its error alone.
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import { isUuid } from "../ids.ts";
import { parseReportConfig, type ReportConfig } from "./config.ts";
import { type ReportResult, runReport } from "./query.ts";
import { runSavedReport } from "./run.ts";
import { VISIBILITIES, type Visibility } from "./store.ts";
import { defaultDashboardFor, templateById } from "./templates.ts";

export const GRID_COLUMNS = 12;

const widgetSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "A widget id is 1-40 letters, digits, - or _."),
  title: z.string().trim().min(1, "Give each widget a title.").max(120, "Widget titles are at most 120 characters."),
  reportId: z.uuid("reportId is a report's id.").optional(),
  config: z.unknown().optional(),
  x: z.number().int().min(0, "x is a column from 0 to 11.").max(GRID_COLUMNS - 1, "x is a column from 0 to 11."),
  y: z.number().int().min(0, "y is a row from 0.").max(1000, "y is at most 1000."),
  w: z.number().int().min(1, "w is 1 to 12 columns.").max(GRID_COLUMNS, "w is 1 to 12 columns."),
  h: z.number().int().min(1, "h is 1 to 24 rows.").max(24, "h is 1 to 24 rows."),
});

export type Widget = z.infer<typeof widgetSchema> & { config?: ReportConfig };

const widgets = z.array(widgetSchema).max(40, "A dashboard holds at most 40 widgets.");
const name = z.string().trim().min(1, "Give the dashboard a name.").max(120, "Keep the name under 120 characters.");
const visibility = z.enum(VISIBILITIES, 'visibility is "private" or "team".');

export const dashboardCreate = z.object({
  name,
  visibility: visibility.default("private"),
  widgets: widgets.optional(),
  fromTemplate: z.string().max(60).optional(),
});
export const dashboardUpdate = z.object({
  name: name.optional(),
  visibility: visibility.optional(),
  widgets: widgets.optional(),
});

export interface Dashboard {
  id: string;
  team_id: string;
  owner_id: string;
  name: string;
  visibility: Visibility;
  widgets: Widget[];
  is_default: boolean;
  created_at: string;
  updated_at: string;
  mine: boolean;
}

const COLUMNS = `id, team_id, owner_id, name, visibility, widgets, is_default, created_at, updated_at,
  owner_id = (select auth.uid()) as mine`;
const notFound = () => new AppError("not_found", "Dashboard not found.");
const bad = (message: string) => new AppError("bad_request", message);

function plain(row: Record<string, unknown>): Dashboard {
  return JSON.parse(JSON.stringify(row));
}

/** Checks the grid and each widget's config (a 400 naming the widget); returns what is stored. */
export function checkWidgets(input: z.infer<typeof widgets>): Widget[] {
  const ids = new Set<string>();
  return input.map((w) => {
    if (ids.has(w.id)) throw bad(`Two widgets have the id "${w.id}".`);
    ids.add(w.id);
    if (w.x + w.w > GRID_COLUMNS) throw bad(`The widget "${w.title}" runs past the grid's 12 columns (x + w > 12).`);
    if ((w.reportId === undefined) === (w.config === undefined)) {
      throw bad(`The widget "${w.title}" needs either a reportId or a config.`);
    }
    if (w.config === undefined) return w as Widget;
    try {
      return { ...w, config: parseReportConfig(w.config).config };
    } catch (error) {
      if (error instanceof AppError) throw bad(`The widget "${w.title}": ${error.message}`);
      throw error;
    }
  });
}

export async function listDashboards({ db, claims, teamId }: Caller): Promise<Dashboard[]> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query(
      `select ${COLUMNS} from public.dashboards where team_id = $1
       order by (owner_id = (select auth.uid())) desc, is_default desc, lower(name), id`,
      [teamId],
    ));
  return rows.map(plain);
}

export async function getDashboard({ db, claims, teamId }: Caller, id: string): Promise<Dashboard> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query(`select ${COLUMNS} from public.dashboards where id = $1 and team_id = $2`, [id, teamId]),
  );
  if (!row) throw notFound();
  return plain(row);
}

export async function createDashboard(caller: Caller, input: z.infer<typeof dashboardCreate>): Promise<Dashboard> {
  let source = input.widgets;
  if (input.fromTemplate !== undefined) {
    const template = templateById(input.fromTemplate);
    if (!template) throw bad(`There is no dashboard template "${input.fromTemplate}".`);
    source ??= template.widgets;
  }
  const checked = checkWidgets(source ?? []);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `insert into public.dashboards (team_id, owner_id, name, visibility, widgets)
       values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
      [caller.teamId, caller.claims.sub, input.name, input.visibility, JSON.stringify(checked)],
    ));
  return plain(row);
}

/**
 * The person's default dashboard for their role, made on their first visit (once: a unique index on the
 * default per person and team, so two first visits at once still make one).
 */
export async function ensureDefaultDashboard(caller: Caller): Promise<void> {
  const { name, widgets } = defaultDashboardFor(caller.role);
  await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `insert into public.dashboards (team_id, owner_id, name, visibility, widgets, is_default)
       values ($1, $2, $3, 'private', $4, true)
       on conflict (team_id, owner_id) where is_default do nothing`,
      [caller.teamId, caller.claims.sub, name, JSON.stringify(checkWidgets(widgets))],
    ));
}

export async function updateDashboard(
  caller: Caller,
  id: string,
  input: z.infer<typeof dashboardUpdate>,
): Promise<Dashboard> {
  if (!isUuid(id)) throw notFound();
  const sets: string[] = [];
  const params: unknown[] = [id, caller.teamId];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  if (input.name !== undefined) set("name", input.name);
  if (input.visibility !== undefined) set("visibility", input.visibility);
  if (input.widgets !== undefined) set("widgets", JSON.stringify(checkWidgets(input.widgets)));
  if (sets.length === 0) return await getDashboard(caller, id);
  const [row] = await caller.db.asUser(caller.claims, (tx) =>
    tx.query(
      `update public.dashboards set ${sets.join(", ")} where id = $1 and team_id = $2 returning ${COLUMNS}`,
      params,
    ));
  if (!row) await explainNoWrite(caller, id, "change");
  return plain(row);
}

export async function deleteDashboard(caller: Caller, id: string): Promise<{ id: string }> {
  if (!isUuid(id)) throw notFound();
  const [row] = await caller.db.asUser(
    caller.claims,
    (tx) => tx.query("delete from public.dashboards where id = $1 and team_id = $2 returning id", [id, caller.teamId]),
  );
  if (!row) await explainNoWrite(caller, id, "delete");
  return { id };
}

async function explainNoWrite(caller: Caller, id: string, verb: string): Promise<never> {
  await getDashboard(caller, id);
  throw new AppError("forbidden", `Only the person who saved this dashboard can ${verb} it.`);
}

export type WidgetData = ReportResult | { error: { code: string; message: string } };

/** One widget's result as the caller; a refusal (a report no longer visible...) becomes that widget's error. */
export async function widgetData(caller: Caller, widget: Widget): Promise<WidgetData> {
  try {
    if (widget.reportId) return (await runSavedReport(caller, widget.reportId)).result;
    return await runReport(caller, parseReportConfig(widget.config));
  } catch (error) {
    if (error instanceof AppError) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** Every widget's data in one answer, the widgets run in parallel. */
export async function dashboardData(caller: Caller, id: string): Promise<{ widgets: Record<string, WidgetData> }> {
  const dashboard = await getDashboard(caller, id);
  const results = await Promise.all(dashboard.widgets.map((w) => widgetData(caller, w)));
  return { widgets: Object.fromEntries(dashboard.widgets.map((w, i) => [w.id, results[i]])) };
}
