// Dashboard grid math: boxes stay inside 12 columns, a moved or resized widget pushes what it overlaps down
// and the rest floats up, pointer pixels round to whole cells, and new widgets find a free slot.
import { assertEquals } from "../helpers/assert.ts";
import {
  type Box,
  clampBox,
  moveBox,
  nextSlot,
  pixelsToCells,
  placeBox,
  resizeBox,
  sameLayout,
  settle,
} from "../../lib/reports/client/grid.ts";

const A: Box = { id: "a", x: 0, y: 0, w: 6, h: 4 };
const B: Box = { id: "b", x: 6, y: 0, w: 6, h: 4 };
const C: Box = { id: "c", x: 0, y: 4, w: 12, h: 3 };
const pos = (boxes: Box[]) => boxes.map((b) => `${b.id}:${b.x},${b.y},${b.w}x${b.h}`);

Deno.test("a box is clamped into the 12 columns with a minimum size", () => {
  assertEquals(clampBox({ id: "x", x: 11, y: -2, w: 5, h: 1 }), { id: "x", x: 7, y: 0, w: 5, h: 2 });
  assertEquals(clampBox({ id: "x", x: 0.6, y: 1.4, w: 20, h: 3 }), { id: "x", x: 0, y: 1, w: 12, h: 3 });
});

Deno.test("moving a box onto another pushes that one down; moving down past it swaps them", () => {
  assertEquals(pos(moveBox([A, B, C], "c", 0, -4)), ["a:0,3,6x4", "b:6,3,6x4", "c:0,0,12x3"]);
  assertEquals(pos(moveBox([A, C], "a", 0, 3)), ["a:0,3,6x4", "c:0,0,12x3"]);
  assertEquals(pos(moveBox([A, B], "a", 3, 0)), ["a:3,0,6x4", "b:6,4,6x4"]);
  assertEquals(pos(moveBox([A], "a", 10, 0)), ["a:6,0,6x4"], "never past the last column");
});

Deno.test("after a drop the layout closes gaps; a box placed on a cell keeps it while dragged", () => {
  assertEquals(pos(settle([{ ...A, y: 5 }, { ...C, y: 12 }])), ["a:0,0,6x4", "c:0,4,12x3"]);
  assertEquals(pos(placeBox([A, B, C], "b", 0, 9)), ["a:0,0,6x4", "b:0,9,6x4", "c:0,4,12x3"]);
});

Deno.test("resizing grows from the top-left corner, within the grid, pushing neighbours down", () => {
  assertEquals(pos(resizeBox([A, B, C], "a", 2, 1)), ["a:0,0,8x5", "b:6,5,6x4", "c:0,9,12x3"]);
  assertEquals(pos(resizeBox([B], "b", 4, 0)), ["b:6,0,6x4"], "cannot grow past column 12");
  assertEquals(pos(resizeBox([A], "a", -10, -10)), ["a:0,0,2x2"], "minimum 2 x 2");
});

Deno.test("pointer pixels become whole cells; new widgets go beside the last row or below", () => {
  // Columns 80 px wide with 16 px gaps: 100 px is one column, 150 px rounds to two.
  assertEquals(pixelsToCells(100, -50, 80, 60, 16), { dx: 1, dy: -1 });
  assertEquals(pixelsToCells(150, 20, 80, 60, 16), { dx: 2, dy: 0 });
  assertEquals(nextSlot([]), { x: 0, y: 0, w: 6, h: 4 });
  assertEquals(nextSlot([A]), { x: 6, y: 0, w: 6, h: 4 });
  assertEquals(nextSlot([A, B]), { x: 0, y: 4, w: 6, h: 4 });
  assertEquals(sameLayout([A, B], [B, A]), true);
  assertEquals(sameLayout([A], [{ ...A, w: 5 }]), false);
});
