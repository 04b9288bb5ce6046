/**
 * The ONE Tiptap extension list for notes, shared by the server (getSchema, generateHTML, Yjs <->
 * ProseMirror conversion) and the browser editor. Both sides must build the same ProseMirror schema,
 * otherwise a Yjs document written by one side does not load on the other.
 *
 * Keep this module free of server-only imports (no Deno APIs, no database) and of DOM-only code at
 * import time. The browser editor does not import it: it builds the same schema from light nodes
 * (lib/notes/client/extensions.ts) so that tables, links, mentions and images cost nothing until used;
 * tests/unit/notes_light_schema.test.ts keeps the two equal. Change both together.
 *
 * Nodes of interest for the server:
 * - `mention` {id: user uuid, label: display name} — a teammate mentioned with "@"; notified.
 * - `recordMention` {id: uuid, label, recordType: deal|contact|company} — a "#" link to a CRM record;
 *   rendered as `<a href="/deals/<id>" data-type="recordMention">label</a>`.
 */
import type { AnyExtension } from "@tiptap/core";
import { mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TaskList } from "@tiptap/extension-task-list";
import { TaskItem } from "@tiptap/extension-task-item";
import { TableKit } from "@tiptap/extension-table";
import { Image } from "@tiptap/extension-image";
import { Mention, type MentionOptions } from "@tiptap/extension-mention";
import { Placeholder } from "@tiptap/extensions";

import { recordPath } from "./schema-shared.ts";
export { NOTE_RECORD_TYPES, NOTE_YDOC_FIELD, type NoteRecordType, recordPath } from "./schema-shared.ts";

type SuggestionConfig = MentionOptions["suggestion"];

export interface NoteExtensionOptions {
  /** Browser: suggestion config for "@" user mentions (items/render). */
  mentionSuggestion?: Partial<SuggestionConfig>;
  /** Browser: suggestion config for "#" record links (items/render). */
  recordSuggestion?: Partial<SuggestionConfig>;
  /** Browser: placeholder text for empty documents (the extension has no effect on the schema). */
  placeholder?: string;
  /** Browser: more extensions that must NOT change the schema (Collaboration, CollaborationCaret...). */
  extra?: AnyExtension[];
}

/** "#" links to deals, contacts and companies: a mention-like atom with a record type. */
export const RecordMention = Mention.extend({
  name: "recordMention",
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute("data-id"),
        renderHTML: (attrs: Record<string, unknown>) => attrs.id ? { "data-id": attrs.id } : {},
      },
      label: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute("data-label"),
        renderHTML: (attrs: Record<string, unknown>) => attrs.label ? { "data-label": attrs.label } : {},
      },
      recordType: {
        default: "deal",
        parseHTML: (el: HTMLElement) => el.getAttribute("data-record-type") ?? "deal",
        renderHTML: (attrs: Record<string, unknown>) => ({ "data-record-type": attrs.recordType }),
      },
      mentionSuggestionChar: {
        default: "#",
        parseHTML: () => "#",
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'a[data-type="recordMention"]' }, { tag: 'span[data-type="recordMention"]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const type = String(node.attrs.recordType ?? "deal");
    const id = String(node.attrs.id ?? "");
    return [
      "a",
      mergeAttributes(
        { "data-type": "recordMention", href: recordPath(type, id), class: "record-mention" },
        HTMLAttributes,
      ),
      `#${node.attrs.label ?? id}`,
    ];
  },
  renderText({ node }) {
    return `#${node.attrs.label ?? node.attrs.id}`;
  },
});

/** The extension list. Call with no options on the server. */
export function noteExtensions(options: NoteExtensionOptions = {}): AnyExtension[] {
  const list: AnyExtension[] = [
    StarterKit.configure({
      // Yjs keeps the history (Collaboration's undo manager); ProseMirror's own must be off.
      undoRedo: false,
      // Plain code blocks: highlighting is decoration only, added in the browser when a note has code
      // (lib/notes/client/highlight.ts), which keeps highlight.js out of the editor's first load.
      codeBlock: { defaultLanguage: null },
      link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto", "tel"] },
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    // No data: URLs: images are uploaded files (or https URLs), which also keeps updates small.
    Image.configure({ inline: false, allowBase64: false }),
    Mention.configure({
      HTMLAttributes: { class: "mention" },
      suggestion: { char: "@", ...(options.mentionSuggestion ?? {}) },
    }),
    RecordMention.configure({
      suggestion: { char: "#", ...(options.recordSuggestion ?? {}) },
    }),
  ];
  if (options.placeholder) list.push(Placeholder.configure({ placeholder: options.placeholder }));
  if (options.extra) list.push(...options.extra);
  return list;
}
