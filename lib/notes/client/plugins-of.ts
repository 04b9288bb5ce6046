// The ProseMirror plugins a Tiptap extension would add, for an editor that already exists: lazy chunks use it
// to bring in the behaviour (not the schema) of an extension the editor was created without, exactly as the
// extension defines it. Tiptap passes the same context (`this`) when it builds an editor.
import {
  type AnyExtension,
  type Editor,
  getExtensionField,
  type MarkConfig,
  type NodeConfig,
  pasteRulesPlugin,
} from "@tiptap/core";
import { keymap } from "@tiptap/pm/keymap";
import type { Plugin } from "@tiptap/pm/state";

// deno-lint-ignore no-explicit-any
function contextOf(extension: AnyExtension, editor: Editor): any {
  // `type` is the node or mark type of the extension's name (null for plain extensions), as in Tiptap.
  const type = editor.schema.nodes[extension.name] ?? editor.schema.marks[extension.name] ?? null;
  return { name: extension.name, options: extension.options, storage: extension.storage, editor, type, parent: null };
}

/** The extension's keyboard shortcuts, own plugins and paste rules, built for `editor` as Tiptap builds them. */
export function pluginsOf(extension: AnyExtension, editor: Editor): Plugin[] {
  const context = contextOf(extension, editor);
  const shortcuts = getExtensionField<NodeConfig["addKeyboardShortcuts"]>(extension, "addKeyboardShortcuts", context);
  const plugins = getExtensionField<NodeConfig["addProseMirrorPlugins"]>(extension, "addProseMirrorPlugins", context);
  const pasteRules = getExtensionField<MarkConfig["addPasteRules"]>(extension, "addPasteRules", context);
  const bindings = Object.entries(shortcuts?.() ?? {}).map(([key, run]) => [key, () => run({ editor })]);
  const rules = pasteRules?.() ?? [];
  return [
    ...(bindings.length ? [keymap(Object.fromEntries(bindings))] : []),
    ...(plugins?.() ?? []),
    ...(rules.length ? pasteRulesPlugin({ editor, rules }) : []),
  ];
}

/** Runs the extension's `onCreate` (e.g. the link extension teaching linkify the configured protocols). */
export function runOnCreate(extension: AnyExtension, editor: Editor): void {
  const onCreate = getExtensionField<NodeConfig["onCreate"]>(extension, "onCreate", contextOf(extension, editor));
  // deno-lint-ignore no-explicit-any
  (onCreate as ((event: any) => void) | undefined)?.({ editor });
}
