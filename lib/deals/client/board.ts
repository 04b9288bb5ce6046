// Pure board arithmetic shared by the server-rendered board and the DealBoard island: moving a card between
// columns (with the column totals that follow), the position a dropped card takes between its neighbours,
// and the short texts cards and headers show. No imports from the server: the island bundles this file.
import type { BoardStage, DealCard } from "../deals.ts";
import { shiftSums } from "../money.ts";

export type { BoardStage, DealCard };

/** Where a card is headed: a column and an index in it (counted without the card itself). */
export interface DropTarget {
  stageId: string;
  index: number;
}

/** Position for a card dropped at `index` of `cards` (the column without the moved card). */
export function positionAt(cards: DealCard[], index: number): number {
  const before = cards[index - 1];
  const after = cards[index];
  if (before && after) return (before.position + after.position) / 2;
  if (before) return before.position + 1;
  if (after) return after.position - 1;
  return 0;
}

/** The stage holding a deal and the deal's index there, or null. */
export function locate(stages: BoardStage[], dealId: string): { stage: number; index: number } | null {
  for (let s = 0; s < stages.length; s++) {
    const index = stages[s].deals.findIndex((d) => d.id === dealId);
    if (index >= 0) return { stage: s, index };
  }
  return null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function withoutCard(stage: BoardStage, card: DealCard): BoardStage {
  return {
    ...stage,
    deals: stage.deals.filter((d) => d.id !== card.id),
    count: Math.max(0, stage.count - 1),
    total: round2(stage.total - card.value),
    weighted_total: round2(stage.weighted_total - (card.value * card.probability) / 100),
    by_currency: shiftSums(stage.by_currency, card, -1),
  };
}

function withCard(stage: BoardStage, card: DealCard, index: number): BoardStage {
  const deals = stage.deals.slice();
  deals.splice(Math.max(0, Math.min(index, deals.length)), 0, card);
  return {
    ...stage,
    deals,
    count: stage.count + 1,
    total: round2(stage.total + card.value),
    weighted_total: round2(stage.weighted_total + (card.value * card.probability) / 100),
    by_currency: shiftSums(stage.by_currency, card, 1),
  };
}

/**
 * The board after moving a deal: the card leaves its column and enters the target at `index` with the target
 * stage's probability and a fresh stage clock (what the database does), and both columns' count, total and
 * weighted total follow. Untouched columns keep their identity, so memoised columns do not re-render.
 */
export function applyMove(
  stages: BoardStage[],
  dealId: string,
  target: DropTarget,
  now: string,
  position?: number,
): BoardStage[] {
  const from = locate(stages, dealId);
  const to = stages.findIndex((s) => s.id === target.stageId);
  if (!from || to < 0) return stages;
  const card = stages[from.stage].deals[from.index];
  const sameStage = from.stage === to;
  const source = withoutCard(stages[from.stage], card);
  const destination = sameStage ? source : stages[to];
  const moved: DealCard = {
    ...card,
    stage_id: target.stageId,
    probability: sameStage ? card.probability : destination.probability,
    stage_entered_at: sameStage ? card.stage_entered_at : now,
    closed_at: destination.kind === "open" ? null : sameStage ? card.closed_at : now,
    position: position ?? positionAt(destination.deals, target.index),
  };
  const next = stages.slice();
  next[from.stage] = source;
  next[to] = withCard(destination, moved, target.index);
  return next;
}

/** Replaces one card (e.g. with the server's answer) wherever it is. */
export function patchCard(stages: BoardStage[], dealId: string, patch: Partial<DealCard>): BoardStage[] {
  const at = locate(stages, dealId);
  if (!at) return stages;
  const next = stages.slice();
  const deals = next[at.stage].deals.slice();
  deals[at.index] = { ...deals[at.index], ...patch };
  next[at.stage] = { ...next[at.stage], deals };
  return next;
}

/** The currency a column's totals are shown in: its only one, else the board's most common. */
export function boardCurrency(stages: BoardStage[]): string {
  const seen = new Map<string, number>();
  for (const stage of stages) {
    for (const [code, sums] of Object.entries(stage.by_currency ?? {})) {
      seen.set(code, (seen.get(code) ?? 0) + sums.total);
    }
  }
  let best = "USD";
  let most = -1;
  for (const [code, total] of seen) {
    if (total > most) [best, most] = [code, total];
  }
  return best;
}

/** "$12.5k", "$1.2M", "$950": column headers have room for little. */
export function compactMoney(value: number, currency = "USD"): string {
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      notation: "compact",
      maximumFractionDigits: value >= 1000 ? 1 : 0,
    }).format(value);
  } catch {
    return `${Math.round(value)} ${currency}`;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Dec 3" this year, "Dec 3, 2027" otherwise; from a "YYYY-MM-DD" date (no time zone games). */
export function shortDate(date: string | null, today: string): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return "";
  const [y, m, d] = date.slice(0, 10).split("-").map(Number);
  const label = `${MONTHS[m - 1]} ${d}`;
  return String(y) === today.slice(0, 4) ? label : `${label}, ${y}`;
}

/** True when an open deal's expected close date has passed. */
export function isOverdue(card: DealCard, today: string): boolean {
  return card.closed_at === null && card.expected_close_date !== null && card.expected_close_date < today.slice(0, 10);
}

/** "3 days", "1 day", "5 hours", "a few minutes": time spent in a stage. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days >= 60) return `${Math.round(days / 30)} months`;
  if (days >= 1) return days === 1 ? "1 day" : `${days} days`;
  if (hours >= 1) return hours === 1 ? "1 hour" : `${hours} hours`;
  if (minutes >= 1) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return "under a minute";
}
