// /deals: the kanban board of one pipeline (the default unless ?pipeline= says otherwise), filtered by the
// toolbar's GET form. Rendered on the server (cards are links), then the DealBoard island takes over moving.
import { define, type SignedInState } from "../../../utils.ts";
import { Head } from "../../../lib/web/head.tsx";
import { PageHeader } from "../../../components/ui/PageHeader.tsx";
import { Button } from "../../../components/ui/Button.tsx";
import { EmptyState } from "../../../components/ui/EmptyState.tsx";
import { DealViewSwitch } from "../../../components/deals/DealViewSwitch.tsx";
import DealBoard, { type BoardFilterValues } from "../../../islands/DealBoard.tsx";
import { type Board, type BoardFilters, loadBoard } from "../../../lib/deals/deals.ts";
import { listPipelines } from "../../../lib/deals/pipelines.ts";
import { isUuid } from "../../../lib/ids.ts";
import { memberList } from "../../../utils/list-page.ts";

/**
 * Cards loaded per column (all of them with ?all=1); the island renders 50 at a time. Counts and totals always
 * cover every deal. Keeps a 2,000-deal board's page small: each loaded card is also an island prop.
 */
const LOADED_PER_STAGE = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Query parameters only the list view knows. */
const LIST_ONLY = /^(sort|columns|view|cursor|value_min|value_max|currency|tags|created_after|created_before)$/;

interface Data {
  board: Board;
  pipelines: { id: string; name: string }[];
  members: { id: string; name: string }[];
  filters: BoardFilterValues;
  now: string;
}

export const handler = define.handlers({
  async GET(ctx) {
    // The record list (islands/RecordList.tsx) keeps its state in /deals?...: send list queries to the list.
    if ([...ctx.url.searchParams.keys()].some((key) => LIST_ONLY.test(key))) {
      return ctx.redirect(`/deals/list${ctx.url.search}`);
    }
    const { session, app } = ctx.state as SignedInState;
    const { claims, team } = session;
    const params = ctx.url.searchParams;
    const get = (key: string) => (params.get(key) ?? "").trim().slice(0, 200);
    const filters: BoardFilterValues = {
      owner_id: isUuid(get("owner_id")) ? get("owner_id") : "",
      q: get("q"),
      min_value: Number.isFinite(Number(get("min_value"))) && get("min_value") !== "" ? get("min_value") : "",
      close_from: DATE.test(get("close_from")) ? get("close_from") : "",
      close_to: DATE.test(get("close_to")) ? get("close_to") : "",
    };
    const wanted = get("pipeline");
    const query: BoardFilters = {
      limitPerStage: params.get("all") === "1" ? 2000 : LOADED_PER_STAGE,
      ...(filters.owner_id && { owner_id: filters.owner_id }),
      ...(filters.q && { q: filters.q }),
      ...(filters.min_value && { min_value: Number(filters.min_value) }),
      ...(filters.close_from && { close_from: filters.close_from }),
      ...(filters.close_to && { close_to: filters.close_to }),
    };
    const [board, pipelines, members] = await Promise.all([
      loadBoard(app.db, claims, team.id, isUuid(wanted) ? wanted : null, query),
      listPipelines(app.db, claims, team.id),
      memberList(app.db, claims, team.id),
    ]);
    return ctx.render<Data>({
      board: JSON.parse(JSON.stringify(board)),
      pipelines: pipelines.map((p) => ({ id: p.id, name: p.name })),
      members,
      filters,
      now: new Date().toISOString(),
    });
  },
});

export default define.page<typeof handler>(function Deals({ data, state }) {
  const { csrf, session } = state as SignedInState;
  const canWrite = session.team.role !== "viewer";
  const { board } = data;
  const { money } = board;
  const canSetRates = session.team.role === "owner" || session.team.role === "admin";
  return (
    <div class="deals-page">
      <Head>
        <title>{board.pipeline.name} · Deals · Leadly</title>
      </Head>
      <PageHeader
        title="Deals"
        description={
          <span class="money-note">
            Totals in {money.base}
            {money.rates.length > 0 && <>, other currencies at the rates of {money.on}</>}
            {canSetRates && (
              <>
                {" · "}
                <a href="/settings/workspace#currency">Currency settings</a>
              </>
            )}
          </span>
        }
        actions={
          <div class="row gap-2">
            <DealViewSwitch current="board" />
            {/* Owners and admins change stages in Settings → Pipelines (the only ones who may). */}
            {(session.team.role === "owner" || session.team.role === "admin") && (
              // On phones the header has no room: Settings → Pipelines and the palette reach it there.
              <Button href="/settings/pipelines" variant="ghost" icon="settings" class="desktop-only">
                Edit stages
              </Button>
            )}
            {canWrite && (
              <Button href={`/deals/new?pipeline_id=${board.pipeline.id}`} variant="primary" icon="plus">
                New deal
              </Button>
            )}
          </div>
        }
      />
      {board.stages.length === 0
        ? <EmptyState icon="kanban" title="This pipeline has no stages" text="Add stages in Settings → Pipelines." />
        : (
          <DealBoard
            pipelineId={board.pipeline.id}
            teamId={board.pipeline.team_id}
            pipelines={data.pipelines}
            members={data.members}
            filters={data.filters}
            stages={board.stages}
            money={money}
            now={data.now}
            csrf={csrf}
            canWrite={canWrite}
          />
        )}
    </div>
  );
});
