// The "Notes" card on a deal, contact or company page: notes attached to the record, newest change first,
// and "New note" that creates one attached to it and opens the editor.
import { useEffect, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api } from "@/lib/notes/client/api.ts";
import { relativeTime } from "@/lib/notes/client/list.ts";

export interface RecordNotesProps {
  recordType: "deal" | "contact" | "company";
  recordId: string;
  canWrite: boolean;
  csrf?: string;
}

interface Item {
  id: string;
  title: string;
  excerpt: string | null;
  updated_at: string;
}

export default function RecordNotes(props: RecordNotesProps) {
  const hydrated = useHydrated();
  const [notes, setNotes] = useState<Item[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const params = new URLSearchParams({ record_type: props.recordType, record_id: props.recordId, limit: "20" });
    api("GET", `/api/v1/notes?${params}`).then((res) => {
      if (res.ok) setNotes(res.data ?? []);
      else setError(res.error);
    });
  }, []);

  const create = async () => {
    setCreating(true);
    const res = await api(
      "POST",
      "/api/v1/notes",
      { title: "Untitled", record_type: props.recordType, record_id: props.recordId },
      props.csrf,
    );
    if (!res.ok) {
      setCreating(false);
      return setError(res.error);
    }
    location.href = `/notes/${res.data.id}`;
  };

  return (
    <section class="card note-record-card" aria-labelledby={`notes-${props.recordId}`}>
      <header class="card-header">
        <h2 class="card-title" id={`notes-${props.recordId}`}>Notes</h2>
        {props.canWrite && (
          <button type="button" class="btn btn-secondary btn-sm" disabled={!hydrated || creating} onClick={create}>
            New note
          </button>
        )}
      </header>
      <div class="card-body">
        {error && <p class="field-error" role="alert">{error}</p>}
        {notes === null && !error && <p class="muted text-sm">Loading notes…</p>}
        {notes !== null && notes.length === 0 && <p class="muted text-sm">No notes about this record yet.</p>}
        {notes !== null && notes.length > 0 && (
          <ul class="note-record-list">
            {notes.map((note) => (
              <li key={note.id} class="note-record-item">
                <a href={`/notes/${note.id}`}>{note.title || "Untitled"}</a>
                {note.excerpt && <span class="note-record-excerpt">{note.excerpt}</span>}
                <span class="text-xs muted">{relativeTime(note.updated_at)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
