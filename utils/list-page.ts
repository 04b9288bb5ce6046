// Server side of the list pages (/contacts, /companies) and their exports: reads the URL into list
// state, loads the first page, the team's members, saved views and filter choices, all as the user.
import { AppError } from "../lib/errors.ts";
import type { Ctx } from "../lib/web/context.ts";
import type { SignedInState, State } from "../utils.ts";
import type { Claims } from "../lib/db/claims.ts";
import type { Db } from "../lib/db/mod.ts";
import type { ResourceSpec } from "../lib/records/resource-spec.ts";
import { contactsSpec } from "../lib/records/contacts.ts";
import { companiesSpec } from "../lib/records/companies.ts";
import { dealsSpec } from "../lib/deals/deals.ts";
import { leadsSpec } from "../lib/leads/spec.ts";
import { listRecords } from "../lib/records/records.ts";
import { getView, listViews, type SavedView } from "../lib/records/saved-views.ts";
import { listMembers } from "../lib/teams.ts";
import { LIST_CONFIGS, type ListResource, type ListRow } from "../lib/list/columns.ts";
import { apiQuery, type ListState, parseListState } from "../lib/list/query.ts";
import { type ExportFields, type ExportFormat, exportResponse } from "../lib/list/export.ts";

export const LIST_SPECS: Record<ListResource, ResourceSpec> = {
  contacts: contactsSpec,
  companies: companiesSpec,
  leads: leadsSpec,
  deals: dealsSpec,
};

export const PAGE_SIZE = 50;

export interface Member {
  id: string;
  name: string;
}

export interface ListPageData {
  resource: ListResource;
  state: ListState;
  rows: ListRow[];
  nextCursor: string | null;
  /** The first page was read after a cursor (the no-JS "Load more" link). */
  afterCursor: boolean;
  error: string | null;
  members: Member[];
  views: SavedView[];
  /** Values in use per filter column, for the filter selects. */
  facets: Record<string, string[]>;
  userId: string;
  canWrite: boolean;
}

/** Distinct values of a few columns, for "Industry: [Retail, Software, ...]" choices. */
async function facetValues(db: Db, claims: Claims, spec: ResourceSpec, teamId: string, columns: string[]) {
  const facets: Record<string, string[]> = {};
  await db.asUser(claims, async (tx) => {
    for (const column of columns) {
      if (!spec.columns.includes(column)) continue;
      const rows = await tx.query<{ value: string }>(
        `select distinct t.${column} as value from ${spec.table} t
         where t.team_id = $1 and t.deleted_at is null and t.${column} is not null and t.${column} <> ''
         order by 1 limit 200`,
        [teamId],
      );
      facets[column] = rows.map((r) => r.value);
    }
  });
  return facets;
}

export async function memberList(db: Db, claims: Claims, teamId: string): Promise<Member[]> {
  return (await listMembers(db, claims, teamId)).map((m) => ({ id: m.user_id, name: m.full_name || m.email }));
}

/** The URL's list state; a bare `?view=<id>` link opens that saved view's filters, sort and columns. */
async function stateFromUrl(ctx: Ctx<State>, resource: ListResource): Promise<ListState> {
  const { session, app } = ctx.state as SignedInState;
  const config = LIST_CONFIGS[resource];
  const state = parseListState(config, ctx.url.searchParams);
  const onlyView = [...ctx.url.searchParams.keys()].every((key) => key === "view");
  if (state.view && onlyView) {
    try {
      const view = await getView(app.db, session.claims, session.team.id, state.view);
      if (view.resource === resource) {
        return { ...parseListState(config, view.query), columns: view.columns, view: view.id };
      }
    } catch {
      // A deleted or foreign view: show the plain list.
    }
    return { ...state, view: "" };
  }
  return state;
}

export async function loadListPage(ctx: Ctx<State>, resource: ListResource): Promise<ListPageData> {
  const { session, app } = ctx.state as SignedInState;
  const { db } = app;
  const { claims, team } = session;
  const config = LIST_CONFIGS[resource];
  const spec = LIST_SPECS[resource];
  const state = await stateFromUrl(ctx, resource);
  const cursor = ctx.url.searchParams.get("cursor") ?? "";
  let rows: ListRow[] = [];
  let nextCursor: string | null = null;
  let error: string | null = null;
  try {
    const page = await listRecords(
      db,
      claims,
      team.id,
      spec,
      apiQuery(config, state, { limit: String(PAGE_SIZE), cursor }),
    );
    // JSON-safe, exactly as the API would send them, so the island treats both alike.
    rows = JSON.parse(JSON.stringify(page.data));
    nextCursor = page.next_cursor;
  } catch (caught) {
    if (!(caught instanceof AppError) || caught.status >= 500) throw caught;
    error = caught.message;
  }
  const [members, views, facets] = await Promise.all([
    memberList(db, claims, team.id),
    listViews(db, claims, team.id, resource),
    facetValues(db, claims, spec, team.id, config.facets),
  ]);
  return {
    resource,
    state,
    rows,
    nextCursor,
    afterCursor: Boolean(cursor),
    error,
    members,
    views,
    facets,
    userId: session.user.id,
    canWrite: team.role !== "viewer",
  };
}

/**
 * GET /<resource>/export?format=csv|xlsx[&fields=all]&<list query>: the whole filtered list as a
 * download, in the visible columns or (fields=all) every field, ready for the import wizard.
 */
export async function exportList(ctx: Ctx<State>, resource: ListResource): Promise<Response> {
  const { session, app } = ctx.state as SignedInState;
  const format = ctx.url.searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") {
    throw new AppError("unprocessable_entity", "Export as csv or xlsx.");
  }
  const fields = ctx.url.searchParams.get("fields") ?? "visible";
  if (fields !== "visible" && fields !== "all") {
    throw new AppError("unprocessable_entity", 'Export the visible columns or "all" fields.');
  }
  const config = LIST_CONFIGS[resource];
  const state = await stateFromUrl(ctx, resource);
  const members = await memberList(app.db, session.claims, session.team.id);
  return await exportResponse({
    db: app.db,
    claims: session.claims,
    teamId: session.team.id,
    spec: LIST_SPECS[resource],
    config,
    state,
    ownerNames: Object.fromEntries(members.map((m) => [m.id, m.name])),
    format: format as ExportFormat,
    fields: fields as ExportFields,
  });
}
