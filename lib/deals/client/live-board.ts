// Applying teammates' changes to the deals board (pure, bundled by the DealBoard island): a card put where the
// server says it is now (idempotent: the same change applied twice changes nothing), or taken off, with the
// column counts and totals following.
import type { BoardStage, DealCard } from "../deals.ts";
import { shiftSums } from "../money.ts";

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The card's fields a live event may carry (record.created/updated display fields, or deal.moved). */
export type CardPatch = Partial<DealCard> & { id: string; pipeline_id?: string; deleted_at?: string | null };

function locate(stages: BoardStage[], dealId: string) {
  for (let s = 0; s < stages.length; s++) {
    const index = stages[s].deals.findIndex((d) => d.id === dealId);
    if (index >= 0) return { stage: s, index };
  }
  return null;
}

export function findCard(stages: BoardStage[], dealId: string): DealCard | null {
  const at = locate(stages, dealId);
  return at ? stages[at.stage].deals[at.index] : null;
}

function minus(stage: BoardStage, card: DealCard, loaded: boolean): BoardStage {
  return {
    ...stage,
    deals: loaded ? stage.deals.filter((d) => d.id !== card.id) : stage.deals,
    count: Math.max(0, stage.count - 1),
    total: round2(stage.total - card.value),
    weighted_total: round2(stage.weighted_total - (card.value * card.probability) / 100),
    by_currency: shiftSums(stage.by_currency, card, -1),
  };
}

function plus(stage: BoardStage, card: DealCard): BoardStage {
  // Ordered by position, then id (the board's order); a card past the loaded part of the column only counts.
  let index = stage.deals.findIndex((d) =>
    d.position > card.position || (d.position === card.position && d.id > card.id)
  );
  if (index < 0) index = stage.deals.length;
  const beyond = index === stage.deals.length && stage.count > stage.deals.length;
  const deals = beyond ? stage.deals : [...stage.deals.slice(0, index), card, ...stage.deals.slice(index)];
  return {
    ...stage,
    deals,
    count: stage.count + 1,
    total: round2(stage.total + card.value),
    weighted_total: round2(stage.weighted_total + (card.value * card.probability) / 100),
    by_currency: shiftSums(stage.by_currency, card, 1),
  };
}

/** The board without the deal (deleted, or moved to another pipeline). */
export function removeCard(stages: BoardStage[], dealId: string): BoardStage[] {
  const at = locate(stages, dealId);
  if (!at) return stages;
  const next = stages.slice();
  next[at.stage] = minus(stages[at.stage], stages[at.stage].deals[at.index], true);
  return next;
}

/** Puts `card` where its stage and position say (or removes it when its stage is not on this board). */
export function placeCard(stages: BoardStage[], card: DealCard): BoardStage[] {
  const without = removeCard(stages, card.id);
  const to = without.findIndex((s) => s.id === card.stage_id);
  if (to < 0) return without;
  const next = without.slice();
  next[to] = plus(without[to], card);
  return next;
}

/** Whether applying `patch` to `card` would change anything on the board. */
export function differs(card: DealCard, patch: Partial<DealCard>): boolean {
  return (Object.keys(patch) as (keyof DealCard)[]).some((key) =>
    JSON.stringify(card[key] ?? null) !== JSON.stringify(patch[key] ?? null)
  );
}

const CARD_FIELDS = [
  "stage_id",
  "name",
  "value",
  "currency",
  "probability",
  "expected_close_date",
  "position",
  "stage_entered_at",
  "closed_at",
  "owner_id",
  "company_id",
  "contact_id",
  "next_step",
] as const;

/** The card fields an event's payload carries, normalised the way the board loads them. */
export function cardFields(payload: Record<string, unknown>): Partial<DealCard> {
  const out: Record<string, unknown> = {};
  for (const key of CARD_FIELDS) {
    if (!(key in payload)) continue;
    let value = payload[key];
    if ((key === "value" || key === "probability" || key === "position") && value !== null) value = Number(value);
    if (key === "currency" && typeof value === "string") value = value.trim();
    if ((key === "stage_entered_at" || key === "closed_at") && typeof value === "string") {
      value = new Date(value).toISOString();
    }
    out[key] = value;
  }
  return out as Partial<DealCard>;
}
