// The status picker in the account menu (online / away / busy and a custom status text), and the page's presence
// engine: it connects the socket, sends heartbeats (idle for 5 minutes → away), and keeps every avatar that names
// a person (`<Avatar userId>`) showing that person's live status.
import { useEffect, useState } from "preact/hooks";
import { useHydrated } from "@/lib/web/hydrated.ts";
import { myId, onPresence, presenceOf, setMyStatus, startPresence } from "@/lib/presence/client.ts";
import { type PresenceStatus, STATUS_LABELS } from "@/lib/presence/protocol.ts";
import { cx } from "@/components/ui/cx.ts";

export interface StatusPickerProps {
  /** The signed-in user's id, when the page knows it (else learned from the server). */
  userId?: string;
}

const CHOICES: Exclude<PresenceStatus, "offline">[] = ["online", "away", "busy"];
const HINTS: Record<string, string> = {
  online: "Around and reachable",
  away: "Stepped away",
  busy: "Do not disturb",
};

export default function StatusPicker({ userId }: StatusPickerProps) {
  const hydrated = useHydrated();
  const [status, setStatus] = useState<PresenceStatus>("online");
  const [custom, setCustom] = useState("");
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    startPresence();
    return onPresence(() => {
      const mine = presenceOf(userId || myId());
      if (!mine) return;
      setStatus(mine.status);
      setCustom((previous) => {
        const next = mine.custom_status ?? "";
        // Keep what the person is typing; follow changes made elsewhere (another tab) otherwise.
        setDraft((d) => (d === previous ? next : d));
        return next;
      });
    });
  }, [userId]);

  const save = async (next: Exclude<PresenceStatus, "offline">, text: string) => {
    setSaving(true);
    setError("");
    try {
      const reply = await setMyStatus(next, text.trim() || null);
      if (!reply.ok) setError(reply.error.message);
    } catch {
      setError("Could not reach the server. Try again.");
    } finally {
      setSaving(false);
    }
  };

  const chosen = status === "offline" ? "online" : status;
  return (
    <div class="presence-picker" data-status={status}>
      <p class="menu-label">Your status</p>
      <div class="presence-choices" role="group" aria-label="Your status">
        {CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            class={cx("presence-choice", choice === chosen && "is-current")}
            aria-pressed={choice === chosen}
            title={HINTS[choice]}
            disabled={!hydrated || saving}
            data-presence-choice={choice}
            onClick={() => save(choice, draft)}
          >
            <span class={cx("presence-dot", `presence-dot-${choice}`)} aria-hidden="true" />
            {STATUS_LABELS[choice]}
          </button>
        ))}
      </div>
      <form
        class="presence-custom"
        onSubmit={(event) => {
          event.preventDefault();
          save(chosen, draft);
        }}
      >
        <label class="visually-hidden" for="presence-custom-text">Custom status</label>
        <input
          id="presence-custom-text"
          class="input input-sm"
          placeholder="What are you up to?"
          maxLength={100}
          value={draft}
          disabled={!hydrated}
          onInput={(event) => setDraft((event.target as HTMLInputElement).value)}
        />
        <button
          type="submit"
          class="btn btn-secondary btn-sm"
          disabled={!hydrated || saving || draft.trim() === custom}
        >
          Set
        </button>
      </form>
      {custom && <p class="presence-current text-xs muted truncate">“{custom}”</p>}
      {error && <p class="field-error text-xs" role="alert">{error}</p>}
    </div>
  );
}
