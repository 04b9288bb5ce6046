// The browser's note schema for the editor's first load: StarterKit's parts one by one (so neither the link
// extension's linkifyjs nor ProseMirror's history, which Yjs replaces, come along), lists and task lists, and
// the light table, link, mention and image nodes of light-table.ts and light-inline.ts. The result is the
// schema lib/notes/schema.ts builds on the server, node for node and attribute for attribute, in the same
// order (tests/unit/notes_light_schema.test.ts): ProseMirror would drop content of any node it did not
// know, and the Yjs binding would then delete it for everyone. What makes those nodes editable beyond typing
// (table editing, "@"/"#"/"/" menus, autolink, carets) is added later by lazy-features.ts.
import type { AnyExtension } from "@tiptap/core";
import { Blockquote } from "@tiptap/extension-blockquote";
import { Bold } from "@tiptap/extension-bold";
import { Code } from "@tiptap/extension-code";
import { CodeBlock } from "@tiptap/extension-code-block";
import { Document } from "@tiptap/extension-document";
import { HardBreak } from "@tiptap/extension-hard-break";
import { Heading } from "@tiptap/extension-heading";
import { HorizontalRule } from "@tiptap/extension-horizontal-rule";
import { Italic } from "@tiptap/extension-italic";
import { BulletList } from "@tiptap/extension-list/bullet-list";
import { ListItem } from "@tiptap/extension-list/item";
import { OrderedList } from "@tiptap/extension-list/ordered-list";
import { TaskItem } from "@tiptap/extension-list/task-item";
import { TaskList } from "@tiptap/extension-list/task-list";
import { Paragraph } from "@tiptap/extension-paragraph";
import { Strike } from "@tiptap/extension-strike";
import { Text } from "@tiptap/extension-text";
import { Underline } from "@tiptap/extension-underline";
// One file each, not the packages' indexes: @tiptap/extensions' also brings UndoRedo and with it
// prosemirror-history; ListKeymap (keys only) comes with the focus (typing-aids.ts).
import { Placeholder } from "@tiptap/extensions/placeholder";
import { TrailingNode } from "@tiptap/extensions/trailing-node";
import { Table, TableCell, TableHeader, TableRow } from "./light-table.ts";
import { Image, Link, Mention, RecordMention } from "./light-inline.ts";

export interface BrowserExtensionOptions {
  /** Placeholder text for an empty document (no effect on the schema). */
  placeholder?: string;
  /** More extensions that must NOT change the schema (Collaboration...). */
  extra?: AnyExtension[];
}

/** StarterKit's extensions in StarterKit's order, configured as lib/notes/schema.ts configures StarterKit. */
function starterKitParts(): AnyExtension[] {
  return [
    Bold,
    Blockquote,
    BulletList,
    Code,
    // Plain code blocks: colouring is decoration added by highlight.ts when a note has code.
    CodeBlock.configure({ defaultLanguage: null }),
    Document,
    // Dropcursor and Gapcursor (behaviour only, no schema) come with the focus: typing-aids.ts.
    HardBreak,
    Heading,
    // No UndoRedo: Yjs keeps the history (Collaboration's undo manager).
    HorizontalRule,
    Italic,
    ListItem,
    // ListKeymap (keys only) comes with the focus too.
    Link,
    OrderedList,
    Paragraph,
    Strike,
    Text,
    Underline,
    TrailingNode,
  ];
}

export function browserNoteExtensions(options: BrowserExtensionOptions = {}): AnyExtension[] {
  const list: AnyExtension[] = [
    ...starterKitParts(),
    TaskList,
    TaskItem.configure({ nested: true }),
    Table,
    TableCell,
    TableHeader,
    TableRow,
    Image,
    Mention,
    RecordMention,
  ];
  if (options.placeholder) list.push(Placeholder.configure({ placeholder: options.placeholder }));
  if (options.extra) list.push(...options.extra);
  return list;
}
