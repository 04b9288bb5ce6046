// Code highlighting is loaded only when a note has a code block: highlight.js's common languages are ~55 KB
// gzip, a quarter of the editor page's budget. The schema's lowlight instance starts empty (lib/notes/schema.ts).
import type { Editor } from "@tiptap/core";
import { lowlight } from "../notes/schema.ts";

let loading: Promise<void> | null = null;

/** Registers the languages once, then re-highlights the editor's code blocks. */
export function ensureHighlighting(editor: Editor): void {
  if (loading) return;
  let hasCode = false;
  editor.state.doc.descendants((node) => {
    if (node.type.name === "codeBlock") hasCode = true;
    return !hasCode;
  });
  if (!hasCode) return;
  loading = import("./languages.ts").then(({ common }) => {
    lowlight.register(common);
    if (editor.isDestroyed) return;
    // The lowlight plugin computes decorations on init: re-adding it highlights what is already there.
    const plugin = editor.state.plugins.find((p) => (p as unknown as { key: string }).key.startsWith("lowlight$"));
    if (!plugin) return;
    editor.unregisterPlugin((plugin as unknown as { key: string }).key);
    editor.registerPlugin(plugin);
  }).catch(() => {
    loading = null;
  });
}
