// The deals board's dialogs and messages: why a deal was won or lost (asked before the move is sent), the
// "Move to…" sheet (phones), and the toast that says a move was refused.
import { useEffect, useRef } from "preact/hooks";
import { drop, sendMove } from "../../lib/deals/client/move.ts";
import { type BoardState, dealById, originOf, stageById } from "../../lib/deals/client/state.ts";
import { stageTone } from "../../lib/deals/client/stage-tone.ts";
import { Icon } from "../ui/Icon.tsx";
import { cx } from "../ui/cx.ts";

const TOAST_MS = 7000;

export function ReasonDialog({ s }: { s: BoardState }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const pending = s.pending.value;
  const pendingDeal = pending ? dealById(s, pending.dealId) : null;
  const reasonError = s.reasonError.value;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (pending && dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector("textarea")?.focus();
    }
  }, [pending]);

  const closeReason = () => {
    dialogRef.current?.close();
    const current = s.pending.value;
    const deal = current && dealById(s, current.dealId);
    s.pending.value = null;
    if (deal) {
      s.announcement.value = `${deal.name} stays where it was.`;
      document.querySelector<HTMLElement>(`[data-deal-link="${deal.id}"]`)?.focus();
    }
  };

  const submitReason = (event: Event) => {
    event.preventDefault();
    const current = s.pending.value;
    if (!current) return;
    const text = String(new FormData(event.currentTarget as HTMLFormElement).get("reason") ?? "").trim();
    if (!text) {
      s.reasonError.value = current.kind === "won" ? "Say why this deal was won." : "Say why this deal was lost.";
      return;
    }
    dialogRef.current?.close();
    const { dealId, target, kind } = current;
    s.pending.value = null;
    void sendMove(s, dealId, target, { kind, text });
  };

  return (
    <dialog class="deal-dialog" ref={dialogRef} onCancel={closeReason} aria-labelledby="deal-reason-title">
      {pending && pendingDeal && (
        <form class="stack" onSubmit={submitReason}>
          <div class="stack-xs">
            <h2 id="deal-reason-title" class="deal-dialog-title">
              {pending.kind === "won" ? "Why was this deal won?" : "Why was this deal lost?"}
            </h2>
            <p class="muted text-sm">
              {pendingDeal.name} moves to {stageById(s, pending.target.stageId)?.name}. The reason helps the team learn.
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
  );
}

/** "Move to…": every stage of the pipeline as a button (the way to move a card on a phone). */
export function MoveSheet({ s }: { s: BoardState }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const menuFor = s.menuFor.value;
  const menuDeal = menuFor ? dealById(s, menuFor) : null;
  useEffect(() => {
    if (menuFor && dialogRef.current && !dialogRef.current.open) dialogRef.current.showModal();
  }, [menuFor]);

  const moveFromMenu = (stageId: string) => {
    const dealId = s.menuFor.value;
    dialogRef.current?.close();
    s.menuFor.value = null;
    if (!dealId) return;
    const origin = originOf(s, dealId);
    if (!origin) return;
    drop(s, dealId, { stageId, index: 0 }, origin);
  };

  return (
    <dialog
      class="deal-dialog deal-move-sheet"
      ref={dialogRef}
      onClose={() => s.menuFor.value = null}
      aria-labelledby="deal-move-title"
    >
      {menuDeal && (
        <div class="stack-sm">
          <h2 id="deal-move-title" class="deal-dialog-title">Move “{menuDeal.name}” to…</h2>
          <ul class="deal-move-list">
            {s.stages.value.map((stage) => (
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
  );
}

export function BoardToast({ s }: { s: BoardState }) {
  const toast = s.toast.value;
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => s.toast.value = null, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast) return null;
  return (
    <div class={cx("deal-toast", toast.error && "is-error")} role={toast.error ? "alert" : "status"}>
      <Icon name={toast.error ? "alert" : "check"} />
      <span>{toast.message}</span>
      <button type="button" class="deal-toast-close" aria-label="Dismiss" onClick={() => s.toast.value = null}>
        <Icon name="x" size="sm" />
      </button>
    </div>
  );
}
