// The deals kanban board. Server-rendered first (cards are links, the toolbar is a GET form), then hydrated:
// drag and drop with mouse, pen and touch (pointer events; long-press on touch), keyboard moves (Space picks
// a card up, arrows carry it, Space drops, Escape cancels) announced to screen readers, and a "Move to…"
// menu on each card for phones. Moves are applied at once (cards and column totals), sent to
// POST /api/v1/deals/:id/move, and undone with a readable message when the server refuses.
// Live: teammates' moves, new deals, edits and deletes arrive over the team's room and are applied where the
// server says the card is now (applying one twice changes nothing, so deal.moved and record.updated for the same
// move are harmless); while a card is being carried or a move is on its way they wait, then apply.
// Money: each column keeps its sums per currency (moved along with the cards), and its header and the pipeline
// summary convert them into the team's base currency with lib/crm/money.ts, the same code the server uses.
import { memo } from "preact/compat";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardStage, DealCard as Deal } from "../lib/crm/deals.ts";
import { subscribe } from "../lib/realtime-client/connection.ts";
import type { RoomEvent } from "../lib/realtime-client/connection.ts";
import { cardFields, differs, findCard, placeCard, removeCard } from "../lib/presence/live-board.ts";
import { applyMove, type DropTarget, locate, patchCard } from "../lib/deals-ui/board.ts";
import { addSums, type MoneyContext, type MoneySummary, summarize } from "../lib/crm/money.ts";
import { stageTone } from "../lib/deals-ui/stage-tone.ts";
import { useHydrated } from "../lib/web/hydrated.ts";
import { DealCard } from "../components/deals/DealCard.tsx";
import { MoneyBreakdown, MoneyTotal, UnconvertedNote } from "../components/deals/MoneyTotal.tsx";
import { Icon } from "../components/ui/Icon.tsx";
import { cx } from "../components/ui/cx.ts";

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
const PAGE = 50;
const LONG_PRESS_MS = 350;
const EDGE_PX = 64;
const TOAST_MS = 7000;

interface Carry {
  dealId: string;
  target: DropTarget;
  mode: "pointer" | "keyboard";
  origin: DropTarget;
}

interface PendingClose {
  dealId: string;
  target: DropTarget;
  kind: "won" | "lost";
}

