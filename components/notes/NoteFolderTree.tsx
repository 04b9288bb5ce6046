// Folders and subfolders in the notes side bar, with "New folder" (inside the open one, if any).
import { useState } from "preact/hooks";
import type { FolderNode } from "../../lib/notes/client/list.ts";

export interface NoteFolderTreeProps {
  tree: FolderNode[];
  activeId: string;
  disabled: boolean;
  canWrite: boolean;
  onOpen(id: string): void;
  onCreate(name: string, parentId: string | null): Promise<boolean>;
}

export function NoteFolderTree(props: NoteFolderTreeProps) {
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState("");
  const branch = (nodes: FolderNode[]) => (
    <div class="note-side-section">
      {nodes.map((node) => (
        <div key={node.id}>
          <button
            type="button"
            class={`note-side-link${props.activeId === node.id ? " is-active" : ""}`}
            aria-current={props.activeId === node.id ? "page" : undefined}
            disabled={props.disabled}
            onClick={() => props.onOpen(node.id)}
          >
            <span class="note-folder-icon" aria-hidden="true" />
            {node.name}
          </button>
          {node.children.length > 0 && <div class="note-folder-children">{branch(node.children)}</div>}
        </div>
      ))}
    </div>
  );
  return (
    <div class="note-side-section">
      <h2 class="note-side-title">Folders</h2>
      {props.tree.length === 0 && <p class="muted text-sm note-folder-form">No folders yet.</p>}
      {branch(props.tree)}
      {props.canWrite && !adding && (
        <button
          type="button"
          class="note-side-link"
          disabled={props.disabled}
          onClick={() => setAdding(true)}
        >
          + New folder
        </button>
      )}
      {adding && (
        <form
          class="note-folder-form"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!name.trim()) return;
            if (await props.onCreate(name.trim(), props.activeId || null)) {
              setName("");
              setAdding(false);
            }
          }}
        >
          <label class="visually-hidden" for="note-folder-name">Folder name</label>
          <input
            id="note-folder-name"
            class="input input-sm"
            value={name}
            maxLength={120}
            placeholder={props.activeId ? "Subfolder name" : "Folder name"}
            autoFocus
            onInput={(event) => setName((event.target as HTMLInputElement).value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setAdding(false);
            }}
          />
          <button type="submit" class="btn btn-primary btn-sm">Add</button>
        </form>
      )}
    </div>
  );
}
