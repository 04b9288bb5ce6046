import { assertEquals } from "../helpers/assert.ts";
import { atBottom, computeWindow, heightsFor, indexAt, keepAnchor, offsets } from "../../lib/chat/client/window.ts";

Deno.test("window: short lists render whole", () => {
  const w = computeWindow([50, 50, 50], 0, 500);
  assertEquals(w, { start: 0, end: 3, padTop: 0, padBottom: 0, total: 150 });
});

Deno.test("window: long lists render only around the viewport, spacers keep the height", () => {
  const heights = new Array(1000).fill(50);
  const w = computeWindow(heights, 25_000, 600, 200);
  assertEquals(w.start, 496); // (25000 - 200) / 50
  assertEquals(w.end, 517); // (25000 + 600 + 200) / 50 + 1
  assertEquals(w.padTop, 496 * 50);
  assertEquals(w.padTop + (w.end - w.start) * 50 + w.padBottom, 50_000);
  const top = computeWindow(heights, 0, 600, 200);
  assertEquals([top.start, top.padTop], [0, 0]);
  const bottom = computeWindow(heights, 50_000 - 600, 600, 200);
  assertEquals([bottom.end, bottom.padBottom], [1000, 0]);
});

Deno.test("window: variable heights and binary search", () => {
  const tops = offsets([10, 20, 30, 40]);
  assertEquals(tops, [0, 10, 30, 60, 100]);
  assertEquals([indexAt(tops, -5), indexAt(tops, 0), indexAt(tops, 29), indexAt(tops, 30), indexAt(tops, 500)], [
    0,
    0,
    1,
    2,
    3,
  ]);
  const measured = new Map([["b", 80]]);
  assertEquals(heightsFor(["a", "b", "c"], measured, 40), [40, 80, 40]);
});

Deno.test("window: prepending older messages keeps the anchor in place", () => {
  // The anchor was 30px below the viewport's top; after 20 older messages of 50px it moved down by 1000px.
  assertEquals(keepAnchor(530, 500, 1530), 1500);
  assertEquals(atBottom(950, 50, 1000), true);
  assertEquals(atBottom(800, 50, 1000), false);
});
