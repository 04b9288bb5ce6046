// The deals board island's state in the browser, as signals shared by its parts (columns, pointer and
// keyboard carrying, live changes, dialogs): handlers that run later (pointer frames, socket events,
// awaited requests) read the current board, not the one of the render that created them.
import { type Signal, signal } from "@preact/signals";
import type { RoomEvent } from "../../bus/client/connection.ts";
import { addSums, type MoneyContext, summarize } from "../money.ts";
import { type BoardStage, type DealCard, type DropTarget, locate } from "./board.ts";

export interface BoardFilterValues {
  owner_id: string;
  q: string;
  min_value: string;
  close_from: string;
  close_to: string;
}

export interface DealBoardProps {
  pipelineId: string;
  pipelines: { id: string; name: string }[];
  members: { id: string; name: string }[];
  filters: BoardFilterValues;
  stages: BoardStage[];
  /** The team's base currency and the exchange rates of the day: column and pipeline totals are in the base. */
  money: MoneyContext;
  /** ISO time of rendering: aging badges read the same on the server and in the browser. */
  now: string;
  csrf: string;
  canWrite: boolean;
  /** The team whose room carries live changes; without it the board does not update live. */
  teamId?: string;
}

/** Cards rendered per column before "Show more": keeps a 2,000-deal board light. */
export const PAGE = 50;

/** A card being carried (by pointer or keyboard) and where it would land. */
export interface Carry {
  dealId: string;
  target: DropTarget;
  mode: "pointer" | "keyboard";
  origin: DropTarget;
}

/** A move into a won or lost stage, waiting for its reason. */
export interface PendingClose {
  dealId: string;
  target: DropTarget;
  kind: "won" | "lost";
}

/** A pointer pressed on a card: a drag once it moves (mouse) or after a long press (touch, pen). */
export interface Press {
  dealId: string;
  pointerId: number;
  pointerType: string;
  startX: number;
  startY: number;
  x: number;
  y: number;
  active: boolean;
  timer?: ReturnType<typeof setTimeout>;
  ghost?: HTMLElement;
  offsetX: number;
  offsetY: number;
  frame?: number;
}

export interface BoardState {
  props: DealBoardProps;
  stages: Signal<BoardStage[]>;
  carry: Signal<Carry | null>;
  /** Cards shown per column (beyond PAGE after "Show more"). */
  shown: Signal<Record<string, number>>;
  pending: Signal<PendingClose | null>;
  /** The deal whose "Move to…" sheet is open. */
  menuFor: Signal<string | null>;
  toast: Signal<{ message: string; error: boolean } | null>;
  /** Read out by screen readers (an aria-live region). */
  announcement: Signal<string>;
  reasonError: Signal<string>;
  /** Something changed that the board cannot place: offer a refresh. */
  stale: Signal<boolean>;
  press: { current: Press | null };
  /** Deals whose move is on its way to the server. */
  inflight: Set<string>;
  /** Live events waiting for the board to be still. */
  waiting: RoomEvent[];
  /** Company and contact names by "kind:id", fetched once. */
  names: Map<string, string | null>;
  /** A drag just ended: the click that follows must not open the card. */
  suppressClick: { current: boolean };
  scroller: { current: HTMLDivElement | null };
}

export function createBoardState(props: DealBoardProps): BoardState {
  return {
    props,
    stages: signal(props.stages),
    carry: signal(null),
    shown: signal({}),
    pending: signal(null),
    menuFor: signal(null),
    toast: signal(null),
    announcement: signal(""),
    reasonError: signal(""),
    stale: signal(false),
    press: { current: null },
    inflight: new Set(),
    waiting: [],
    names: new Map(),
    suppressClick: { current: false },
    scroller: { current: null },
  };
}

export function stageById(s: BoardState, id: string): BoardStage | undefined {
  return s.stages.value.find((stage) => stage.id === id);
}

export function dealById(s: BoardState, id: string): DealCard | null {
  const at = locate(s.stages.value, id);
  return at ? s.stages.value[at.stage].deals[at.index] : null;
}

/** Where a card is now, as a drop target (its column and index). */
export function originOf(s: BoardState, dealId: string): DropTarget | null {
  const at = locate(s.stages.value, dealId);
  return at ? { stageId: s.stages.value[at.stage].id, index: at.index } : null;
}

export function setCarry(s: BoardState, next: Carry | null) {
  s.carry.value = next;
}

/** Keeps the carry's target column showing at least down to the target index. */
export function showTarget(s: BoardState, target: DropTarget) {
  const shown = s.shown.value;
  s.shown.value = { ...shown, [target.stageId]: Math.max(shown[target.stageId] ?? PAGE, target.index + 1) };
}

export function filtersSet(f: BoardFilterValues): boolean {
  return Boolean(f.owner_id || f.q || f.min_value || f.close_from || f.close_to);
}

/** The columns as shown while a card is carried: out of its column, into the target one. */
export function carried(stages: BoardStage[], carry: Carry | null): BoardStage[] {
  if (!carry) return stages;
  const from = locate(stages, carry.dealId);
  if (!from) return stages;
  const card = stages[from.stage].deals[from.index];
  return stages.map((stage, i) => {
    const isSource = i === from.stage;
    const isTarget = stage.id === carry.target.stageId;
    if (!isSource && !isTarget) return stage;
    const deals = isSource ? stage.deals.filter((d) => d.id !== card.id) : stage.deals.slice();
    if (isTarget) deals.splice(Math.min(carry.target.index, deals.length), 0, card);
    return { ...stage, deals };
  });
}

/** Open, weighted and won totals of the whole board, from its columns' sums. */
export function pipelineTotals(stages: BoardStage[], money: MoneyContext) {
  const open = stages.filter((s) => s.kind === "open");
  return {
    openCount: open.reduce((n, s) => n + s.count, 0),
    open: summarize(addSums(...open.map((s) => s.by_currency)), money),
    won: summarize(addSums(...stages.filter((s) => s.kind === "won").map((s) => s.by_currency)), money),
  };
}