interface Press {
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

/** The columns as shown while a card is carried: out of its column, into the target one. */
function carried(stages: BoardStage[], carry: Carry | null): BoardStage[] {
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
function pipelineTotals(stages: BoardStage[], money: MoneyContext) {
  const open = stages.filter((s) => s.kind === "open");
  return {
    openCount: open.reduce((n, s) => n + s.count, 0),
    open: summarize(addSums(...open.map((s) => s.by_currency)), money),
    won: summarize(addSums(...stages.filter((s) => s.kind === "won").map((s) => s.by_currency)), money),
  };
}

/** "12 open deals · $287,300 USD in pipeline · …": follows moves like the column headers. */
function PipelineSummary(props: ReturnType<typeof pipelineTotals>) {
  const { openCount, open, won } = props;
  return (
    <p class="deal-summary">
      <span>
        <strong class="tabular">{openCount}</strong> open {openCount === 1 ? "deal" : "deals"}
      </span>
      <span class="deal-summary-pipeline">
        <strong>
          <MoneyTotal summary={open} note={false} />
        </strong>{" "}
        in pipeline
        <UnconvertedNote summary={open} />
        <MoneyBreakdown summary={open} label="How the pipeline total adds up" />
      </span>
      <span>
        <strong>
          <MoneyTotal summary={open} weighted note={false} />
        </strong>{" "}
        weighted
      </span>
      <span>
        <strong class="deal-summary-won">
          <MoneyTotal summary={won} note={false} />
        </strong>{" "}
        won
        <UnconvertedNote summary={won} />
      </span>
    </p>
  );
}

interface ColumnProps {
  stage: BoardStage;
  deals: Deal[];
  /** The column's totals in the base currency (from stage.by_currency, so they follow moves). */
  money: MoneySummary;
  now: string;
  shown: number;
  carryId: string | null;
  carryMode: "pointer" | "keyboard" | null;
  movable: boolean;
  onMore: (stageId: string) => void;
  onMenu: (dealId: string) => void;
  /** This page with every card loaded (?all=1). */
  allHref: string;
}

const Column = memo(function Column(props: ColumnProps) {
  const { stage, deals, money, now, shown, carryId, carryMode, movable, allHref } = props;
  const visible = deals.slice(0, shown);
  const hidden = deals.length - visible.length;
  const unloaded = Math.max(0, stage.count - stage.deals.length);
  const headingId = `stage-${stage.id}`;
  return (
    <section
      class={cx("deal-column", `stage-tone-${stageTone(stage.color, stage.kind)}`, `deal-column-${stage.kind}`)}
      data-stage-id={stage.id}
      aria-labelledby={headingId}
    >
      <header class="deal-column-head">
        <div class="deal-column-title">
          <span class="stage-dot" aria-hidden="true" />
          <h2 id={headingId}>{stage.name}</h2>
          <span class="deal-column-count" aria-label={`${stage.count} deals`}>{stage.count}</span>
          <span class="deal-column-prob" title="Win probability of this stage">{stage.probability}%</span>
        </div>
        <div class="deal-column-sums">
          <MoneyTotal summary={money} compact note={false} class="deal-column-total" />
          <MoneyTotal summary={money} compact weighted note={false} suffix="weighted" class="deal-column-weighted" />
          <UnconvertedNote summary={money} />
        </div>
        <span class="deal-column-bar" aria-hidden="true" />
      </header>
      <div class="deal-column-cards" role="list" aria-label={`${stage.name} deals`}>
        {visible.map((deal) =>
          deal.id === carryId && carryMode === "pointer"
            ? <div key={deal.id} class="deal-placeholder" role="listitem" aria-hidden="true" />
            : (
              <div key={deal.id} role="listitem" class="deal-card-slot">
                <DealCard
                  deal={deal}
                  now={now}
                  lifted={deal.id === carryId}
                  movable={movable}
                  onMenu={props.onMenu}
                />
              </div>
            )
        )}
        {/* A list item, so an empty column is still a well-formed list (axe: aria-required-children). */}
        {deals.length === 0 && <p class="deal-column-empty" role="listitem">No deals</p>}
        {hidden > 0 && (
          <button type="button" class="deal-column-more" onClick={() => props.onMore(stage.id)}>
            Show {Math.min(hidden, PAGE)} more
          </button>
        )}
        {hidden <= 0 && unloaded > 0 && (
          <a class="deal-column-more" href={allHref}>
            Load all {stage.count} deals
          </a>
        )}
      </div>
    </section>
  );
});

export default function DealBoard(props: DealBoardProps) {
  const hydrated = useHydrated();
  const [stages, setStages] = useState<BoardStage[]>(props.stages);
  const [carry, setCarry] = useState<Carry | null>(null);
  const [shown, setShown] = useState<Record<string, number>>({});
  const [pending, setPending] = useState<PendingClose | null>(null);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [toast, setToast] = useState<{ message: string; error: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [reasonError, setReasonError] = useState("");
  const [stale, setStale] = useState(false);

  const live = useRef({ stages, carry });
  live.current = { stages, carry };
  const press = useRef<Press | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const reasonDialog = useRef<HTMLDialogElement>(null);
  const menuDialog = useRef<HTMLDialogElement>(null);
  const suppressClick = useRef(false);
  const movable = hydrated && props.canWrite;
  /** Deals whose move is on its way to the server, and live events waiting for the board to be still. */
  const inflight = useRef(new Set<string>());
  const waiting = useRef<RoomEvent[]>([]);
  const names = useRef(new Map<string, string | null>());

  const money = props.money;
  // Per column, recomputed only when the column's sums changed: the same summary object keeps memoised columns
  // from re-rendering when another column changed.
  const summaries = useRef(new WeakMap<object, MoneySummary>());
  const summaryOf = (stage: BoardStage) => {
    const key = stage.by_currency ?? stage;
    let summary = summaries.current.get(key);
    if (!summary) summaries.current.set(key, summary = summarize(stage.by_currency, money));
    return summary;
  };
  const totals = useMemo(() => pipelineTotals(stages, money), [stages, money]);
  const view = useMemo(() => carried(stages, carry), [stages, carry]);
  const stageById = (id: string) => live.current.stages.find((s) => s.id === id);
  const dealById = (id: string) => {
    const at = locate(live.current.stages, id);
    return at ? live.current.stages[at.stage].deals[at.index] : null;
  };

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  // Keyboard carrying re-mounts the card in another column: keep the focus on it.
  useEffect(() => {
    if (carry?.mode !== "keyboard") return;
    const link = document.querySelector<HTMLElement>(`[data-deal-link="${carry.dealId}"]`);
    if (link && document.activeElement !== link) link.focus({ preventScroll: false });
    link?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [carry]);

  // ---- live changes from teammates ----------------------------------------------------------------------

  const f0 = props.filters;
  const boardFiltered = Boolean(f0.owner_id || f0.q || f0.min_value || f0.close_from || f0.close_to);
  const ownerName = (id: string | null | undefined) => id ? props.members.find((m) => m.id === id)?.name ?? null : null;

  const update = (next: (stages: BoardStage[]) => BoardStage[]) => {
    const stages = next(live.current.stages);
    if (stages === live.current.stages) return;
    live.current.stages = stages;
    setStages(stages);
  };

  const flash = (dealId: string) => {
    requestAnimationFrame(() => {
      const card = document.querySelector<HTMLElement>(`.deal-card[data-deal-id="${dealId}"]`);
      if (!card) return;
      card.classList.remove("live-flash");
      void card.offsetWidth;
      card.classList.add("live-flash");
      card.addEventListener("animationend", () => card.classList.remove("live-flash"), { once: true });
    });
  };

  /** A company's or contact's name for a card (fetched once per id). */
  const nameOf = async (kind: "companies" | "contacts", id: string | null | undefined): Promise<string | null> => {
    if (!id) return null;
    const key = `${kind}:${id}`;
    if (names.current.has(key)) return names.current.get(key)!;
    const res = await fetch(`/api/v1/${kind}/${id}`, { headers: { accept: "application/json" } }).catch(() => null);
    const data = res?.ok ? (await res.json().catch(() => null))?.data : null;
    const name = data
      ? kind === "companies" ? String(data.name ?? "") || null : `${data.first_name ?? ""} ${data.last_name ?? ""}`
        .trim() || null
      : null;
    names.current.set(key, name);
    return name;
  };

  const fillNames = async (dealId: string, card: Deal) => {
    const [company_name, contact_name] = await Promise.all([
      nameOf("companies", card.company_id),
      nameOf("contacts", card.contact_id),
    ]);
    update((stages) => {
      const now = findCard(stages, dealId);
      if (!now || (now.company_name === company_name && now.contact_name === contact_name)) return stages;
      return placeCard(stages, { ...now, company_name, contact_name });
    });
  };

  /** A deal that is not on the board yet: read it whole. */
  const fetchCard = async (dealId: string) => {
    const res = await fetch(`/api/v1/deals/${dealId}`, { headers: { accept: "application/json" } }).catch(() => null);
    const data = res?.ok ? (await res.json().catch(() => null))?.data : null;
    if (!data || data.pipeline_id !== props.pipelineId || data.deleted_at) return;
    const card: Deal = {
      id: dealId,
      owner_name: ownerName(data.owner_id),
      company_name: null,
      contact_name: null,
      tags: data.tags ?? [],
      ...cardFields(data),
    } as Deal;
    update((stages) => placeCard(stages, card));
    flash(dealId);
    void fillNames(dealId, card);
  };

  const applyLive = (event: RoomEvent) => {
    const payload = (event.payload ?? {}) as Record<string, unknown> & { changed?: string[] };
    if (event.type === "records.bulk_changed") {
      if (payload.record_type === "deal") setStale(true);
      return;
    }
    if (event.record_type !== "deal") return;
    const id = String(event.record_id);
    const current = findCard(live.current.stages, id);
    if (event.type === "record.deleted") {
      if (current) update((stages) => removeCard(stages, id));
      return;
    }
    if (typeof payload.pipeline_id === "string" && payload.pipeline_id !== props.pipelineId) {
      if (current) update((stages) => removeCard(stages, id));
      return;
    }
    const fields = cardFields(payload);
    if (!current) {
      // New here: created (or restored), or moved in from another pipeline. A filtered board cannot tell
      // whether it matches: offer a refresh instead.
      const arrived = event.type === "record.created" || payload.changed?.includes("pipeline_id");
      if (!arrived) return;
      if (boardFiltered) setStale(true);
      else void fetchCard(id);
      return;
    }
    const patch: Partial<Deal> = { ...fields };
    if ("owner_id" in fields && fields.owner_id !== current.owner_id) patch.owner_name = ownerName(fields.owner_id);
    const relinked = ("company_id" in fields && fields.company_id !== current.company_id) ||
      ("contact_id" in fields && fields.contact_id !== current.contact_id);
    if (!differs(current, patch)) return;
    const card = { ...current, ...patch };
    update((stages) => placeCard(stages, card));
    flash(id);
    if (relinked) void fillNames(id, card);
  };

  /** Nothing is being carried, asked about or sent: the board may change under the person. */
  const still = () =>
    !live.current.carry && !press.current?.active && inflight.current.size === 0 && !pendingRef.current;
  const pendingRef = useRef(false);
  pendingRef.current = pending !== null;

  const flushLive = () => {
    if (!still()) return;
    const queued = waiting.current.splice(0);
    for (const event of queued) applyLive(event);
  };
  const onLive = useRef((_: RoomEvent) => {});
  onLive.current = (event: RoomEvent) => {
    if (still()) applyLive(event);
    else waiting.current.push(event);
  };
  const flushRef = useRef(flushLive);
  flushRef.current = flushLive;

  useEffect(() => {
    if (!props.teamId) return;
    return subscribe(`team:${props.teamId}`, {
      onEvent: (event) => onLive.current(event),
      onReset: () => setStale(true),
    });
  }, [props.teamId]);

  // A carry ended or the reason dialog closed: apply what arrived meanwhile.
  useEffect(() => {
    if (!carry && !pending) flushRef.current();
  }, [carry, pending]);

  // ---- moving --------------------------------------------------------------------------------------------

  const send = async (dealId: string, target: DropTarget, reason?: { kind: "won" | "lost"; text: string }) => {
    const before = dealById(dealId);
    const origin = locate(live.current.stages, dealId);
    const stage = stageById(target.stageId);
    if (!before || !origin || !stage) return;
    const originStageId = live.current.stages[origin.stage].id;
    const next = applyMove(live.current.stages, dealId, target, new Date().toISOString());
    const moved = dealById(dealId) && locate(next, dealId);
    const position = moved ? next[moved.stage].deals[moved.index].position : undefined;
    live.current.stages = next;
    setStages(next);
    const where = moved ? moved.index + 1 : target.index + 1;
    setAnnouncement(`${before.name} moved to ${stage.name}, position ${where}.`);
    const body: Record<string, unknown> = { stage_id: target.stageId, position };
    if (reason) body[reason.kind === "won" ? "win_reason" : "loss_reason"] = reason.text;
    let message = "";
    inflight.current.add(dealId);
    try {
      const res = await fetch(`/api/v1/deals/${dealId}/move`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": props.csrf },
        body: JSON.stringify(body),
      });
      const json = await res.json().catch(() => null);
      if (res.ok && json?.data) {
        const d = json.data;
        setStages((current) =>
          patchCard(current, dealId, {
            probability: d.probability,
            position: d.position,
            stage_entered_at: d.stage_entered_at,
            closed_at: d.closed_at,
          })
        );
        return;
      }
      message = json?.error?.message ?? `The move failed (${res.status}).`;
    } catch {
      message = "Could not reach the server. The deal was not moved.";
    } finally {
      inflight.current.delete(dealId);
      queueMicrotask(flushLive);
    }
    // Put it back where it was, with what it had.
    setStages((current) => {
      const back = applyMove(
        current,
        dealId,
        { stageId: originStageId, index: origin.index },
        before.stage_entered_at,
        before.position,
      );
      return patchCard(back, dealId, before);
    });
    setToast({ message: `${before.name} was not moved: ${message}`, error: true });
    setAnnouncement(`${before.name} was not moved. ${message}`);
  };

  /** Ends a carry at its target: asks for a reason when the deal is being won or lost. */
  const drop = (dealId: string, target: DropTarget, origin: DropTarget) => {
    setCarry(null);
    live.current.carry = null;
    const deal = dealById(dealId);
    const stage = stageById(target.stageId);
    if (!deal || !stage) return;
    if (target.stageId === origin.stageId && target.index === origin.index) {
      setAnnouncement(`${deal.name} dropped where it was.`);
      return;
    }
    if (stage.kind !== "open" && target.stageId !== deal.stage_id) {
      setReasonError("");
      setPending({ dealId, target, kind: stage.kind });
      setAnnouncement(`Say why ${deal.name} was ${stage.kind}.`);
      return;
    }
    send(dealId, target);
  };

  useEffect(() => {
    const dialog = reasonDialog.current;
    if (pending && dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector("textarea")?.focus();
    }
  }, [pending]);

  const closeReason = () => {
    reasonDialog.current?.close();
    const deal = pending && dealById(pending.dealId);
    setPending(null);
    if (deal) {
      setAnnouncement(`${deal.name} stays where it was.`);
      document.querySelector<HTMLElement>(`[data-deal-link="${deal.id}"]`)?.focus();
    }
  };

  const submitReason = (event: Event) => {
    event.preventDefault();
    if (!pending) return;
    const text = String(new FormData(event.currentTarget as HTMLFormElement).get("reason") ?? "").trim();
    if (!text) {
      setReasonError(pending.kind === "won" ? "Say why this deal was won." : "Say why this deal was lost.");
      return;
    }
    reasonDialog.current?.close();
    const { dealId, target, kind } = pending;
    setPending(null);
    send(dealId, target, { kind, text });
  };

  // ---- "Move to…" menu -----------------------------------------------------------------------------------

  const openMenu = useCallback((dealId: string) => {
    setMenuFor(dealId);
  }, []);
  useEffect(() => {
    if (menuFor && menuDialog.current && !menuDialog.current.open) menuDialog.current.showModal();
  }, [menuFor]);
  const moveFromMenu = (stageId: string) => {
    const dealId = menuFor;
    menuDialog.current?.close();
    setMenuFor(null);
    if (!dealId) return;
    const at = locate(live.current.stages, dealId);
    if (!at) return;
    const origin = { stageId: live.current.stages[at.stage].id, index: at.index };
    drop(dealId, { stageId, index: 0 }, origin);
  };

  // ---- pointer dragging ----------------------------------------------------------------------------------

  /** Column and index under the pointer, from the rendered cards (the carried card excluded). */
  const hitTest = (x: number, y: number, dealId: string): DropTarget | null => {
    const columns = scroller.current?.querySelectorAll<HTMLElement>(".deal-column");
    if (!columns) return null;
    for (const column of columns) {
      const rect = column.getBoundingClientRect();
      if (x < rect.left || x > rect.right) continue;
      const cards = column.querySelectorAll<HTMLElement>(".deal-card-slot");
      let index = 0;
      for (const card of cards) {
        if (card.querySelector(`[data-deal-id="${dealId}"]`)) continue;
        const r = card.getBoundingClientRect();
        if (y > r.top + r.height / 2) index++;
        else break;
      }
      return { stageId: column.dataset.stageId!, index };
    }
    return null;
  };

  const tick = () => {
    const p = press.current;
    if (!p?.active) return;
    const board = scroller.current;
    if (board) {
      const rect = board.getBoundingClientRect();
      const speed = (distance: number) => Math.ceil(((EDGE_PX - distance) / EDGE_PX) * 18);
      if (p.x < rect.left + EDGE_PX) board.scrollLeft -= speed(Math.max(0, p.x - rect.left));
      else if (p.x > rect.right - EDGE_PX) board.scrollLeft += speed(Math.max(0, rect.right - p.x));
      const list = document.elementFromPoint(p.x, p.y)?.closest<HTMLElement>(".deal-column")
        ?.querySelector<HTMLElement>(".deal-column-cards");
      if (list) {
        const r = list.getBoundingClientRect();
        if (p.y < r.top + EDGE_PX / 2) list.scrollTop -= 10;
        else if (p.y > r.bottom - EDGE_PX / 2) list.scrollTop += 10;
      }
    }
    const target = hitTest(p.x, p.y, p.dealId);
    const current = live.current.carry;
    if (target && current && (target.stageId !== current.target.stageId || target.index !== current.target.index)) {
      const next = { ...current, target };
      live.current.carry = next;
      setCarry(next);
      setShown((s) => ({ ...s, [target.stageId]: Math.max(s[target.stageId] ?? PAGE, target.index + 1) }));
    }
    p.frame = requestAnimationFrame(tick);
  };

  const startDrag = (p: Press) => {
    const card = scroller.current?.querySelector<HTMLElement>(`[data-deal-id="${p.dealId}"]`);
    const at = locate(live.current.stages, p.dealId);
    if (!card || !at) return;
    p.active = true;
    const rect = card.getBoundingClientRect();
    p.offsetX = p.startX - rect.left;
    p.offsetY = p.startY - rect.top;
    const ghost = card.cloneNode(true) as HTMLElement;
    ghost.classList.add("deal-card-ghost");
    ghost.removeAttribute("data-deal-id");
    // Position follows the pointer: CSSOM styles from script are allowed by the CSP, inline attributes are not.
    ghost.style.width = `${rect.width}px`;
    ghost.style.transform = `translate(${rect.left}px, ${rect.top}px) rotate(2deg)`;
    document.body.appendChild(ghost);
    p.ghost = ghost;
    document.documentElement.classList.add("is-dragging-deal");
    const origin = { stageId: live.current.stages[at.stage].id, index: at.index };
    const next: Carry = { dealId: p.dealId, target: origin, origin, mode: "pointer" };
    live.current.carry = next;
    setCarry(next);
    if (p.pointerType !== "mouse") navigator.vibrate?.(15);
    p.frame = requestAnimationFrame(tick);
  };

  const endPress = (commit: boolean) => {
    const p = press.current;
    press.current = null;
    if (!p) return;
    clearTimeout(p.timer);
    if (p.frame) cancelAnimationFrame(p.frame);
    p.ghost?.remove();
    document.documentElement.classList.remove("is-dragging-deal");
    removeEventListener("pointermove", onPointerMove);
    removeEventListener("pointerup", onPointerUp);
    removeEventListener("pointercancel", onPointerCancel);
    if (!p.active) return;
    suppressClick.current = true;
    setTimeout(() => (suppressClick.current = false), 0);
    const current = live.current.carry;
    if (!current) return;
    // The last animation frame may not have seen the final pointer position: look once more.
    const target = commit ? hitTest(p.x, p.y, p.dealId) ?? current.target : current.target;
    if (commit) drop(current.dealId, target, current.origin);
    else {
      setCarry(null);
      live.current.carry = null;
    }
  };

  function onPointerMove(event: PointerEvent) {
    const p = press.current;
    if (!p || event.pointerId !== p.pointerId) return;
    p.x = event.clientX;
    p.y = event.clientY;
    if (!p.active) {
      const moved = Math.hypot(p.x - p.startX, p.y - p.startY);
      if (p.pointerType === "mouse" && moved > 5) startDrag(p);
      else if (p.pointerType !== "mouse" && moved > 10) endPress(false); // a scroll, not a long-press
      return;
    }
    p.ghost!.style.transform = `translate(${p.x - p.offsetX}px, ${p.y - p.offsetY}px) rotate(2deg)`;
  }
  function onPointerUp(event: PointerEvent) {
    if (!press.current || event.pointerId !== press.current.pointerId) return;
    press.current.x = event.clientX;
    press.current.y = event.clientY;
    endPress(true);
  }
  function onPointerCancel(event: PointerEvent) {
    if (press.current && event.pointerId === press.current.pointerId) endPress(false);
  }

  const onPointerDown = (event: PointerEvent) => {
    if (!movable || press.current || live.current.carry || event.button !== 0) return;
    const target = event.target as HTMLElement;
    if (target.closest("button, input, select, textarea")) return;
    const card = target.closest<HTMLElement>(".deal-card");
    if (!card?.dataset.dealId) return;
    const p: Press = {
      dealId: card.dataset.dealId,
      pointerId: event.pointerId,
      pointerType: event.pointerType,
      startX: event.clientX,
      startY: event.clientY,
      x: event.clientX,
      y: event.clientY,
      active: false,
      offsetX: 0,
      offsetY: 0,
    };
    press.current = p;
    if (event.pointerType !== "mouse") p.timer = setTimeout(() => press.current === p && startDrag(p), LONG_PRESS_MS);
    addEventListener("pointermove", onPointerMove);
    addEventListener("pointerup", onPointerUp);
    addEventListener("pointercancel", onPointerCancel);
  };

  // Touch: once a long-press started a drag, the finger drags the card instead of scrolling the board.
  useEffect(() => {
    const board = scroller.current;
    if (!board) return;
    const onTouchMove = (event: TouchEvent) => {
      if (press.current?.active && event.cancelable) event.preventDefault();
    };
    const onContextMenu = (event: Event) => {
      if (press.current) event.preventDefault();
    };
    board.addEventListener("touchmove", onTouchMove, { passive: false });
    board.addEventListener("contextmenu", onContextMenu);
    return () => {
      board.removeEventListener("touchmove", onTouchMove);
      board.removeEventListener("contextmenu", onContextMenu);
      endPress(false);
    };
  }, []);

  const onClickCapture = (event: MouseEvent) => {
    if (suppressClick.current) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  // ---- keyboard ------------------------------------------------------------------------------------------

  /** Space on a focused card picks it up; while it is carried, keys go to `onCarryKey` wherever focus is. */
  const onKeyDown = (event: KeyboardEvent) => {
    if (!movable || live.current.carry || (event.key !== " " && event.key !== "Spacebar")) return;
    const link = (event.target as HTMLElement).closest<HTMLElement>("[data-deal-link]");
    const dealId = link?.dataset.dealLink;
    const at = dealId ? locate(live.current.stages, dealId) : null;
    if (!dealId || !at) return;
    event.preventDefault();
    const stage = live.current.stages[at.stage];
    const origin = { stageId: stage.id, index: at.index };
    const next: Carry = { dealId, target: origin, origin, mode: "keyboard" };
    live.current.carry = next;
    setCarry(next);
    setAnnouncement(
      `Picked up ${stage.deals[at.index].name} in ${stage.name}, position ${at.index + 1}. ` +
        "Use the arrow keys to move it, Space to drop it, Escape to cancel.",
    );
  };

  const onCarryKey = (event: KeyboardEvent) => {
    const current = live.current.carry;
    if (current?.mode !== "keyboard") return;
    const dealId = current.dealId;
    const deal = dealById(dealId);
    if (!deal) return;
    const all = live.current.stages;
    const stageIndex = all.findIndex((s) => s.id === current.target.stageId);
    const sizeOf = (i: number) => all[i].deals.filter((d) => d.id !== dealId).length;
    let target = current.target;
    switch (event.key) {
      case " ":
      case "Spacebar":
      case "Enter":
        event.preventDefault();
        // Handled here: the board's own keydown (Space picks up) must not see it after the drop.
        event.stopPropagation();
        drop(dealId, current.target, current.origin);
        // The card re-mounted in its new column: keep the focus on it.
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-link="${dealId}"]`)?.focus());
        return;
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        live.current.carry = null;
        setCarry(null);
        setAnnouncement(`Move cancelled. ${deal.name} is back in ${stageById(current.origin.stageId)?.name}.`);
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-link="${dealId}"]`)?.focus());
        return;
      case "ArrowRight":
      case "ArrowLeft": {
        event.preventDefault();
        const nextStage = stageIndex + (event.key === "ArrowRight" ? 1 : -1);
        if (nextStage < 0 || nextStage >= all.length) return;
        target = { stageId: all[nextStage].id, index: Math.min(current.target.index, sizeOf(nextStage)) };
        break;
      }
      case "ArrowUp":
      case "ArrowDown": {
        event.preventDefault();
        const index = current.target.index + (event.key === "ArrowDown" ? 1 : -1);
        if (index < 0 || index > sizeOf(stageIndex)) return;
        target = { ...current.target, index };
        break;
      }
      case "Tab":
        event.preventDefault();
        return;
      default:
        return;
    }
    event.stopPropagation();
    const next = { ...current, target };
    live.current.carry = next;
    setCarry(next);
    setShown((s) => ({ ...s, [target.stageId]: Math.max(s[target.stageId] ?? PAGE, target.index + 1) }));
    const stage = stageById(target.stageId)!;
    setAnnouncement(`${deal.name}: ${stage.name}, position ${target.index + 1} of ${sizeOf(all.indexOf(stage)) + 1}.`);
  };
  const carryKey = useRef(onCarryKey);
  carryKey.current = onCarryKey;
  // Listening from the start (not from the pick-up on): keys pressed right after Space must not slip past.
  useEffect(() => {
    const listener = (event: KeyboardEvent) => carryKey.current(event);
    addEventListener("keydown", listener, true);
    return () => removeEventListener("keydown", listener, true);
  }, []);

  const onMore = useCallback((stageId: string) => {
    setShown((s) => ({ ...s, [stageId]: (s[stageId] ?? PAGE) + PAGE }));
  }, []);

  // ---- render --------------------------------------------------------------------------------------------

  const menuDeal = menuFor ? dealById(menuFor) : null;
  const pendingDeal = pending ? dealById(pending.dealId) : null;
  const autoSubmit = (event: Event) => (event.currentTarget as HTMLElement).closest("form")?.requestSubmit();
  const f = props.filters;
  const filtered = Boolean(f.owner_id || f.q || f.min_value || f.close_from || f.close_to);
  const allParams = new URLSearchParams(
    Object.entries({ pipeline: props.pipelineId, ...f, all: "1" }).filter(([, v]) => v),
  );
  const allHref = `/deals?${allParams}`;

  return (
    <div class="deal-board" data-hydrated={hydrated ? "true" : undefined}>
      <PipelineSummary {...totals} />
      <form class="deal-toolbar" method="get" action="/deals" role="search" aria-label="Filter the board">
        <label class="deal-toolbar-pipeline">
          <span class="visually-hidden">Pipeline</span>
          <span class="select-wrap">
            <select name="pipeline" class="select" onChange={autoSubmit}>
              {props.pipelines.map((p) => (
                <option key={p.id} value={p.id} selected={p.id === props.pipelineId}>{p.name}</option>
              ))}
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
        </label>
        <label class="deal-toolbar-search">
          <Icon name="search" class="deal-toolbar-search-icon" />
          <span class="visually-hidden">Search deals</span>
          <input
            type="search"
            name="q"
            class="input"
            placeholder="Search deals…"
            value={f.q}
            autocomplete="off"
            onChange={autoSubmit}
          />
        </label>
        <label>
          <span class="visually-hidden">Owner</span>
          <span class="select-wrap">
            <select name="owner_id" class="select" onChange={autoSubmit}>
              <option value="">All owners</option>
              {props.members.map((m) => <option key={m.id} value={m.id} selected={m.id === f.owner_id}>{m.name}
              </option>)}
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
        </label>
        <label class="deal-toolbar-min">
          <span class="deal-toolbar-label">Min $</span>
          <input
            type="number"
            name="min_value"
            class="input"
            min={0}
            step="any"
            value={f.min_value}
            onChange={autoSubmit}
          />
        </label>
        <label class="deal-toolbar-date">
          <span class="deal-toolbar-label">Closing</span>
          <span class="visually-hidden">from</span>
          <input type="date" name="close_from" class="input" value={f.close_from} onChange={autoSubmit} />
        </label>
        <label class="deal-toolbar-date">
          <span class="deal-toolbar-label" aria-hidden="true">–</span>
          <span class="visually-hidden">Closing by</span>
          <input type="date" name="close_to" class="input" value={f.close_to} onChange={autoSubmit} />
        </label>
        <button type="submit" class="btn btn-secondary deal-toolbar-apply">Apply</button>
        {filtered && <a class="btn btn-ghost" href={`/deals?pipeline=${props.pipelineId}`}>Clear</a>}
      </form>

      {stale && (
        <div class="live-banner" role="status">
          <button type="button" class="live-banner-button" onClick={() => location.reload()}>
            <Icon name="arrow-right" size="sm" />
            Deals changed — refresh the board
          </button>
        </div>
      )}
      <div
        class={cx("deal-columns", carry?.mode === "pointer" && "is-dragging")}
        ref={scroller}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        onClickCapture={onClickCapture}
        aria-describedby="deal-board-help"
      >
        {view.map((stage) => (
          <Column
            key={stage.id}
            stage={stages.find((s) => s.id === stage.id) ?? stage}
            deals={stage.deals}
            money={summaryOf(stages.find((s) => s.id === stage.id) ?? stage)}
            now={props.now}
            shown={shown[stage.id] ?? PAGE}
            carryId={carry && (carry.target.stageId === stage.id) ? carry.dealId : null}
            carryMode={carry && carry.target.stageId === stage.id ? carry.mode : null}
            movable={movable}
            onMore={onMore}
            onMenu={openMenu}
            allHref={allHref}
          />
        ))}
      </div>
      <p id="deal-board-help" class="visually-hidden">
        {props.canWrite
          ? "To move a deal with the keyboard, focus it and press Space, move it with the arrow keys, and press Space again to drop it."
          : "You can view deals but not move them."}
      </p>
      <p class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">{announcement}</p>

      <dialog class="deal-dialog" ref={reasonDialog} onCancel={closeReason} aria-labelledby="deal-reason-title">
        {pending && pendingDeal && (
          <form class="stack" onSubmit={submitReason}>
            <div class="stack-xs">
              <h2 id="deal-reason-title" class="deal-dialog-title">
                {pending.kind === "won" ? "Why was this deal won?" : "Why was this deal lost?"}
              </h2>
              <p class="muted text-sm">
                {pendingDeal.name} moves to {stageById(pending.target.stageId)?.name}. The reason helps the team learn.
              </p>
            </div>
            <label class="field">
              <span class="field-label">{pending.kind === "won" ? "Win reason" : "Loss reason"}</span>
              <textarea
                name="reason"
                class="textarea"
                rows={3}
                maxLength={500}
                required
                placeholder={pending.kind === "won"
                  ? "e.g. Best integration with their stack"
                  : "e.g. Went with a cheaper competitor"}
              />
              {reasonError && <span class="field-error" role="alert">{reasonError}</span>}
            </label>
            <div class="row-end gap-2">
              <button type="button" class="btn btn-ghost" onClick={closeReason}>Cancel</button>
              <button type="submit" class={cx("btn", pending.kind === "won" ? "btn-primary" : "btn-danger")}>
                {pending.kind === "won" ? "Mark as won" : "Mark as lost"}
              </button>
            </div>
          </form>
        )}
      </dialog>

      <dialog
        class="deal-dialog deal-move-sheet"
        ref={menuDialog}
        onClose={() => setMenuFor(null)}
        aria-labelledby="deal-move-title"
      >
        {menuDeal && (
          <div class="stack-sm">
            <h2 id="deal-move-title" class="deal-dialog-title">Move “{menuDeal.name}” to…</h2>
            <ul class="deal-move-list">
              {stages.map((stage) => (
                <li key={stage.id}>
                  <button
                    type="button"
                    class={cx("deal-move-option", `stage-tone-${stageTone(stage.color, stage.kind)}`)}
                    disabled={stage.id === menuDeal.stage_id}
                    onClick={() => moveFromMenu(stage.id)}
                  >
                    <span class="stage-dot" aria-hidden="true" />
                    {stage.name}
                    {stage.id === menuDeal.stage_id && <span class="subtle text-xs">current</span>}
                  </button>
                </li>
              ))}
            </ul>
            <form method="dialog" class="row-end">
              <button type="submit" class="btn btn-ghost">Cancel</button>
            </form>
          </div>
        )}
      </dialog>

      {toast && (
        <div class={cx("deal-toast", toast.error && "is-error")} role={toast.error ? "alert" : "status"}>
          <Icon name={toast.error ? "alert" : "check"} />
          <span>{toast.message}</span>
          <button type="button" class="deal-toast-close" aria-label="Dismiss" onClick={() => setToast(null)}>
            <Icon name="x" size="sm" />
          </button>
        </div>
      )}
    </div>
  );
}
