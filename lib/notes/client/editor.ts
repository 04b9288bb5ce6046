// The note editor's browser runtime: Tiptap with the note schema (built light in extensions.ts, equal to
// lib/notes/schema.ts's) and Collaboration over the NoteProvider. Loaded by islands/NoteEditor.tsx with a
// dynamic import after the page has painted. Tables' editing, code highlighting, the three suggestion menus
// ("@", "#", "/", bridged to the island's Preact popup) and collaboration carets come in later chunks, when
// the note first needs them (lazy-features.ts; docs/notes-chunks.md).
import { Editor, type Range } from "@tiptap/core";
import { Collaboration } from "@tiptap/extension-collaboration";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import { IndexeddbPersistence } from "y-indexeddb";
import { NOTE_YDOC_FIELD } from "../schema-shared.ts";
import { browserNoteExtensions } from "./extensions.ts";
import { loadFeaturesWhenNeeded } from "./lazy-features.ts";
import { type CollaboratorUser, NoteProvider, type NoteTransport } from "./provider.ts";
import { imageFilesOf } from "./upload.ts";
import {
  filterCommands,
  filterMembers,
  type Member,
  type RecordItem,
  recordItems,
  recordSearchUrl,
  type SlashCommand,
  type SlashCommandId,
} from "./suggest.ts";

export type MenuKind = "mention" | "record" | "slash";
export type MenuItem = Member | RecordItem | SlashCommand;

export interface MenuState {
  kind: MenuKind;
  items: MenuItem[];
  query: string;
  rect: { left: number; top: number; bottom: number } | null;
  pick(item: MenuItem): void;
}

export interface EditorHooks {
  /** A menu opened, changed or (null) closed. */
  menu(state: MenuState | null): void;
  /** Key presses while a menu is open; return true when handled. */
  menuKey(event: KeyboardEvent): boolean;
  /** The document or the selection changed (toolbar states). */
  changed(): void;
  /** "/" image commands ask the island for an address or a file. */
  image(kind: "url" | "upload"): void;
  /** Image files dropped (at document position `pos`) or pasted (pos null: at the cursor) to upload. */
  files(files: File[], pos: number | null): void;
}

export interface NoteEditorSetup {
  element: HTMLElement;
  noteId: string;
  user: CollaboratorUser;
  transport: NoteTransport;
  members: () => Member[];
  editable: boolean;
  canUpload: boolean;
  placeholder: string;
  hooks: EditorHooks;
  /** Keep a device copy (IndexedDB); off in tests that want a clean slate. */
  persist?: boolean;
}

export interface NoteSession {
  editor: Editor;
  provider: NoteProvider;
  destroy(): void;
}

function bridge(kind: MenuKind, hooks: EditorHooks) {
  return () => {
    const show = (props: SuggestionProps<MenuItem, MenuItem>) => {
      const rect = props.clientRect?.() ?? null;
      hooks.menu({
        kind,
        items: props.items,
        query: props.query,
        rect: rect ? { left: rect.left, top: rect.top, bottom: rect.bottom } : null,
        // Mention nodes store {id, label}; teammates come as {id, name}.
        pick: (item) =>
          props.command(kind === "mention" ? { id: (item as Member).id, label: (item as Member).name } as never : item),
      });
    };
    return {
      onStart: show,
      onUpdate: show,
      onKeyDown: ({ event }: SuggestionKeyDownProps) => hooks.menuKey(event),
      onExit: () => hooks.menu(null),
    };
  };
}

/** Runs a "/" command in place of the typed "/query". */
export function runSlashCommand(editor: Editor, range: Range, id: SlashCommandId, hooks: EditorHooks): void {
  const chain = editor.chain().focus().deleteRange(range);
  switch (id) {
    case "h1":
    case "h2":
    case "h3":
      chain.setNode("heading", { level: Number(id.slice(1)) }).run();
      return;
    case "bullet":
      chain.toggleBulletList().run();
      return;
    case "ordered":
      chain.toggleOrderedList().run();
      return;
    case "task":
      chain.toggleTaskList().run();
      return;
    case "table":
      chain.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run();
      return;
    case "code":
      chain.setCodeBlock().run();
      return;
    case "quote":
      chain.setBlockquote().run();
      return;
    case "divider":
      chain.setHorizontalRule().run();
      return;
    case "image-url":
    case "image-upload":
      chain.run();
      hooks.image(id === "image-url" ? "url" : "upload");
      return;
  }
}

export function createNoteEditor(setup: NoteEditorSetup): NoteSession {
  const { hooks } = setup;
  const provider = new NoteProvider({
    noteId: setup.noteId,
    transport: setup.transport,
    user: setup.user,
    localStore: setup.persist === false || typeof indexedDB === "undefined"
      ? undefined
      : (doc) => new IndexeddbPersistence(`leadly-note:${setup.user.id}:${setup.noteId}`, doc),
  });

  let searchAbort: AbortController | null = null;
  const searchRecords = async (query: string): Promise<RecordItem[]> => {
    searchAbort?.abort();
    if (!query.trim()) return [];
    const abort = searchAbort = new AbortController();
    try {
      const res = await fetch(recordSearchUrl(query), {
        headers: { accept: "application/json" },
        signal: abort.signal,
      });
      if (!res.ok) return [];
      return recordItems((await res.json()).data);
    } catch {
      return [];
    }
  };

  const editor = new Editor({
    element: setup.element,
    editable: setup.editable,
    extensions: browserNoteExtensions({
      placeholder: setup.placeholder,
      extra: [Collaboration.configure({ document: provider.doc, field: NOTE_YDOC_FIELD })],
    }),
    editorProps: {
      attributes: {
        class: "note-prose",
        "aria-label": "Note text",
        role: "textbox",
        "aria-multiline": "true",
        spellcheck: "true",
      },
      // Image files dropped or pasted go up to the files API (the island shows progress and errors).
      handleDrop: (view, event, _slice, moved) => {
        const files = moved ? [] : imageFilesOf(event.dataTransfer?.files);
        if (!files.length) return false;
        event.preventDefault();
        if (!view.editable || !setup.canUpload) return true;
        hooks.files(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? null);
        return true;
      },
      handlePaste: (view, event) => {
        const data = event.clipboardData;
        // Copied text (a spreadsheet range, a web page) pastes as text even when an image rides along.
        const files = data?.getData("text/plain") ? [] : imageFilesOf(data?.files);
        if (!files.length) return false;
        if (!view.editable || !setup.canUpload) return true;
        hooks.files(files, null);
        return true;
      },
    },
    onTransaction: () => hooks.changed(),
  });
  const stopLoading = loadFeaturesWhenNeeded({
    editor,
    provider,
    user: setup.user,
    typingAids: {
      mention: {
        items: ({ query }) => filterMembers(setup.members(), query, 8, setup.user.id),
        render: bridge("mention", hooks),
      },
      record: {
        items: ({ query }) => searchRecords(query),
        debounce: 120,
        render: bridge("record", hooks),
      },
      slash: {
        char: "/",
        startOfLine: false,
        items: ({ query }) => filterCommands(query, { canUpload: setup.canUpload }),
        command: ({ editor, range, props }) => runSlashCommand(editor, range, (props as SlashCommand).id, hooks),
        render: bridge("slash", hooks),
      },
    },
  });

  return {
    editor,
    provider,
    destroy() {
      searchAbort?.abort();
      stopLoading();
      editor.destroy();
      provider.destroy();
    },
  };
}
