// Teammates' changes on the deals board: moves, new deals, edits and deletes from the team's room are
// applied where the server says the card is now (applying one twice changes nothing). While a card is being
// carried, asked about or sent they wait, then apply.
import { useEffect } from "preact/hooks";
import { type RoomEvent, subscribe } from "../../bus/client/connection.ts";
import { request } from "../../client/api.ts";
import { cardFields, differs, findCard, placeCard, removeCard } from "./live-board.ts";
import type { BoardStage, DealCard } from "./board.ts";
import { type BoardState, filtersSet } from "./state.ts";

function update(s: BoardState, next: (stages: BoardStage[]) => BoardStage[]) {
  const stages = next(s.stages.value);
  if (stages !== s.stages.value) s.stages.value = stages;
}

/** Briefly highlights a card that changed under the person. */
function flash(dealId: string) {
  requestAnimationFrame(() => {
    const card = document.querySelector<HTMLElement>(`.deal-card[data-deal-id="${dealId}"]`);
    if (!card) return;
    card.classList.remove("live-flash");
    void card.offsetWidth;
    card.classList.add("live-flash");
    card.addEventListener("animationend", () => card.classList.remove("live-flash"), { once: true });
  });
}

function ownerName(s: BoardState, id: string | null | undefined) {
  return id ? s.props.members.find((m) => m.id === id)?.name ?? null : null;
}

async function readRecord(path: string): Promise<Record<string, unknown> | null> {
  const res = await request<{ data?: Record<string, unknown> }>("GET", path);
  return res.ok ? res.body?.data ?? null : null;
}

/** A company's or contact's name for a card (fetched once per id). */
async function nameOf(s: BoardState, kind: "companies" | "contacts", id: string | null | undefined) {
  if (!id) return null;
  const key = `${kind}:${id}`;
  if (s.names.has(key)) return s.names.get(key)!;
  const data = await readRecord(`/api/v1/${kind}/${id}`);
  const name = data
    ? kind === "companies" ? String(data.name ?? "") || null : `${data.first_name ?? ""} ${data.last_name ?? ""}`
      .trim() || null
    : null;
  s.names.set(key, name);
  return name;
}

async function fillNames(s: BoardState, dealId: string, card: DealCard) {
  const [company_name, contact_name] = await Promise.all([
    nameOf(s, "companies", card.company_id),
    nameOf(s, "contacts", card.contact_id),
  ]);
  update(s, (stages) => {
    const now = findCard(stages, dealId);
    if (!now || (now.company_name === company_name && now.contact_name === contact_name)) return stages;
    return placeCard(stages, { ...now, company_name, contact_name });
  });
}

/** A deal that is not on the board yet: read it whole. */
async function fetchCard(s: BoardState, dealId: string) {
  const data = await readRecord(`/api/v1/deals/${dealId}`);
  if (!data || data.pipeline_id !== s.props.pipelineId || data.deleted_at) return;
  const card = {
    id: dealId,
    owner_name: ownerName(s, data.owner_id as string | null),
    company_name: null,
    contact_name: null,
    tags: data.tags ?? [],
    ...cardFields(data),
  } as DealCard;
  update(s, (stages) => placeCard(stages, card));
  flash(dealId);
  void fillNames(s, dealId, card);
}

function applyLive(s: BoardState, event: RoomEvent) {
  const payload = (event.payload ?? {}) as Record<string, unknown> & { changed?: string[] };
  if (event.type === "records.bulk_changed") {
    if (payload.record_type === "deal") s.stale.value = true;
    return;
  }
  if (event.record_type !== "deal") return;
  const id = String(event.record_id);
  const current = findCard(s.stages.value, id);
  if (event.type === "record.deleted") {
    if (current) update(s, (stages) => removeCard(stages, id));
    return;
  }
  if (typeof payload.pipeline_id === "string" && payload.pipeline_id !== s.props.pipelineId) {
    if (current) update(s, (stages) => removeCard(stages, id));
    return;
  }
  const fields = cardFields(payload);
  if (!current) {
    // New here: created (or restored), or moved in from another pipeline. A filtered board cannot tell
    // whether it matches: offer a refresh instead.
    const arrived = event.type === "record.created" || payload.changed?.includes("pipeline_id");
    if (!arrived) return;
    if (filtersSet(s.props.filters)) s.stale.value = true;
    else void fetchCard(s, id);
    return;
  }
  const patch: Partial<DealCard> = { ...fields };
  if ("owner_id" in fields && fields.owner_id !== current.owner_id) patch.owner_name = ownerName(s, fields.owner_id);
  const relinked = ("company_id" in fields && fields.company_id !== current.company_id) ||
    ("contact_id" in fields && fields.contact_id !== current.contact_id);
  if (!differs(current, patch)) return;
  const card = { ...current, ...patch };
  update(s, (stages) => placeCard(stages, card));
  flash(id);
  if (relinked) void fillNames(s, id, card);
}

/** Nothing is being carried, asked about or sent: the board may change under the person. */
function still(s: BoardState) {
  return !s.carry.value && !s.press.current?.active && s.inflight.size === 0 && s.pending.value === null;
}

/** Applies the live events that waited, once the board is still. */
export function flushLive(s: BoardState) {
  if (!still(s)) return;
  const queued = s.waiting.splice(0);
  for (const event of queued) applyLive(s, event);
}

/** Follows the team's room; applies what arrived during a carry or a reason dialog once they end. */
export function useBoardLive(s: BoardState) {
  const teamId = s.props.teamId;
  useEffect(() => {
    if (!teamId) return;
    return subscribe(`team:${teamId}`, {
      onEvent: (event) => {
        if (still(s)) applyLive(s, event);
        else s.waiting.push(event);
      },
      onReset: () => s.stale.value = true,
    });
  }, [teamId]);

  const carry = s.carry.value;
  const pending = s.pending.value;
  useEffect(() => {
    if (!carry && !pending) flushLive(s);
  }, [carry, pending]);
}
