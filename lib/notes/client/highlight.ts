// Code highlighting is loaded only when a note has a code block: highlight.js, lowlight and the languages
// (~25 KB gzip together) stay out of the editor's first load (budget 200 KB). The schema's code block is a
// plain one (lib/notes/schema.ts); colouring is decoration added by the plugin in code-highlight.ts.
import type { Editor } from "@tiptap/core";

let loading: Promise<void> | null = null;

/** True when the editor's document holds at least one code block. */
function hasCodeBlock(editor: Editor): boolean {
  let found = false;
  editor.state.doc.descendants((node) => {
    if (node.type.name === "codeBlock") found = true;
    return !found;
  });
  return found;
}

/** Loads the highlighter once the first code block shows up and adds its plugin to the editor. */
export function ensureHighlighting(editor: Editor): void {
  if (loading || editor.isDestroyed || !hasCodeBlock(editor)) return;
  loading = import("./code-highlight.ts").then(({ codeHighlightPlugin }) => {
    if (!editor.isDestroyed) editor.registerPlugin(codeHighlightPlugin());
  }).catch(() => {
    // A failed chunk load (offline) leaves the code plain; the next change tries again.
    loading = null;
  });
}
