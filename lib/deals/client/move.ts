// Moving a deal on the board: applied at once (cards and column totals), sent to
// POST /api/v1/deals/:id/move, and undone with a readable message when the server refuses. A move into a
// won or lost stage first asks why.
import { request } from "../../client/api.ts";
import { applyMove, type DealCard, type DropTarget, locate, patchCard } from "./board.ts";
import { flushLive } from "./live.ts";
import { type BoardState, dealById, setCarry, stageById } from "./state.ts";

export async function sendMove(
  s: BoardState,
  dealId: string,
  target: DropTarget,
  reason?: { kind: "won" | "lost"; text: string },
) {
  const before = dealById(s, dealId);
  const origin = locate(s.stages.value, dealId);
  const stage = stageById(s, target.stageId);
  if (!before || !origin || !stage) return;
  const originStageId = s.stages.value[origin.stage].id;
  const next = applyMove(s.stages.value, dealId, target, new Date().toISOString());
  const moved = locate(next, dealId);
  const position = moved ? next[moved.stage].deals[moved.index].position : undefined;
  s.stages.value = next;
  const where = moved ? moved.index + 1 : target.index + 1;
  s.announcement.value = `${before.name} moved to ${stage.name}, position ${where}.`;
  const body: Record<string, unknown> = { stage_id: target.stageId, position };
  if (reason) body[reason.kind === "won" ? "win_reason" : "loss_reason"] = reason.text;
  s.inflight.add(dealId);
  const res = await request<{ data?: Partial<DealCard> }>("POST", `/api/v1/deals/${dealId}/move`, body, {
    csrf: s.props.csrf,
  });
  s.inflight.delete(dealId);
  queueMicrotask(() => flushLive(s));
  const d = res.ok ? res.body?.data : null;
  if (d) {
    s.stages.value = patchCard(s.stages.value, dealId, {
      probability: d.probability,
      position: d.position,
      stage_entered_at: d.stage_entered_at,
      closed_at: d.closed_at,
    });
    return;
  }
  const serverMessage = (res.body as { error?: { message?: string } } | null)?.error?.message;
  const message = res.status === 0
    ? "Could not reach the server. The deal was not moved."
    : serverMessage ?? `The move failed (${res.status}).`;
  // Put it back where it was, with what it had.
  const back = applyMove(
    s.stages.value,
    dealId,
    { stageId: originStageId, index: origin.index },
    before.stage_entered_at,
    before.position,
  );
  s.stages.value = patchCard(back, dealId, before);
  s.toast.value = { message: `${before.name} was not moved: ${message}`, error: true };
  s.announcement.value = `${before.name} was not moved. ${message}`;
}

/** Ends a carry at its target: asks for a reason when the deal is being won or lost. */
export function drop(s: BoardState, dealId: string, target: DropTarget, origin: DropTarget) {
  setCarry(s, null);
  const deal = dealById(s, dealId);
  const stage = stageById(s, target.stageId);
  if (!deal || !stage) return;
  if (target.stageId === origin.stageId && target.index === origin.index) {
    s.announcement.value = `${deal.name} dropped where it was.`;
    return;
  }
  if (stage.kind !== "open" && target.stageId !== deal.stage_id) {
    s.reasonError.value = "";
    s.pending.value = { dealId, target, kind: stage.kind };
    s.announcement.value = `Say why ${deal.name} was ${stage.kind}.`;
    return;
  }
  void sendMove(s, dealId, target);
}
