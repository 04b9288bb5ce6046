// Dashboard layout math on a 12-column grid: moving and resizing a widget, pushing whatever it now overlaps
// downwards and closing the gaps above (so the layout stays a tidy stack), and turning pointer pixels into
// grid cells. Pure functions over plain {x, y, w, h} boxes: the DashboardGrid island and its tests share them.

export const COLUMNS = 12;
export const MIN_W = 2;
export const MIN_H = 2;
export const MAX_H = 24;

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Keeps a box inside the grid: whole cells, at least MIN_W x MIN_H, never past column 12. */
export function clampBox<T extends Box>(box: T): T {
  const w = clamp(Math.round(box.w), MIN_W, COLUMNS);
  const h = clamp(Math.round(box.h), MIN_H, MAX_H);
  return { ...box, w, h, x: clamp(Math.round(box.x), 0, COLUMNS - w), y: Math.max(0, Math.round(box.y)) };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.id !== b.id && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Settles a layout around one fixed box (the one being moved or resized): every other box keeps its column,
 * sits below anything it would overlap, and floats up as far as it can. The fixed box keeps its place.
 */
export function settle<T extends Box>(boxes: T[], fixedId?: string): T[] {
  const clamped = boxes.map(clampBox);
  const fixed = clamped.find((b) => b.id === fixedId);
  const others = clamped.filter((b) => b.id !== fixedId).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: T[] = fixed ? [fixed] : [];
  for (const box of others) {
    let y = 0;
    // Float up to the first row where it overlaps nothing already placed.
    while (placed.some((p) => overlaps({ ...box, y }, p))) y++;
    placed.push({ ...box, y });
  }
  // Fixed box first in the list only for placement; give the caller the original order back.
  const byId = new Map(placed.map((b) => [b.id, b]));
  return boxes.map((b) => byId.get(b.id) as T);
}

/** Moves a box by whole cells. */
export function moveBox<T extends Box>(boxes: T[], id: string, dx: number, dy: number): T[] {
  return settle(boxes.map((b) => b.id === id ? clampBox({ ...b, x: b.x + dx, y: b.y + dy }) : b), id);
}

/** Moves a box to a cell. */
export function placeBox<T extends Box>(boxes: T[], id: string, x: number, y: number): T[] {
  return settle(boxes.map((b) => b.id === id ? clampBox({ ...b, x, y }) : b), id);
}

/** Grows or shrinks a box by whole cells (its top-left corner stays). */
export function resizeBox<T extends Box>(boxes: T[], id: string, dw: number, dh: number): T[] {
  return settle(
    boxes.map((b) => {
      if (b.id !== id) return b;
      const w = clamp(b.w + dw, MIN_W, COLUMNS - b.x);
      return clampBox({ ...b, w, h: b.h + dh });
    }),
    id,
  );
}

/** Where a new widget goes: full rows below everything, `w` wide. */
export function nextSlot(boxes: Box[], w = 6, h = 4): { x: number; y: number; w: number; h: number } {
  const bottom = boxes.reduce((max, b) => Math.max(max, b.y + b.h), 0);
  // Beside the last row's boxes when there is room, else on a new row.
  const lastRow = boxes.filter((b) => b.y + b.h === bottom);
  const right = lastRow.reduce((max, b) => Math.max(max, b.x + b.w), 0);
  if (lastRow.length && right + w <= COLUMNS) {
    const top = Math.min(...lastRow.map((b) => b.y));
    if (!boxes.some((b) => overlaps({ id: "", x: right, y: top, w, h }, b))) return { x: right, y: top, w, h };
  }
  return { x: 0, y: bottom, w, h };
}

/** Pixel distance to whole cells: a column is its width plus the gap; rounding half a cell either way. */
export function pixelsToCells(dxPx: number, dyPx: number, cellW: number, rowH: number, gap: number) {
  return { dx: Math.round(dxPx / (cellW + gap)), dy: Math.round(dyPx / (rowH + gap)) };
}

/** Same positions and sizes (order-insensitive): saves a PATCH when a drag ends where it began. */
export function sameLayout(a: Box[], b: Box[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(b.map((box) => [box.id, box]));
  return a.every((box) => {
    const other = byId.get(box.id);
    return other && other.x === box.x && other.y === box.y && other.w === box.w && other.h === box.h;
  });
}

/** Top to bottom, left to right: the order widgets are read (and tabbed through, and stacked on a phone). */
export function readingOrder<T extends Box>(boxes: T[]): T[] {
  return [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
}
