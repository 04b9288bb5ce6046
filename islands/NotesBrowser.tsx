// The notes list: a side bar (All, Favourites, Recent, Shared with me, Templates, folders and subfolders,
// tags), a search box, the matching notes with a star, and "New note" (blank, in the current folder, or from
// a template). The filter lives in the URL (?filter=favorite&folder=...&tag=...&q=...) so views can be linked.
import { useEffect, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api } from "@/lib/notes/client/api.ts";
import { buildFolderTree, type Folder, listQuery, type NotesFilter, parseFilter } from "@/lib/notes/client/list.ts";
import { NoteFolderTree } from "@/components/notes/NoteFolderTree.tsx";
import { NoteCard, type NoteCardData } from "@/components/notes/NoteCard.tsx";
import { EmptyState } from "@/components/ui/EmptyState.tsx";

export interface NotesBrowserProps {
  csrf: string;
  /** The page URL's query string, read on the server so the first render matches. */
  search: string;
  canWrite: boolean;
}

const VIEWS: { key: NotesFilter["view"]; label: string }[] = [
  { key: "all", label: "All notes" },
  { key: "favorite", label: "Favourites" },
  { key: "recent", label: "Recent" },
  { key: "shared", label: "Shared with me" },
  { key: "template", label: "Templates" },
];

