// Formatting buttons above the editor. Each shows whether it is on at the cursor (aria-pressed).
import type { Editor } from "@tiptap/core";
import { cx } from "../ui/cx.ts";

interface Tool {
  label: string;
  text: string;
  run(editor: Editor): void;
  active?(editor: Editor): boolean;
  cls?: string;
}

const GROUPS: Tool[][] = [
  [
    { label: "Undo", text: "↶", run: (e) => e.chain().focus().undo().run() },
    { label: "Redo", text: "↷", run: (e) => e.chain().focus().redo().run() },
  ],
  [
    {
      label: "Heading 1",
      text: "H1",
      run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run(),
      active: (e) => e.isActive("heading", { level: 1 }),
    },
    {
      label: "Heading 2",
      text: "H2",
      run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
      active: (e) => e.isActive("heading", { level: 2 }),
    },
    {
      label: "Heading 3",
      text: "H3",
      run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
      active: (e) => e.isActive("heading", { level: 3 }),
    },
  ],
  [
    {
      label: "Bold",
      text: "B",
      cls: "note-tool-bold",
      run: (e) => e.chain().focus().toggleBold().run(),
      active: (e) => e.isActive("bold"),
    },
    {
      label: "Italic",
      text: "I",
      cls: "note-tool-italic",
      run: (e) => e.chain().focus().toggleItalic().run(),
      active: (e) => e.isActive("italic"),
    },
    {
      label: "Strikethrough",
      text: "S",
      cls: "note-tool-strike",
      run: (e) => e.chain().focus().toggleStrike().run(),
      active: (e) => e.isActive("strike"),
    },
    {
      label: "Inline code",
      text: "</>",
      run: (e) => e.chain().focus().toggleCode().run(),
      active: (e) => e.isActive("code"),
    },
  ],
  [
    {
      label: "Bulleted list",
      text: "•",
      run: (e) => e.chain().focus().toggleBulletList().run(),
      active: (e) => e.isActive("bulletList"),
    },
    {
      label: "Numbered list",
      text: "1.",
      run: (e) => e.chain().focus().toggleOrderedList().run(),
      active: (e) => e.isActive("orderedList"),
    },
    {
      label: "Task list",
      text: "☑",
      run: (e) => e.chain().focus().toggleTaskList().run(),
      active: (e) => e.isActive("taskList"),
    },
    {
      label: "Quote",
      text: "❝",
      run: (e) => e.chain().focus().toggleBlockquote().run(),
      active: (e) => e.isActive("blockquote"),
    },
    {
      label: "Code block",
      text: "{ }",
      run: (e) => e.chain().focus().toggleCodeBlock().run(),
      active: (e) => e.isActive("codeBlock"),
    },
    {
      label: "Table",
      text: "▦",
      run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      active: (e) => e.isActive("table"),
    },
  ],
];

export interface NoteToolbarProps {
  editor: Editor | null;
  disabled: boolean;
  onLink(): void;
  onImage(): void;
}

export function NoteToolbar({ editor, disabled, onLink, onImage }: NoteToolbarProps) {
  const off = disabled || !editor;
  return (
    <div class="note-toolbar" role="toolbar" aria-label="Formatting">
      {GROUPS.map((group, g) => (
        <div class="note-toolbar-group" key={g}>
          {group.map((tool) => {
            const on = editor && tool.active ? tool.active(editor) : false;
            return (
              <button
                key={tool.label}
                type="button"
                class={cx("note-tool", tool.cls, on && "is-active")}
                // The visible text ("H2") is part of the name too (WCAG 2.5.3: say what you see).
                aria-label={/^(H\d|\d\.)$/.test(tool.text) ? `${tool.label}, ${tool.text}` : tool.label}
                title={tool.label}
                aria-pressed={tool.active ? (on ? "true" : "false") : undefined}
                disabled={off}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => editor && tool.run(editor)}
              >
                {tool.text}
              </button>
            );
          })}
        </div>
      ))}
      <div class="note-toolbar-group">
        <button
          type="button"
          class={cx("note-tool", editor?.isActive("link") && "is-active")}
          aria-label="Link"
          title="Link"
          disabled={off}
          onMouseDown={(event) => event.preventDefault()}
          onClick={onLink}
        >
          Link
        </button>
        <button
          type="button"
          class="note-tool"
          aria-label="Image"
          title="Insert an image"
          disabled={off}
          onMouseDown={(event) => event.preventDefault()}
          onClick={onImage}
        >
          Image
        </button>
      </div>
    </div>
  );
}
