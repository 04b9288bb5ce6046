// Virtualization of the message list: only the messages near the viewport are rendered; spacers above and
// below stand in for the rest. Heights are measured once rendered and estimated before that.

export interface Window {
  /** First rendered index (inclusive). */
  start: number;
  /** Last rendered index (exclusive). */
  end: number;
  /** Height of the spacer above the first rendered item. */
  padTop: number;
  /** Height of the spacer below the last rendered item. */
  padBottom: number;
  /** Height of all items. */
  total: number;
}

/** Below this many items everything is rendered (no spacers, exact layout). */
export const VIRTUALIZE_FROM = 120;

/** Offsets[i] = top of item i; offsets[n] = total height. */
export function offsets(heights: number[]): number[] {
  const out = new Array<number>(heights.length + 1);
  out[0] = 0;
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i] + Math.max(0, heights[i]);
  return out;
}

/** Index of the item containing vertical position `y` (clamped to the list). */
export function indexAt(tops: number[], y: number): number {
  const n = tops.length - 1;
  if (n <= 0) return 0;
  if (y <= 0) return 0;
  if (y >= tops[n]) return n - 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The items to render for a scroll position: those overlapping [scrollTop - overscan, scrollTop + viewport +
 * overscan]. Lists shorter than `minCount` render whole.
 */
export function computeWindow(
  heights: number[],
  scrollTop: number,
  viewport: number,
  overscan = 600,
  minCount = VIRTUALIZE_FROM,
): Window {
  const tops = offsets(heights);
  const total = tops[heights.length];
  if (heights.length < minCount) return { start: 0, end: heights.length, padTop: 0, padBottom: 0, total };
  const start = indexAt(tops, scrollTop - overscan);
  const end = Math.min(heights.length, indexAt(tops, scrollTop + viewport + overscan) + 1);
  return { start, end, padTop: tops[start], padBottom: total - tops[end], total };
}

/** Heights for `ids`: measured where known, `estimate` elsewhere. */
export function heightsFor(ids: string[], measured: Map<string, number>, estimate = 56): number[] {
  return ids.map((id) => measured.get(id) ?? estimate);
}

/**
 * Where to scroll after older items were put on top so the item that was at the top of the viewport stays
 * exactly where it was: its new offset minus the distance it had to the viewport's top.
 */
export function keepAnchor(anchorTopBefore: number, scrollTopBefore: number, anchorTopAfter: number): number {
  return anchorTopAfter - (anchorTopBefore - scrollTopBefore);
}

/** Whether the list is scrolled (nearly) to its end, so new messages should keep it there. */
export function atBottom(scrollTop: number, viewport: number, scrollHeight: number, slack = 48): boolean {
  return scrollHeight - (scrollTop + viewport) <= slack;
}