export default function NotesBrowser(props: NotesBrowserProps) {
  const hydrated = useHydrated();
  const [filter, setFilter] = useState<NotesFilter>(() => parseFilter(props.search));
  const [notes, setNotes] = useState<NoteCardData[] | null>(null);
  const [folders, setFolders] = useState<Folder[]>([]);
  const [tags, setTags] = useState<{ tag: string; count: number }[]>([]);
  const [templates, setTemplates] = useState<NoteCardData[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState(filter.q);
  const [creating, setCreating] = useState(false);

  const loadSide = async () => {
    const [f, t, tpl] = await Promise.all([
      api("GET", "/api/v1/note-folders"),
      api("GET", "/api/v1/notes/tags"),
      api("GET", "/api/v1/notes?template=1&limit=50"),
    ]);
    if (f.ok) setFolders(f.data ?? []);
    if (t.ok) setTags(t.data ?? []);
    if (tpl.ok) setTemplates(tpl.data ?? []);
  };

  const load = async (next: NotesFilter) => {
    setError(null);
    const res = await api("GET", `/api/v1/notes?${listQuery(next)}`);
    if (!res.ok) return setError(res.error);
    setNotes(res.data ?? []);
  };

  useEffect(() => {
    void loadSide();
  }, []);

  useEffect(() => {
    void load(filter);
    const params = listQuery(filter, { forUrl: true });
    const url = params ? `/notes?${params}` : "/notes";
    if (location.pathname + location.search !== url) history.replaceState(null, "", url);
  }, [filter]);

  const go = (patch: Partial<NotesFilter>) => setFilter({ ...filter, folder: "", tag: "", ...patch });

  const createNote = async (templateId?: string) => {
    setCreating(true);
    const body: Record<string, unknown> = { title: "Untitled" };
    if (filter.folder) body.folder_id = filter.folder;
    if (templateId) {
      body.template_id = templateId;
      body.title = templates.find((t) => t.id === templateId)?.title ?? "Untitled";
    }
    const res = await api("POST", "/api/v1/notes", body, props.csrf);
    setCreating(false);
    if (!res.ok) return setError(res.error);
    location.href = `/notes/${res.data.id}`;
  };

  const createFolder = async (name: string, parentId: string | null) => {
    const res = await api("POST", "/api/v1/note-folders", { name, parent_id: parentId }, props.csrf);
    if (!res.ok) {
      setError(res.error);
      return false;
    }
    await loadSide();
    return true;
  };

  const toggleFavorite = async (note: NoteCardData) => {
    const favorite = !note.favorite;
    setNotes((list) => list?.map((n) => n.id === note.id ? { ...n, favorite } : n) ?? null);
    const res = await api("PUT", `/api/v1/notes/${note.id}/favorite`, { favorite }, props.csrf);
    if (!res.ok) {
      setError(res.error);
      setNotes((list) => list?.map((n) => n.id === note.id ? { ...n, favorite: !favorite } : n) ?? null);
    }
  };

  const tree = buildFolderTree(folders);
  const heading = filter.folder
    ? folders.find((f) => f.id === filter.folder)?.name ?? "Folder"
    : filter.tag
    ? `#${filter.tag}`
    : VIEWS.find((v) => v.key === filter.view)?.label ?? "All notes";

  return (
    <div class="note-browser" data-hydrated={hydrated ? "true" : "false"}>
      <nav class="note-side" aria-label="Note folders and filters">
        <div class="note-side-section">
          {VIEWS.map((view) => (
            <button
              key={view.key}
              type="button"
              class={`note-side-link${!filter.folder && !filter.tag && filter.view === view.key ? " is-active" : ""}`}
              aria-current={!filter.folder && !filter.tag && filter.view === view.key ? "page" : undefined}
              disabled={!hydrated}
              onClick={() => go({ view: view.key })}
            >
              {view.label}
            </button>
          ))}
        </div>
        <NoteFolderTree
          tree={tree}
          activeId={filter.folder}
          disabled={!hydrated}
          canWrite={props.canWrite}
          onOpen={(id) => go({ view: "all", folder: id })}
          onCreate={createFolder}
        />
        {tags.length > 0 && (
          <div class="note-side-section">
            <h2 class="note-side-title">Tags</h2>
            {tags.map((t) => (
              <button
                key={t.tag}
                type="button"
                class={`note-side-link${filter.tag === t.tag ? " is-active" : ""}`}
                disabled={!hydrated}
                onClick={() => go({ view: "all", tag: t.tag })}
              >
                #{t.tag}
                <span class="note-side-count">{t.count}</span>
              </button>
            ))}
          </div>
        )}
      </nav>
      <section class="stack" aria-label={heading}>
        <div class="note-list-tools">
          <form
            class="grow row gap-2"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              setFilter({ ...filter, q: query.trim() });
            }}
          >
            <label class="visually-hidden" for="note-search">Search notes</label>
            <input
              id="note-search"
              class="input"
              type="search"
              placeholder="Search titles and text"
              value={query}
              disabled={!hydrated}
              onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
            />
          </form>
          {props.canWrite && (
            <div class="note-new-menu">
              <button
                type="button"
                class="btn btn-primary"
                disabled={!hydrated || creating}
                onClick={() => createNote()}
              >
                New note
              </button>
              {templates.length > 0 && (
                <>
                  <label class="visually-hidden" for="note-template">New note from a template</label>
                  <select
                    id="note-template"
                    class="select"
                    disabled={!hydrated || creating}
                    value=""
                    onChange={(event) => {
                      const id = (event.target as HTMLSelectElement).value;
                      if (id) void createNote(id);
                    }}
                  >
                    <option value="">From template…</option>
                    {templates.map((t) => <option key={t.id} value={t.id}>{t.title}</option>)}
                  </select>
                </>
              )}
            </div>
          )}
        </div>
        <h2 class="card-title">{heading}</h2>
        {error && <p class="field-error" role="alert">{error}</p>}
        {notes === null && !error && <p class="muted text-sm">Loading notes…</p>}
        {notes !== null && notes.length === 0 && (
          <EmptyState
            icon="file"
            title={filter.q ? "No note matches" : "No notes here yet"}
            text={filter.q ? "Try other words." : "Write meeting notes, call prep or account plans, together."}
          />
        )}
        {notes !== null && notes.length > 0 && (
          <ul class="note-list">
            {notes.map((note) => (
              <NoteCard
                key={note.id}
                note={note}
                disabled={!hydrated}
                onStar={() => toggleFavorite(note)}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
