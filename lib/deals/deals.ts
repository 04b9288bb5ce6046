// Deals: the kanban board of a pipeline, moving a deal between stages, and how long it spent in each.
// Always as the user: RLS decides what is visible and who may move; the database's deal triggers keep the
// rules (stage in the deal's pipeline, a reason to win or lose, closed_at, stage history).
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import type { ResourceSpec } from "../records/resource-spec.ts";
import { tsQuery } from "../records/list-query.ts";
import { optionalText, tags, timestamps, uuidRef } from "../records/fields.ts";
import type { StageKind } from "./pipelines.ts";
import { isUuid } from "../ids.ts";
import { type MoneyContext, summarize, type SumsByCurrency } from "./money.ts";
import { readMoney } from "./exchange-rates.ts";
import type { Change } from "../bus/change-bus.ts";

// Records for the JSON API ---------------------------------------------------------------------------
const fields = {
  name: z.string().trim().min(1, "Give the deal a name.").max(200, "Keep the name under 200 characters."),
  pipeline_id: uuidRef("pipeline_id"),
  stage_id: uuidRef("stage_id"),
  value: z.number().min(0, "A deal's value cannot be negative.").max(99_999_999_999_999, "That value is too large.")
    .optional(),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Currency is a three-letter code like USD.")
    .optional(),
  probability: z.number().int("Probability is a whole number.").min(0, "Probability is 0 to 100.")
    .max(100, "Probability is 0 to 100.").optional(),
  expected_close_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Dates look like 2026-12-31.").nullable().optional(),
  owner_id: uuidRef("owner_id"),
  company_id: uuidRef("company_id"),
  contact_id: uuidRef("contact_id"),
  next_step: optionalText(500, "Next step"),
  competitor: optionalText(200, "Competitor"),
  win_reason: optionalText(1000, "Win reason"),
  loss_reason: optionalText(1000, "Loss reason"),
  position: z.number().finite().optional(),
  tags,
};

/** For the resource factory: CRUD, filters and sorts of /api/v1/deals. The board itself is loadBoard. */
export const dealsSpec: ResourceSpec = {
  name: "deals",
  singular: "Deal",
  table: "public.deals",
  columns: [
    "id",
    "team_id",
    ...Object.keys(fields),
    "closed_at",
    "stage_entered_at",
    "created_by",
    "created_at",
    "updated_at",
    // read only: the computed column public.stage_name(deals) (migration 20261207004000_money)
    "stage_name",
  ],
  create: z.object(fields),
  update: z.object(fields).partial(),
  record: z.object({
    ...fields,
    ...timestamps,
    closed_at: z.string().datetime().nullable(),
    stage_entered_at: z.string().datetime(),
    stage_name: z.string().nullable(),
  }),
  filters: {
    q: { kind: "search" },
    pipeline_id: { kind: "eq", column: "pipeline_id", type: "uuid" },
    stage_id: { kind: "in", column: "stage_id", type: "uuid" },
    owner_id: { kind: "eq", column: "owner_id", type: "uuid" },
    company_id: { kind: "eq", column: "company_id", type: "uuid" },
    contact_id: { kind: "eq", column: "contact_id", type: "uuid" },
    currency: { kind: "in", column: "currency" },
    tags: { kind: "tags", column: "tags" },
    value_min: { kind: "min", column: "value", type: "numeric" },
    value_max: { kind: "max", column: "value", type: "numeric" },
    close_after: { kind: "min", column: "expected_close_date", type: "date" },
    close_before: { kind: "max", column: "expected_close_date", type: "date" },
    created_after: { kind: "min", column: "created_at", type: "timestamptz" },
    created_before: { kind: "max", column: "created_at", type: "timestamptz" },
  },
  sorts: {
    created_at: { expr: "t.created_at", type: "timestamptz" },
    updated_at: { expr: "t.updated_at", type: "timestamptz" },
    name: { expr: "lower(t.name)", type: "text" },
    value: { expr: "t.value", type: "numeric" },
    expected_close_date: { expr: "coalesce(t.expected_close_date, 'infinity'::date)", type: "date" },
  },
  defaultSort: "-created_at",
};

