// Saved list views: named filters + sort + columns, private or shared with the team. RLS decides who
// sees a view (owner, or anyone in the team when shared) and who may change it (only the owner).
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Claims } from "../db/claims.ts";
import type { Db } from "../db/mod.ts";
import { isUuid } from "../ids.ts";

export const VIEW_RESOURCES = ["contacts", "companies", "leads", "deals"] as const;
export type ViewResource = typeof VIEW_RESOURCES[number];

export interface SavedView {
  id: string;
  team_id: string;
  owner_id: string;
  resource: ViewResource;
  name: string;
  query: Record<string, string>;
  columns: string[];
  is_shared: boolean;
  created_at: string;
  updated_at: string;
}

const resource = z.enum(VIEW_RESOURCES, `Views are for ${VIEW_RESOURCES.join(", ")}.`);
const name = z.string().trim().min(1, "Give the view a name.").max(80, "Keep the name under 80 characters.");
const query = z.record(
  z.string().regex(/^[a-z_]{1,40}$/, "Query keys are parameter names like industry or sort."),
  z.string().max(500, "A filter value can be at most 500 characters."),
).refine((q) => Object.keys(q).length <= 40, "At most 40 filters.");
const columns = z.array(z.string().regex(/^[a-z_]{1,40}$/, "Columns are field names like email.")).max(40);

export const viewCreate = z.object({
  resource,
  name,
  query: query.default({}),
  columns: columns.default([]),
  is_shared: z.boolean().default(false),
});
export const viewUpdate = z.object({
  name: name.optional(),
  query: query.optional(),
  columns: columns.optional(),
  is_shared: z.boolean().optional(),
});

const COLUMNS = "id, team_id, owner_id, resource, name, query, columns, is_shared, created_at, updated_at";
const notFound = () => new AppError("not_found", "View not found.");

/** JSON-safe (timestamps as ISO strings), so pages can hand views to islands as the API would. */
function plain(row: Record<string, unknown>): SavedView {
  return JSON.parse(JSON.stringify(row));
}

/** Views of one list the user may see: their own first, then shared ones, each by name. */
export async function listViews(db: Db, claims: Claims, teamId: string, of: string): Promise<SavedView[]> {
  const parsed = resource.safeParse(of);
  if (!parsed.success) throw new AppError("unprocessable_entity", parsed.error.issues[0].message);
  const rows = await db.asUser(claims, (tx) =>
    tx.query(
      `select ${COLUMNS} from public.saved_views where team_id = $1 and resource = $2
       order by (owner_id = (select auth.uid())) desc, lower(name), id`,
      [teamId, parsed.data],
    ));
  return rows.map(plain);
}

export async function getView(db: Db, claims: Claims, teamId: string, id: string): Promise<SavedView> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query(`select ${COLUMNS} from public.saved_views where id = $1 and team_id = $2`, [id, teamId]),
  );
  if (!row) throw notFound();
  return plain(row);
}

export async function createView(
  db: Db,
  claims: Claims,
  teamId: string,
  input: z.infer<typeof viewCreate>,
): Promise<SavedView> {
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `insert into public.saved_views (team_id, owner_id, resource, name, query, columns, is_shared)
       values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [teamId, claims.sub, input.resource, input.name, JSON.stringify(input.query), input.columns, input.is_shared],
    ));
  return plain(row);
}

export async function updateView(
  db: Db,
  claims: Claims,
  teamId: string,
  id: string,
  input: z.infer<typeof viewUpdate>,
): Promise<SavedView> {
  if (!isUuid(id)) throw notFound();
  const sets: string[] = [];
  const params: unknown[] = [id, teamId];
  const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
  if (input.name !== undefined) set("name", input.name);
  if (input.query !== undefined) set("query", JSON.stringify(input.query));
  if (input.columns !== undefined) set("columns", input.columns);
  if (input.is_shared !== undefined) set("is_shared", input.is_shared);
  if (sets.length === 0) return await getView(db, claims, teamId, id);
  const [row] = await db.asUser(claims, (tx) =>
    tx.query(
      `update public.saved_views set ${sets.join(", ")} where id = $1 and team_id = $2 returning ${COLUMNS}`,
      params,
    ));
  if (!row) await explainNoWrite(db, claims, teamId, id, "change");
  return plain(row);
}

export async function deleteView(db: Db, claims: Claims, teamId: string, id: string): Promise<{ id: string }> {
  if (!isUuid(id)) throw notFound();
  const [row] = await db.asUser(
    claims,
    (tx) =>
      tx.query<{ id: string }>("delete from public.saved_views where id = $1 and team_id = $2 returning id", [
        id,
        teamId,
      ]),
  );
  if (!row) await explainNoWrite(db, claims, teamId, id, "delete");
  return { id };
}

/** A write that touched nothing: 404 when the view is invisible, 403 when it is someone else's shared view. */
async function explainNoWrite(db: Db, claims: Claims, teamId: string, id: string, verb: string): Promise<never> {
  await getView(db, claims, teamId, id);
  throw new AppError("forbidden", `Only the person who saved this view can ${verb} it.`);
}
