// Images uploaded into notes: which files qualify and the sentences for those that do not.
import { assert, assertEquals } from "../helpers/assert.ts";
import { imageFilesOf, noteImageProblem } from "../../lib/notes/client/upload.ts";

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type });

Deno.test("notes images: only image files of a drop, paste or chooser are taken", () => {
  const list = [file("a.png", "image/png"), file("b.pdf", "application/pdf"), file("c.jpg", "image/jpeg")];
  assertEquals(imageFilesOf(list).map((f) => f.name), ["a.png", "c.jpg"]);
  assertEquals(imageFilesOf(null), []);
  assertEquals(imageFilesOf(undefined), []);
});

Deno.test("notes images: PNG/JPEG/GIF/WebP/AVIF go in; SVG, empty and oversized files get a sentence", () => {
  for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]) {
    assertEquals(noteImageProblem(file("x", type)), null, type);
  }
  assert(noteImageProblem(file("logo.svg", "image/svg+xml"))?.includes("“logo.svg” is not an image"));
  assertEquals(noteImageProblem(file("empty.png", "image/png", 0)), "“empty.png” is empty.");
  const big = { name: "huge.png", type: "image/png", size: 26 * 1024 * 1024 } as File;
  assert(noteImageProblem(big)?.includes("25 MB at most"));
});