// Board ------------------------------------------------------------------------------------------------
export interface BoardFilters {
  /** Prefix search over name, competitor and next step. */
  q?: string;
  owner_id?: string;
  company_id?: string;
  contact_id?: string;
  /** Deals carrying any of these tags. */
  tags?: string[];
  /** Expected close date range, inclusive, "YYYY-MM-DD". */
  close_from?: string;
  close_to?: string;
  min_value?: number;
  /** Cards returned per column (default 500, at most 2,000); count and totals always cover every match. */
  limitPerStage?: number;
}

/** A card on the board: everything the kanban island shows, JSON-safe (strings, numbers, null). */
export interface DealCard {
  id: string;
  stage_id: string;
  name: string;
  value: number;
  currency: string;
  probability: number;
  expected_close_date: string | null;
  position: number;
  stage_entered_at: string;
  closed_at: string | null;
  owner_id: string | null;
  owner_name: string | null;
  company_id: string | null;
  company_name: string | null;
  contact_id: string | null;
  contact_name: string | null;
  next_step: string | null;
  tags: string[];
}

/** One currency's count and sums in a column (lib/deals/money.ts converts them). */
export type { CurrencySums as CurrencyTotals } from "./money.ts";

export interface BoardStage {
  id: string;
  name: string;
  kind: StageKind;
  probability: number;
  color: string | null;
  position: number;
  deals: DealCard[];
  /** Matching deals in the stage (may exceed deals.length when limitPerStage cut the column). */
  count: number;
  /**
   * Sum of values, and of value x probability / 100, over every matching deal converted into the team's base
   * currency (board.money). Deals in a currency without a rate are not in these: see by_currency.
   */
  total: number;
  weighted_total: number;
  /** Count and sums per currency, unconverted: what totals are computed from (summarize in lib/deals/money.ts). */
  by_currency: SumsByCurrency;
}

export interface Board {
  pipeline: { id: string; team_id: string; name: string; is_default: boolean };
  stages: BoardStage[];
  /** The base currency and the exchange rates that applied when the board was read. */
  money: MoneyContext;
}

const dealNotFound = () => new AppError("not_found", "Deal not found.");
const pipelineNotFound = () => new AppError("not_found", "Pipeline not found.");
const invalid = (message: string) => new AppError("unprocessable_entity", message);

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Filter conditions over alias `d`, numbered from `$first`. */
function dealConditions(filters: BoardFilters, first: number) {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (value: unknown) => `$${first + params.push(value) - 1}`;
  const uuidFilter = (name: "owner_id" | "company_id" | "contact_id") => {
    const value = filters[name];
    if (value === undefined || value === "") return;
    if (!isUuid(value)) throw invalid(`The filter "${name}" needs an id.`);
    where.push(`d.${name} = ${add(value)}::uuid`);
  };
  uuidFilter("owner_id");
  uuidFilter("company_id");
  uuidFilter("contact_id");
  const q = filters.q ? tsQuery(filters.q) : null;
  if (q) where.push(`d.search @@ to_tsquery('simple', ${add(q)})`);
  if (filters.tags?.length) where.push(`d.tags && ${add(filters.tags.slice(0, 20))}::text[]`);
  for (const [name, op] of [["close_from", ">="], ["close_to", "<="]] as const) {
    const value = filters[name];
    if (!value) continue;
    if (!isoDate.test(value)) throw invalid(`The filter "${name}" needs a date like 2026-12-31.`);
    where.push(`d.expected_close_date ${op} ${add(value)}::date`);
  }
  if (filters.min_value !== undefined) {
    if (!Number.isFinite(filters.min_value)) throw invalid(`The filter "min_value" needs a number.`);
    where.push(`d.value >= ${add(filters.min_value)}::numeric`);
  }
  return { sql: where.map((w) => ` and ${w}`).join(""), params };
}

