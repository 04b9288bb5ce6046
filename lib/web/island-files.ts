// Serves the bundled island files. Their names contain a content hash, so they never change:
// browsers may keep them for a year without asking again.
import type { IslandBundle } from "./bundle.ts";
import { IMMUTABLE } from "./static-files.ts";

export function serveIslandFile(bundle: IslandBundle | null, fileName: string): Response | null {
  const contents = bundle?.files.get(fileName);
  if (!contents) return null;
  return new Response(contents as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": IMMUTABLE,
      "content-length": String(contents.byteLength),
    },
  });
}
