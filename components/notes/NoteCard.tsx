// One note in the list: title, a short excerpt, who changed it when, tags, a favourite star.
import { relativeTime } from "../../lib/notes/client/list.ts";

export interface NoteCardData {
  id: string;
  title: string;
  excerpt?: string | null;
  updated_at: string;
  owner_name?: string | null;
  tags?: string[];
  favorite?: boolean;
  permission?: "view" | "edit";
  visibility?: string;
  record_type?: string | null;
}

const VISIBILITY: Record<string, string> = { private: "Private", people: "Shared", team: "Team" };

export function NoteCard({ note, disabled, onStar }: { note: NoteCardData; disabled: boolean; onStar(): void }) {
  return (
    <li class="note-card" data-note-id={note.id}>
      <a class="note-card-title" href={`/notes/${note.id}`}>{note.title || "Untitled"}</a>
      <button
        type="button"
        class={`note-star${note.favorite ? " is-on" : ""}`}
        aria-pressed={note.favorite ? "true" : "false"}
        aria-label={note.favorite ? `Remove ${note.title} from favourites` : `Add ${note.title} to favourites`}
        disabled={disabled}
        onClick={onStar}
      >
        {note.favorite ? "★" : "☆"}
      </button>
      {note.excerpt && <p class="note-card-excerpt">{note.excerpt}</p>}
      <div class="note-card-meta">
        <span>{relativeTime(note.updated_at)}</span>
        {note.owner_name && <span>by {note.owner_name}</span>}
        {note.visibility && <span class="badge">{VISIBILITY[note.visibility] ?? note.visibility}</span>}
        {note.permission === "view" && <span class="badge">View only</span>}
        {(note.tags ?? []).map((tag) => <span key={tag} class="badge badge-accent">#{tag}</span>)}
      </div>
    </li>
  );
}