/** Stages of the pipeline with their counts and per-currency sums (one grouped scan of the board index). */
const STAGES_SQL = (conditions: string) => `
  with pipeline as (
    select id, team_id, name, is_default from public.pipelines
    where team_id = $1 and (id = $2::uuid or ($2::uuid is null and is_default))
  ),
  per_currency as (
    select d.stage_id, d.currency, count(*)::int as count, sum(d.value) as total,
           sum(d.value * d.probability) / 100 as weighted_total
    from public.deals d
    where d.team_id = $1 and d.pipeline_id = (select id from pipeline) and d.deleted_at is null${conditions}
    group by d.stage_id, d.currency
  ),
  -- materialized: computed once, not once per stage by the join below
  per_stage as materialized (
    select stage_id, sum(count)::int as count,
           jsonb_object_agg(btrim(currency), jsonb_build_object(
             'count', count, 'total', total::float8, 'weighted_total', round(weighted_total, 2)::float8)) as by_currency
    from per_currency group by stage_id
  )
  select p.id as pipeline_id, p.team_id, p.name as pipeline_name, p.is_default,
         s.id, s.name, s.kind, s.probability, s.color, s.position,
         coalesce(a.count, 0) as count, coalesce(a.by_currency, '{}') as by_currency
  from pipeline p
  left join public.pipeline_stages s on s.pipeline_id = p.id
  left join per_stage a on a.stage_id = s.id
  order by s.position, s.id`;

/**
 * The first `limit` cards of every column, each column read in order off the board index. Owner names are looked
 * up once per distinct owner: the profiles policy is a function call, too slow to run for each of 2,000 cards.
 */
const CARDS_SQL = (conditions: string) => `
  with cards as materialized (
    select d.id, d.stage_id, d.name, d.value::float8 as value, btrim(d.currency) as currency, d.probability,
           d.expected_close_date::text as expected_close_date, d.position, d.stage_entered_at, d.closed_at,
           d.owner_id, d.company_id, d.contact_id, d.next_step, d.tags, s.position as stage_position
    from public.pipeline_stages s
    cross join lateral (
      select d.* from public.deals d
      where d.team_id = $1 and d.pipeline_id = $2 and d.stage_id = s.id and d.deleted_at is null${conditions}
      order by d.position, d.id
      limit $3
    ) d
    where s.pipeline_id = $2
  ),
  owners as materialized (
    select p.id, nullif(p.full_name, '') as name from public.profiles p
    where p.id in (select distinct owner_id from cards where owner_id is not null)
  )
  -- one json value instead of 2,000 rows: far less per-field decoding in the driver
  select coalesce(json_agg(json_build_object(
    'id', c.id, 'stage_id', c.stage_id, 'name', c.name, 'value', c.value, 'currency', c.currency,
    'probability', c.probability, 'expected_close_date', c.expected_close_date, 'position', c.position,
    'stage_entered_at', c.stage_entered_at, 'closed_at', c.closed_at, 'owner_id', c.owner_id,
    'owner_name', o.name, 'company_id', c.company_id, 'company_name', company.name, 'contact_id', c.contact_id,
    'contact_name', nullif(btrim(contact.first_name || ' ' || contact.last_name), ''),
    'next_step', c.next_step, 'tags', c.tags
  ) order by c.stage_position, c.stage_id, c.position, c.id), '[]') as cards
  from cards c
  left join owners o on o.id = c.owner_id
  left join public.companies company on company.id = c.company_id
  left join public.contacts contact on contact.id = c.contact_id`;

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(String(value))
    .toISOString();

type StageRow = Omit<BoardStage, "deals" | "total" | "weighted_total"> & {
  pipeline_id: string;
  team_id: string;
  pipeline_name: string;
  is_default: boolean;
};

/**
 * The kanban board of one pipeline (the team's default when pipelineId is null): every stage in order with its
 * cards, count, and totals converted into the team's base currency. 404 when the pipeline is not the user's to see.
 */
