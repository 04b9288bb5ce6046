// Moving deal cards with the keyboard: Space picks a focused card up, the arrows carry it, Space (or Enter)
// drops it and Escape cancels; every step is announced to screen readers.
import { useEffect } from "preact/hooks";
import { locate } from "./board.ts";
import { drop } from "./move.ts";
import { type BoardState, type Carry, dealById, setCarry, showTarget, stageById } from "./state.ts";

function focusCard(dealId: string) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-deal-link="${dealId}"]`)?.focus());
}

/** Space on a focused card picks it up; while it is carried, keys go to `onCarryKey` wherever focus is. */
function pickUp(s: BoardState, event: KeyboardEvent, movable: boolean) {
  if (!movable || s.carry.value || (event.key !== " " && event.key !== "Spacebar")) return;
  const link = (event.target as HTMLElement).closest<HTMLElement>("[data-deal-link]");
  const dealId = link?.dataset.dealLink;
  const at = dealId ? locate(s.stages.value, dealId) : null;
  if (!dealId || !at) return;
  event.preventDefault();
  const stage = s.stages.value[at.stage];
  const origin = { stageId: stage.id, index: at.index };
  const next: Carry = { dealId, target: origin, origin, mode: "keyboard" };
  setCarry(s, next);
  s.announcement.value = `Picked up ${stage.deals[at.index].name} in ${stage.name}, position ${at.index + 1}. ` +
    "Use the arrow keys to move it, Space to drop it, Escape to cancel.";
}

function onCarryKey(s: BoardState, event: KeyboardEvent) {
  const current = s.carry.value;
  if (current?.mode !== "keyboard") return;
  const dealId = current.dealId;
  const deal = dealById(s, dealId);
  if (!deal) return;
  const all = s.stages.value;
  const stageIndex = all.findIndex((stage) => stage.id === current.target.stageId);
  const sizeOf = (i: number) => all[i].deals.filter((d) => d.id !== dealId).length;
  let target = current.target;
  switch (event.key) {
    case " ":
    case "Spacebar":
    case "Enter":
      event.preventDefault();
      // Handled here: the board's own keydown (Space picks up) must not see it after the drop.
      event.stopPropagation();
      drop(s, dealId, current.target, current.origin);
      // The card re-mounted in its new column: keep the focus on it.
      focusCard(dealId);
      return;
    case "Escape":
      event.preventDefault();
      event.stopPropagation();
      setCarry(s, null);
      s.announcement.value = `Move cancelled. ${deal.name} is back in ${stageById(s, current.origin.stageId)?.name}.`;
      focusCard(dealId);
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
  setCarry(s, { ...current, target });
  showTarget(s, target);
  const stage = stageById(s, target.stageId)!;
  s.announcement.value = `${deal.name}: ${stage.name}, position ${target.index + 1} of ${
    sizeOf(all.indexOf(stage)) + 1
  }.`;
}

/** The board's keydown handler (pick up), and a window listener for the keys of a carry. */
export function useKeyboardCarry(s: BoardState, movable: boolean) {
  // Listening from the start (not from the pick-up on): keys pressed right after Space must not slip past.
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onCarryKey(s, event);
    addEventListener("keydown", listener, true);
    return () => removeEventListener("keydown", listener, true);
  }, []);

  // Keyboard carrying re-mounts the card in another column: keep the focus on it.
  const carry = s.carry.value;
  useEffect(() => {
    if (carry?.mode !== "keyboard") return;
    const link = document.querySelector<HTMLElement>(`[data-deal-link="${carry.dealId}"]`);
    if (link && document.activeElement !== link) link.focus({ preventScroll: false });
    link?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [carry]);

  return (event: KeyboardEvent) => pickUp(s, event, movable);
}
