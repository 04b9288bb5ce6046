// Pointer dragging on the dashboard grid: pressing a widget's title bar (move) or its corner (resize) and
// dragging snaps it cell by cell (grid.ts does the math), pushing others aside; letting go settles the
// layout and hands it to the caller to save. Works for mouse, pen and touch (pointer capture).
import type { Signal } from "@preact/signals";
import { moveBox, pixelsToCells, resizeBox, settle } from "./grid.ts";
import type { Widget } from "./types.ts";

export type DragMode = "move" | "resize";

/** The width below which the dashboard is one column (static/styles/reports.css). */
const PHONE = "(max-width: 767.98px)";

/** The grid's column width, row height and gap in pixels, read from its computed style. */
export function gridMetrics(grid: HTMLElement, columns = 12) {
  const style = getComputedStyle(grid);
  const gap = parseFloat(style.columnGap) || 0;
  const rowH = parseFloat(style.gridAutoRows) || 64;
  const cellW = (grid.clientWidth - gap * (columns - 1)) / columns;
  return { gap, rowH, cellW };
}

export interface DragOptions {
  grid: () => HTMLElement | null;
  layout: Signal<Widget[]>;
  dragging: Signal<string | null>;
  /** The settled layout after a drop, and the one before the drag began. */
  onDrop: (final: Widget[], before: Widget[]) => void;
}

/** A pointerdown handler for widget `id` in `mode`. */
export function startDrag(options: DragOptions, id: string, mode: DragMode) {
  return (event: PointerEvent) => {
    if (event.button !== 0 || options.dragging.value) return;
    // One column on a phone (reports.css): the grid cannot be arranged there, and the page must scroll.
    if (matchMedia(PHONE).matches) return;
    const grid = options.grid();
    const handle = event.currentTarget as HTMLElement | null;
    if (!grid || !handle) return;
    event.preventDefault();
    handle.setPointerCapture?.(event.pointerId);
    const before = options.layout.value;
    const metrics = gridMetrics(grid);
    const startX = event.clientX;
    const startY = event.clientY;
    options.dragging.value = id;

    let moved = false;
    const move = (e: PointerEvent) => {
      moved ||= Math.abs(e.clientX - startX) + Math.abs(e.clientY - startY) > 4;
      const { dx, dy } = pixelsToCells(
        e.clientX - startX,
        e.clientY - startY,
        metrics.cellW,
        metrics.rowH,
        metrics.gap,
      );
      options.layout.value = mode === "move" ? moveBox(before, id, dx, dy) : resizeBox(before, id, dx, dy);
    };
    const end = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", end);
      handle.removeEventListener("pointercancel", end);
      options.dragging.value = null;
      const final = settle(options.layout.value);
      // A drag that started on the title's link must not also follow it when the button is released.
      if (moved) swallowNextClick();
      options.layout.value = final;
      options.onDrop(final, before);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", end);
    handle.addEventListener("pointercancel", end);
  };
}

function swallowNextClick() {
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopPropagation();
  };
  addEventListener("click", swallow, { capture: true, once: true });
  // No click follows a drag that ended off the element: stop waiting for one.
  setTimeout(() => removeEventListener("click", swallow, { capture: true }), 0);
}
