// The typing-aids chunk (loaded by lazy-features.ts when an editor first gets the focus, or something is
// dragged over it): the "@" teammate, "#" record and "/" command menus (@tiptap/suggestion with
// floating-ui), the link extension's autolink, link-on-paste and paste rules (linkifyjs), StarterKit's drop
// cursor and gap cursor, and the list keys (Backspace/Delete joining list items). The schema's nodes and marks are already in the editor
// (light-inline.ts); this brings the behaviour of Tiptap's own extensions, configured as lib/notes/schema.ts
// configures them.
import type { Editor } from "@tiptap/core";
import { Link } from "@tiptap/extension-link";
import { Mention, type MentionOptions } from "@tiptap/extension-mention";
import { Suggestion, type SuggestionOptions } from "@tiptap/suggestion";
import { Dropcursor } from "@tiptap/extensions/drop-cursor";
import { Gapcursor } from "@tiptap/extensions/gap-cursor";
import { ListKeymap } from "@tiptap/extension-list/keymap";
import { type Plugin, PluginKey } from "@tiptap/pm/state";
import { LINK_OPTIONS } from "./light-inline.ts";
import { pluginsOf, runOnCreate } from "./plugins-of.ts";

type SuggestionConfig = Partial<MentionOptions["suggestion"]>;

export interface TypingAidsConfig {
  /** "@" teammates (items/render). */
  mention: SuggestionConfig;
  /** "#" records (items/render). */
  record: SuggestionConfig;
  /** "/" commands: a whole suggestion (items/command/render); its plugin key is set here. */
  slash: Omit<SuggestionOptions, "editor" | "pluginKey">;
}

/** The menus', the link extension's, the cursors' and the list keys' plugins for `editor`. */
export function typingAidPlugins(editor: Editor, config: TypingAidsConfig): Plugin[] {
  const mention = Mention.configure({
    HTMLAttributes: { class: "mention" },
    suggestion: { char: "@", ...config.mention },
  });
  const record = Mention.extend({ name: "recordMention" }).configure({ suggestion: { char: "#", ...config.record } });
  const link = Link.configure(LINK_OPTIONS);
  runOnCreate(link, editor);
  // In the order the extensions' priorities gave them: link (1000), mentions (101), then the rest.
  return [
    ...pluginsOf(link, editor),
    ...pluginsOf(mention, editor),
    ...pluginsOf(record, editor),
    ...pluginsOf(Dropcursor, editor),
    ...pluginsOf(Gapcursor, editor),
    ...pluginsOf(ListKeymap, editor),
    Suggestion({ ...config.slash, editor, pluginKey: new PluginKey("slashCommands") }),
  ];
}
