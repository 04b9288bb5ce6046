// Modal dialogs of the chat: create a channel, start a direct or group message, confirm a deletion. Native
// <dialog> (focus kept inside, Escape closes).
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { slugChannelName } from "../../lib/chat/client/channels.ts";
import type { Member, NewChannelInput } from "../../lib/chat/client/types.ts";

export function Modal(props: { id: string; title: string; onClose(): void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      class="chat-dialog"
      aria-labelledby={`${props.id}-title`}
      onClose={props.onClose}
      onClick={(event) => {
        if (event.target === ref.current) props.onClose();
      }}
    >
      <div class="chat-dialog-inner">
        <header class="chat-dialog-head">
          <h2 id={`${props.id}-title`}>{props.title}</h2>
          <button type="button" class="chat-icon-button" aria-label="Close" onClick={props.onClose}>
            <Icon name="x" />
          </button>
        </header>
        {props.children}
      </div>
    </dialog>
  );
}

/** Checkboxes of teammates with a filter; at most `max` picked. */
export function PeoplePicker(props: {
  id: string;
  members: Member[];
  picked: string[];
  max?: number;
  onChange(ids: string[]): void;
}) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = props.members.filter((m) => !q || m.name.toLowerCase().includes(q));
  const full = props.max !== undefined && props.picked.length >= props.max;
  return (
    <div class="chat-people">
      <label class="visually-hidden" for={`${props.id}-filter`}>Find people</label>
      <input
        id={`${props.id}-filter`}
        class="input"
        type="search"
        placeholder="Find people"
        value={query}
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <ul class="chat-people-list">
        {shown.map((m) => {
          const on = props.picked.includes(m.id);
          return (
            <li key={m.id}>
              <label class="chat-person">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && full}
                  onChange={() =>
                    props.onChange(on ? props.picked.filter((id) => id !== m.id) : [...props.picked, m.id])}
                />
                <Avatar name={m.name} size="xs" />
                <span>{m.name}</span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li class="chat-muted">Nobody matches “{query}”.</li>}
      </ul>
    </div>
  );
}

export type { NewChannelInput };

export function NewChannelDialog(props: {
  members: Member[];
  onClose(): void;
  onCreate(input: NewChannelInput): Promise<string | null>;
}) {
  const [name, setName] = useState("");
  const [priv, setPriv] = useState(false);
  const [topic, setTopic] = useState("");
  const [description, setDescription] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const slug = slugChannelName(name);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!slug) return setError("Give the channel a name.");
    setBusy(true);
    const problem = await props.onCreate({
      name: slug,
      type: priv ? "private" : "public",
      ...(topic.trim() && { topic: topic.trim() }),
      ...(description.trim() && { description: description.trim() }),
      member_ids: picked,
    });
    setBusy(false);
    setError(problem);
  };
  return (
    <Modal id="chat-new-channel" title="Create a channel" onClose={props.onClose}>
      <form class="chat-form" onSubmit={submit}>
        <div class="field">
          <label class="field-label" for="chat-channel-name">Name</label>
          <input
            id="chat-channel-name"
            class="input"
            value={name}
            maxLength={80}
            placeholder="e.g. q4-deals"
            required
            onInput={(event) => setName(event.currentTarget.value)}
          />
          {name && slug !== name && <p class="field-hint">Will be created as #{slug || "…"}</p>}
        </div>
        <label class="chat-check">
          <input type="checkbox" checked={priv} onChange={(event) => setPriv(event.currentTarget.checked)} />
          <span>
            <strong>Private</strong> — only invited people can see and join it
          </span>
        </label>
        <div class="field">
          <label class="field-label" for="chat-channel-topic">Topic (optional)</label>
          <input
            id="chat-channel-topic"
            class="input"
            value={topic}
            maxLength={250}
            onInput={(event) => setTopic(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label class="field-label" for="chat-channel-description">Description (optional)</label>
          <textarea
            id="chat-channel-description"
            class="textarea"
            rows={2}
            maxLength={1000}
            value={description}
            onInput={(event) => setDescription(event.currentTarget.value)}
          />
        </div>
        <fieldset class="chat-fieldset">
          <legend class="field-label">Add people</legend>
          <PeoplePicker id="chat-channel-people" members={props.members} picked={picked} onChange={setPicked} />
        </fieldset>
        {error && <p class="chat-form-error" role="alert">{error}</p>}
        <div class="chat-form-actions">
          <button type="button" class="btn btn-ghost" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="btn btn-primary" disabled={busy}>Create channel</button>
        </div>
      </form>
    </Modal>
  );
}

export function NewDirectDialog(props: {
  members: Member[];
  onClose(): void;
  onStart(ids: string[]): Promise<string | null>;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (picked.length === 0) return setError("Pick one person, or up to eight for a group.");
    setBusy(true);
    setError(await props.onStart(picked));
    setBusy(false);
  };
  return (
    <Modal id="chat-new-direct" title="New message" onClose={props.onClose}>
      <form class="chat-form" onSubmit={submit}>
        <p class="chat-muted">Pick one person for a direct message, or up to eight for a group.</p>
        <PeoplePicker id="chat-direct-people" members={props.members} picked={picked} max={8} onChange={setPicked} />
        {error && <p class="chat-form-error" role="alert">{error}</p>}
        <div class="chat-form-actions">
          <button type="button" class="btn btn-ghost" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="btn btn-primary" disabled={busy || picked.length === 0}>
            {picked.length > 1 ? "Start group message" : "Start conversation"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function ConfirmDialog(props: {
  title: string;
  text: string;
  confirm: string;
  onClose(): void;
  onConfirm(): void;
}) {
  return (
    <Modal id="chat-confirm" title={props.title} onClose={props.onClose}>
      <p>{props.text}</p>
      <div class="chat-form-actions">
        <button type="button" class="btn btn-ghost" onClick={props.onClose}>Cancel</button>
        <button
          type="button"
          class="btn btn-danger"
          onClick={() => {
            props.onConfirm();
            props.onClose();
          }}
        >
          {props.confirm}
        </button>
      </div>
    </Modal>
  );
}
