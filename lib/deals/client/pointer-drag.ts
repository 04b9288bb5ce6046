// Dragging deal cards with mouse, pen and touch (pointer events; a long press starts it on touch): a ghost
// follows the pointer, the board scrolls near its edges, and the card lands where the pointer lets go.
import { useEffect, useMemo } from "preact/hooks";
import type { DropTarget } from "./board.ts";
import { drop } from "./move.ts";
import { type BoardState, type Carry, originOf, type Press, setCarry, showTarget } from "./state.ts";

const LONG_PRESS_MS = 350;
const EDGE_PX = 64;

/** Column and index under the pointer, from the rendered cards (the carried card excluded). */
function hitTest(s: BoardState, x: number, y: number, dealId: string): DropTarget | null {
  const columns = s.scroller.current?.querySelectorAll<HTMLElement>(".deal-column");
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
}

/** The pointer handlers of one board; the same functions for its lifetime, so listeners come off again. */
function pointerDrag(s: BoardState) {
  const tick = () => {
    const p = s.press.current;
    if (!p?.active) return;
    const board = s.scroller.current;
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
    const target = hitTest(s, p.x, p.y, p.dealId);
    const current = s.carry.value;
    if (target && current && (target.stageId !== current.target.stageId || target.index !== current.target.index)) {
      setCarry(s, { ...current, target });
      showTarget(s, target);
    }
    p.frame = requestAnimationFrame(tick);
  };

  const startDrag = (p: Press) => {
    const card = s.scroller.current?.querySelector<HTMLElement>(`[data-deal-id="${p.dealId}"]`);
    const origin = originOf(s, p.dealId);
    if (!card || !origin) return;
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
    const next: Carry = { dealId: p.dealId, target: origin, origin, mode: "pointer" };
    setCarry(s, next);
    if (p.pointerType !== "mouse") navigator.vibrate?.(15);
    p.frame = requestAnimationFrame(tick);
  };

  const endPress = (commit: boolean) => {
    const p = s.press.current;
    s.press.current = null;
    if (!p) return;
    clearTimeout(p.timer);
    if (p.frame) cancelAnimationFrame(p.frame);
    p.ghost?.remove();
    document.documentElement.classList.remove("is-dragging-deal");
    removeEventListener("pointermove", onPointerMove);
    removeEventListener("pointerup", onPointerUp);
    removeEventListener("pointercancel", onPointerCancel);
    if (!p.active) return;
    s.suppressClick.current = true;
    setTimeout(() => (s.suppressClick.current = false), 0);
    const current = s.carry.value;
    if (!current) return;
    // The last animation frame may not have seen the final pointer position: look once more.
    const target = commit ? hitTest(s, p.x, p.y, p.dealId) ?? current.target : current.target;
    if (commit) drop(s, current.dealId, target, current.origin);
    else setCarry(s, null);
  };

  function onPointerMove(event: PointerEvent) {
    const p = s.press.current;
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
    const p = s.press.current;
    if (!p || event.pointerId !== p.pointerId) return;
    p.x = event.clientX;
    p.y = event.clientY;
    endPress(true);
  }
  function onPointerCancel(event: PointerEvent) {
    if (s.press.current && event.pointerId === s.press.current.pointerId) endPress(false);
  }

  const onPointerDown = (event: PointerEvent, movable: boolean) => {
    if (!movable || s.press.current || s.carry.value || event.button !== 0) return;
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
    s.press.current = p;
    if (event.pointerType !== "mouse") {
      p.timer = setTimeout(() => s.press.current === p && startDrag(p), LONG_PRESS_MS);
    }
    addEventListener("pointermove", onPointerMove);
    addEventListener("pointerup", onPointerUp);
    addEventListener("pointercancel", onPointerCancel);
  };

  const onClickCapture = (event: MouseEvent) => {
    if (s.suppressClick.current) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return { onPointerDown, onClickCapture, endPress };
}

/** Pointer handlers for the board's columns element (`s.scroller`). */
export function usePointerDrag(s: BoardState, movable: boolean) {
  const drag = useMemo(() => pointerDrag(s), [s]);
  // Touch: once a long-press started a drag, the finger drags the card instead of scrolling the board.
  useEffect(() => {
    const board = s.scroller.current;
    if (!board) return;
    const onTouchMove = (event: TouchEvent) => {
      if (s.press.current?.active && event.cancelable) event.preventDefault();
    };
    const onContextMenu = (event: Event) => {
      if (s.press.current) event.preventDefault();
    };
    board.addEventListener("touchmove", onTouchMove, { passive: false });
    board.addEventListener("contextmenu", onContextMenu);
    return () => {
      board.removeEventListener("touchmove", onTouchMove);
      board.removeEventListener("contextmenu", onContextMenu);
      drag.endPress(false);
    };
  }, []);
  return {
    onPointerDown: (event: PointerEvent) => drag.onPointerDown(event, movable),
    onClickCapture: drag.onClickCapture,
  };
}