export async function loadBoard(
  db: Db,
  claims: UserClaims,
  teamId: string,
  pipelineId: string | null,
  filters: BoardFilters = {},
): Promise<Board> {
  if (!isUuid(teamId) || (pipelineId !== null && !isUuid(pipelineId))) throw pipelineNotFound();
  const limit = Math.max(1, Math.min(2000, Math.trunc(filters.limitPerStage ?? 500)));
  return await db.asUser(claims, async (tx) => {
    const forStages = dealConditions(filters, 3);
    const rows = await tx.query<StageRow>(STAGES_SQL(forStages.sql), [teamId, pipelineId, ...forStages.params]);
    if (rows.length === 0) throw pipelineNotFound();
    const first = rows[0];
    const forCards = dealConditions(filters, 4);
    const [{ cards }] = await tx.query<{ cards: DealCard[] }>(CARDS_SQL(forCards.sql), [
      teamId,
      first.pipeline_id,
      limit,
      ...forCards.params,
    ]);
    const money = await readMoney(tx, first.team_id);
    const byStage = new Map<string, DealCard[]>();
    for (const card of cards) {
      card.stage_entered_at = iso(card.stage_entered_at)!;
      card.closed_at = iso(card.closed_at);
      const list = byStage.get(card.stage_id);
      if (list) list.push(card);
      else byStage.set(card.stage_id, [card]);
    }
    return {
      pipeline: {
        id: first.pipeline_id,
        team_id: first.team_id,
        name: first.pipeline_name,
        is_default: first.is_default,
      },
      stages: rows.filter((row) => row.id !== null).map((row) => {
        const converted = summarize(row.by_currency, money);
        return {
          id: row.id,
          name: row.name,
          kind: row.kind,
          probability: row.probability,
          color: row.color,
          position: row.position,
          deals: byStage.get(row.id) ?? [],
          count: row.count,
          total: converted.total,
          weighted_total: converted.weighted_total,
          by_currency: row.by_currency,
        };
      }),
      money,
    };
  });
}

/** Open deals of every pipeline, summed per currency, with the money context to convert them (the deals list). */
export async function openDealSums(
  db: Db,
  claims: UserClaims,
  teamId: string,
): Promise<{ sums: SumsByCurrency; money: MoneyContext }> {
  if (!isUuid(teamId)) throw new AppError("not_found", "Workspace not found.");
  return await db.asUser(claims, async (tx) => {
    const rows = await tx.query<{ currency: string; count: number; total: number; weighted_total: number }>(
      `select btrim(d.currency) as currency, count(*)::int as count, sum(d.value)::float8 as total,
              round(sum(d.value * d.probability) / 100, 2)::float8 as weighted_total
       from public.deals d
       join public.pipeline_stages s on s.id = d.stage_id and s.kind = 'open'
       where d.team_id = $1 and d.deleted_at is null
       group by 1`,
      [teamId],
    );
    const sums: SumsByCurrency = {};
    for (const { currency, ...sum } of rows) sums[currency] = sum;
    return { sums, money: await readMoney(tx, teamId) };
  });
}

// Moving -----------------------------------------------------------------------------------------------
export interface MoveDeal {
  stage_id: string;
  /** Order within the column; by default the end of it. */
  position?: number;
  /** Required (by the database) when the stage is a won stage, unless the deal already has one. */
  win_reason?: string;
  /** Required (by the database) when the stage is a lost stage, unless the deal already has one. */
  loss_reason?: string;
  /** To move the deal into another pipeline; by default the stage must be in the deal's own pipeline. */
  pipeline_id?: string;
}

export interface MovedDeal {
  id: string;
  team_id: string;
  pipeline_id: string;
  stage_id: string;
  probability: number;
  position: number;
  stage_entered_at: string;
  closed_at: string | null;
  win_reason: string | null;
  loss_reason: string | null;
}

/**
 * A move and the live changes it causes beyond what the database announces itself (its trigger sends
 * `record.updated`): the caller publishes `changes` as they are (services.bus.publishAll), whichever door.
 */
export interface DealMove {
  deal: MovedDeal;
  changes: Change[];
}

/** Why an update touched nothing: a deal the user can see but not change (403), or none at all (404). */
async function explainRefusal(tx: Tx, dealId: string): Promise<never> {
  const visible = await tx.query("select 1 from public.deals where id = $1 and deleted_at is null", [dealId]);
  if (visible.length > 0) throw new AppError("forbidden", "You don't have permission to move this deal.");
  throw dealNotFound();
}

/**
 * Drops a deal into a stage (and place in its column). 404 "Deal not found." for unknown or other teams' deals;
 * 409 with the database's sentence for a missing win or loss reason or a stage of another pipeline.
 */
