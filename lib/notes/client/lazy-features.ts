// When the editor's lazy chunks load. The schema is whole from the start (extensions.ts); what each chunk adds
// is behaviour, registered as ProseMirror plugins into the running editor:
//   table-editing.ts  once the document holds a table (opened with one, inserted, or arriving from a peer)
//   code-highlight.ts once it holds a code block (highlight.ts)
//   typing-aids.ts    when an editable editor first gets the focus or a drag ("@", "#", "/" menus; autolink;
//                     drop and gap cursors)
//   carets.ts         once someone else has the note open (their carets, and ours for them)
// Each loads once per page; a failed load (offline) is tried again on the next occasion.
import type { Editor } from "@tiptap/core";
import type { Plugin } from "@tiptap/pm/state";
import type { CollaboratorUser, NoteProvider } from "./provider.ts";
import type { TypingAidsConfig } from "./typing-aids.ts";
import { ensureHighlighting } from "./highlight.ts";

export interface LazyFeatureSetup {
  editor: Editor;
  provider: NoteProvider;
  user: CollaboratorUser;
  typingAids: TypingAidsConfig;
}

/** True when the document holds at least one node of the type. */
export function hasNode(editor: Editor, name: string): boolean {
  let found = false;
  editor.state.doc.descendants((node) => {
    if (node.type.name === name) found = true;
    return !found;
  });
  return found;
}

/** True when another client (another person, or this person in another tab) is in the awareness states. */
export function othersPresent(provider: NoteProvider): boolean {
  for (const [clientId, state] of provider.awareness.getStates()) {
    if (clientId !== provider.doc.clientID && (state as { user?: unknown }).user) return true;
  }
  return false;
}

/**
 * Adds plugins to a running editor in one reconfiguration, keeping their order. `first` puts them ahead of the
 * others: menus and table keys must see a key press before the editor's own keymaps (Enter, Tab) do.
 */
function register(editor: Editor, plugins: Plugin[], first: boolean): void {
  if (editor.isDestroyed || plugins.length === 0) return;
  editor.registerPlugin(plugins[0], (_, all) => first ? [...plugins, ...all] : [...all, ...plugins]);
}

/** Runs `load` once; a rejected load may be tried again. */
function once(load: () => Promise<void>): () => void {
  let state: "idle" | "loading" | "done" = "idle";
  return () => {
    if (state !== "idle") return;
    state = "loading";
    load().then(() => state = "done", (error) => {
      console.warn("A part of the note editor could not be loaded", error);
      state = "idle";
    });
  };
}

/** Watches the editor and loads each chunk when the note first needs it. Returns a function that stops. */
export function loadFeaturesWhenNeeded(setup: LazyFeatureSetup): () => void {
  const { editor, provider } = setup;
  const tables = once(async () => {
    const { tablePlugins } = await import("./table-editing.ts");
    register(editor, tablePlugins(editor), true);
  });
  const typingAids = once(async () => {
    const { typingAidPlugins } = await import("./typing-aids.ts");
    register(editor, typingAidPlugins(editor, setup.typingAids), true);
    // A menu trigger typed while the chunk was on its way ("@al") opens its menu now.
    if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta("addToHistory", false));
  });
  const carets = once(async () => {
    const { caretPlugins } = await import("./carets.ts");
    register(editor, caretPlugins(editor, provider, setup.user), false);
  });

  const checkDocument = () => {
    if (editor.isDestroyed) return;
    if (hasNode(editor, "table")) tables();
    ensureHighlighting(editor);
  };
  const onFocus = () => {
    if (editor.isEditable) typingAids();
  };
  const onAwareness = () => {
    if (othersPresent(provider)) carets();
  };

  editor.on("update", checkDocument);
  editor.on("focus", onFocus);
  editor.view.dom.addEventListener("dragenter", onFocus);
  provider.awareness.on("change", onAwareness);
  provider.whenSynced().then(checkDocument, () => {});
  provider.whenLocalLoaded().then(checkDocument, () => {});
  checkDocument();
  onAwareness();
  if (editor.isFocused) onFocus();
  return () => {
    editor.off("update", checkDocument);
    editor.off("focus", onFocus);
    editor.view.dom.removeEventListener("dragenter", onFocus);
    provider.awareness.off("change", onAwareness);
  };
}
