// "Share" for a note's owner: who can see it (only me, the whole team, specific people) and whether they may
// edit. Changes are saved at once through the notes API; open editors follow through `note:permission`.
import { useEffect, useRef, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { api } from "@/lib/notes/client/api.ts";
import type { Member } from "@/lib/notes/client/suggest.ts";
import { Avatar } from "@/components/ui/Avatar.tsx";

export interface NoteShareDialogProps {
  noteId: string;
  ownerId: string | null;
  members: Member[];
  csrf: string;
}

type Visibility = "private" | "team" | "people";
type Level = "view" | "edit";

interface Share {
  user_id: string;
  permission: Level;
  name?: string;
}

const VISIBILITY: { value: Visibility; label: string; hint: string }[] = [
  { value: "private", label: "Only me", hint: "Nobody else sees this note." },
  { value: "team", label: "Whole team", hint: "Everyone in the workspace." },
  { value: "people", label: "Specific people", hint: "Only the people listed below." },
];

export default function NoteShareDialog(props: NoteShareDialogProps) {
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState(false);
  const [visibility, setVisibility] = useState<Visibility>("team");
  const [teamPermission, setTeamPermission] = useState<Level>("edit");
  const [shares, setShares] = useState<Share[]>([]);
  const [adding, setAdding] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/notes/${props.noteId}`;

  const load = async () => {
    const res = await api("GET", base);
    if (!res.ok) return setError(res.error);
    const note = res.data ?? {};
    setVisibility(note.visibility ?? "team");
    setTeamPermission(note.team_permission ?? "edit");
    setShares(Array.isArray(note.shares) ? note.shares : []);
    setLoaded(true);
  };

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const close = () => setError(null);
    el.addEventListener("close", close);
    return () => el.removeEventListener("close", close);
  }, []);

  const run = async (fn: () => Promise<{ ok: boolean; error: string | null }>) => {
    setBusy(true);
    setError(null);
    const res = await fn();
    setBusy(false);
    if (!res.ok) setError(res.error);
    return res.ok;
  };

  const patch = (body: Record<string, unknown>) => run(() => api("PATCH", base, body, props.csrf));
  const nameOf = (id: string) => props.members.find((m) => m.id === id)?.name ?? "A teammate";
  const candidates = props.members.filter((m) => m.id !== props.ownerId && !shares.some((s) => s.user_id === m.id));

  return (
    <>
      <button
        type="button"
        class="btn btn-secondary btn-sm"
        disabled={!hydrated}
        onClick={() => {
          dialog.current?.showModal();
          void load();
        }}
      >
        Share
      </button>
      <dialog ref={dialog} class="note-share-dialog" aria-labelledby="note-share-title">
        <form method="dialog" class="note-share-head">
          <h2 id="note-share-title" class="card-title">Share this note</h2>
          <button type="submit" class="btn btn-ghost btn-sm" aria-label="Close">✕</button>
        </form>
        {error && <p class="field-error" role="alert">{error}</p>}
        {!loaded && !error && <p class="muted text-sm">Loading…</p>}
        {loaded && (
          <div class="stack">
            <fieldset class="note-share-options" disabled={busy}>
              <legend class="field-label">Who can open it</legend>
              {VISIBILITY.map((option) => (
                <label key={option.value} class="note-share-option">
                  <input
                    type="radio"
                    name="visibility"
                    value={option.value}
                    checked={visibility === option.value}
                    onChange={async () => {
                      if (await patch({ visibility: option.value })) setVisibility(option.value);
                    }}
                  />
                  <span>
                    <strong>{option.label}</strong>
                    <span class="muted text-sm">{option.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {visibility === "team" && (
              <label class="note-share-row">
                <span>The team can</span>
                <select
                  class="select select-sm"
                  value={teamPermission}
                  disabled={busy}
                  onChange={async (event) => {
                    const value = (event.target as HTMLSelectElement).value as Level;
                    if (await patch({ team_permission: value })) setTeamPermission(value);
                  }}
                >
                  <option value="edit">edit</option>
                  <option value="view">only view</option>
                </select>
              </label>
            )}
            {visibility !== "private" && (
              <div class="stack-sm">
                <h3 class="field-label">People</h3>
                {shares.length === 0 && <p class="muted text-sm">Nobody added yet.</p>}
                <ul class="note-share-list">
                  {shares.map((share) => (
                    <li key={share.user_id} class="note-share-row">
                      <Avatar name={share.name ?? nameOf(share.user_id)} size="xs" />
                      <span class="grow">{share.name ?? nameOf(share.user_id)}</span>
                      <select
                        class="select select-sm"
                        aria-label={`Access for ${share.name ?? nameOf(share.user_id)}`}
                        value={share.permission}
                        disabled={busy}
                        onChange={async (event) => {
                          const permission = (event.target as HTMLSelectElement).value as Level;
                          const ok = await run(() =>
                            api("PUT", `${base}/shares`, { user_id: share.user_id, permission }, props.csrf)
                          );
                          if (ok) {
                            setShares(shares.map((s) => s.user_id === share.user_id ? { ...s, permission } : s));
                          }
                        }}
                      >
                        <option value="view">can view</option>
                        <option value="edit">can edit</option>
                      </select>
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm"
                        disabled={busy}
                        aria-label={`Remove ${share.name ?? nameOf(share.user_id)}`}
                        onClick={async () => {
                          const ok = await run(() =>
                            api("DELETE", `${base}/shares/${share.user_id}`, undefined, props.csrf)
                          );
                          if (ok) setShares(shares.filter((s) => s.user_id !== share.user_id));
                        }}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
                {candidates.length > 0 && (
                  <form
                    class="note-share-row"
                    onSubmit={async (event) => {
                      event.preventDefault();
                      if (!adding) return;
                      const ok = await run(() =>
                        api("PUT", `${base}/shares`, { user_id: adding, permission: "view" }, props.csrf)
                      );
                      if (ok) {
                        setShares([...shares, { user_id: adding, permission: "view", name: nameOf(adding) }]);
                        setAdding("");
                      }
                    }}
                  >
                    <label class="visually-hidden" for="note-share-add">Add a person</label>
                    <select
                      id="note-share-add"
                      class="select select-sm grow"
                      value={adding}
                      onChange={(event) => setAdding((event.target as HTMLSelectElement).value)}
                    >
                      <option value="">Add a person…</option>
                      {candidates.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
                    </select>
                    <button type="submit" class="btn btn-primary btn-sm" disabled={busy || !adding}>Add</button>
                  </form>
                )}
              </div>
            )}
          </div>
        )}
      </dialog>
    </>
  );
}