export async function moveDeal(db: Db, claims: UserClaims, dealId: string, move: MoveDeal): Promise<DealMove> {
  if (!isUuid(dealId)) throw dealNotFound();
  if (!isUuid(move.stage_id)) throw new AppError("not_found", "Stage not found.");
  if (move.pipeline_id !== undefined && !isUuid(move.pipeline_id)) throw pipelineNotFound();
  if (move.position !== undefined && !Number.isFinite(move.position)) throw invalid("Position must be a number.");
  const reason = (text: string | undefined, label: string) => {
    if (text === undefined) return null;
    const trimmed = String(text).trim();
    if (trimmed.length > 1000) throw invalid(`${label} can be at most 1000 characters.`);
    return trimmed === "" ? null : trimmed;
  };
  const winReason = reason(move.win_reason, "Win reason");
  const lossReason = reason(move.loss_reason, "Loss reason");
  const deal = await db.asUser(claims, async (tx) => {
    const [row] = await tx.query<MovedDeal>(
      `update public.deals d set
         stage_id = $2,
         pipeline_id = coalesce($3::uuid, d.pipeline_id),
         position = coalesce($4::float8, (
           select coalesce(max(o.position) + 1, 0) from public.deals o
           where o.team_id = d.team_id and o.stage_id = $2 and o.deleted_at is null and o.id <> d.id
         )),
         win_reason = coalesce($5, d.win_reason),
         loss_reason = coalesce($6, d.loss_reason)
       where d.id = $1 and d.deleted_at is null
       returning d.id, d.team_id, d.pipeline_id, d.stage_id, d.probability, d.position, d.stage_entered_at,
                 d.closed_at, d.win_reason, d.loss_reason`,
      [dealId, move.stage_id, move.pipeline_id ?? null, move.position ?? null, winReason, lossReason],
    );
    if (!row) return await explainRefusal(tx, dealId);
    return { ...row, stage_entered_at: iso(row.stage_entered_at)!, closed_at: iso(row.closed_at) };
  });
  return { deal, changes: [dealMoved(deal)] };
}

/** Tells the team's board and anyone on the deal's page where the deal went. */
function dealMoved(deal: MovedDeal): Change {
  return { team_id: deal.team_id, type: "deal.moved", record_type: "deal", record_id: deal.id, payload: deal };
}

// Stage history ------------------------------------------------------------------------------------------
export interface StageStay {
  id: string;
  from_stage_id: string | null;
  from_stage_name: string | null;
  /** Null when the stage was deleted since. */
  stage_id: string | null;
  stage_name: string | null;
  stage_kind: StageKind | null;
  changed_by: string | null;
  changed_by_name: string | null;
  entered_at: string;
  left_at: string | null;
  /** Time spent in the stage; up to now for the stage the deal is in. */
  duration_ms: number;
  current: boolean;
}

/** Every stay of the deal in a stage, oldest first, with the time spent there. */
export async function stageHistory(db: Db, claims: UserClaims, dealId: string): Promise<StageStay[]> {
  if (!isUuid(dealId)) throw dealNotFound();
  return await db.asUser(claims, async (tx) => {
    const deal = await tx.query("select 1 from public.deals where id = $1", [dealId]);
    if (deal.length === 0) throw dealNotFound();
    const rows = await tx.query<StageStay>(
      `select h.id::text as id, h.from_stage_id, f.name as from_stage_name, h.to_stage_id as stage_id, s.name as stage_name,
              s.kind as stage_kind, h.changed_by, nullif(p.full_name, '') as changed_by_name,
              h.entered_at, h.left_at,
              round(extract(epoch from (coalesce(h.left_at, clock_timestamp()) - h.entered_at)) * 1000)::float8
                as duration_ms,
              h.left_at is null as current
       from public.deal_stage_history h
       left join public.pipeline_stages s on s.id = h.to_stage_id
       left join public.pipeline_stages f on f.id = h.from_stage_id
       left join public.profiles p on p.id = h.changed_by
       where h.deal_id = $1
       order by h.entered_at, h.id`,
      [dealId],
    );
    return rows.map((row) => ({
      ...row,
      entered_at: iso(row.entered_at)!,
      left_at: iso(row.left_at),
      duration_ms: Math.max(0, row.duration_ms),
    }));
  });
}
