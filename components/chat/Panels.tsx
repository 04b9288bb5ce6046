// The chat's side panel (thread, pins, search, members, details; full screen on phones). The island owns the
// data; these render it and report what the person did. Loaded with the panel (components/chat/lazy.tsx);
// the channel browser, which a page can open with, is BrowseView.tsx.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { timeLabel } from "../../lib/chat/client/messages.ts";
import type {
  Channel,
  ChannelMember,
  DetailsInput,
  Member,
  Message,
  SearchQuery,
} from "../../lib/chat/client/types.ts";

export function SidePanel(props: { title: string; onClose(): void; children: ComponentChildren; label?: string }) {
  return (
    <aside class="chat-panel" aria-label={props.label ?? props.title}>
      <header class="chat-panel-head">
        <button type="button" class="chat-icon-button chat-panel-back" aria-label="Back" onClick={props.onClose}>
          <Icon name="chevron-right" class="chat-flip" />
        </button>
        <h2 class="chat-panel-title">{props.title}</h2>
        <button
          type="button"
          class="chat-icon-button chat-panel-close"
          aria-label="Close panel"
          onClick={props.onClose}
        >
          <Icon name="x" />
        </button>
      </header>
      <div class="chat-panel-body">{props.children}</div>
    </aside>
  );
}

export type { SearchQuery };

export function SearchPanel(props: {
  channels: { id: string; name: string }[];
  members: Member[];
  initialChannel: string;
  results: (Message & { channel_name?: string })[] | null;
  loading: boolean;
  error: string | null;
  disabled: boolean;
  onSearch(query: SearchQuery): void;
  onOpen(message: Message): void;
}) {
  const [q, setQ] = useState("");
  const [channel, setChannel] = useState(props.initialChannel);
  const [sender, setSender] = useState("");
  const run = (event?: Event) => {
    event?.preventDefault();
    if (q.trim()) props.onSearch({ q: q.trim(), channel_id: channel, sender_id: sender });
  };
  return (
    <div class="chat-search">
      <form class="chat-search-form" role="search" onSubmit={run}>
        <label class="visually-hidden" for="chat-search-q">Search messages</label>
        <input
          id="chat-search-q"
          class="input"
          type="search"
          placeholder="Search messages"
          value={q}
          disabled={props.disabled}
          onInput={(event) => setQ(event.currentTarget.value)}
        />
        <div class="chat-search-filters">
          <label class="visually-hidden" for="chat-search-channel">In channel</label>
          <select
            id="chat-search-channel"
            class="select"
            value={channel}
            disabled={props.disabled}
            onChange={(event) => setChannel(event.currentTarget.value)}
          >
            <option value="">All conversations</option>
            {props.channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          <label class="visually-hidden" for="chat-search-sender">From</label>
          <select
            id="chat-search-sender"
            class="select"
            value={sender}
            disabled={props.disabled}
            onChange={(event) => setSender(event.currentTarget.value)}
          >
            <option value="">Anyone</option>
            {props.members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
          <button type="submit" class="btn btn-primary btn-sm" disabled={props.disabled || !q.trim()}>Search</button>
        </div>
      </form>
      {props.loading && <p class="chat-muted" role="status">Searching…</p>}
      {props.error && <p class="chat-form-error" role="alert">{props.error}</p>}
      {props.results && !props.loading && (
        props.results.length === 0 ? <p class="chat-muted">No messages match.</p> : (
          <ul class="chat-results">
            {props.results.map((m) => (
              <li key={m.id}>
                <button type="button" class="chat-result" onClick={() => props.onOpen(m)}>
                  <span class="chat-result-meta">
                    <strong>{m.sender_name}</strong>
                    {m.channel_name && <span>in {m.channel_name}</span>}
                    <span>{new Date(m.created_at).toLocaleDateString()} {timeLabel(m.created_at)}</span>
                  </span>
                  <span class="chat-result-body" dangerouslySetInnerHTML={{ __html: m.body_html }} />
                </button>
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}

export function MembersPanel(props: {
  channel: Channel;
  members: ChannelMember[] | null;
  team: Member[];
  meId: string;
  error: string | null;
  disabled: boolean;
  onAdd(ids: string[]): Promise<string | null>;
  onRemove(id: string): void;
  onLeave(): void;
}) {
  const [adding, setAdding] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const direct = props.channel.type === "dm" || props.channel.type === "group_dm";
  const inIt = new Set((props.members ?? []).map((m) => m.id));
  const addable = props.team.filter((m) => !inIt.has(m.id));
  return (
    <div class="chat-members">
      {props.error && <p class="chat-form-error" role="alert">{props.error}</p>}
      {!props.members && !props.error && <p class="chat-muted" role="status">Loading members…</p>}
      {!direct && props.channel.is_member && !props.channel.archived_at && (
        <form
          class="chat-members-add"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!adding) return;
            const result = await props.onAdd([adding]);
            setProblem(result);
            if (!result) setAdding("");
          }}
        >
          <label class="visually-hidden" for="chat-add-member">Add a person</label>
          <select
            id="chat-add-member"
            class="select"
            value={adding}
            disabled={props.disabled}
            onChange={(event) => setAdding(event.currentTarget.value)}
          >
            <option value="">Add a person…</option>
            {addable.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
          <button type="submit" class="btn btn-secondary btn-sm" disabled={props.disabled || !adding}>Add</button>
        </form>
      )}
      {problem && <p class="chat-form-error" role="alert">{problem}</p>}
      <ul class="chat-member-list">
        {(props.members ?? []).map((m) => (
          <li key={m.id} class="chat-member">
            <Avatar name={m.name} size="sm" />
            <span class="chat-member-name">
              {m.name}
              {m.id === props.meId && <span class="chat-muted">(you)</span>}
              {m.role === "admin" && <span class="chat-side-tag">admin</span>}
            </span>
            {!direct && m.id !== props.meId && (
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                disabled={props.disabled}
                aria-label={`Remove ${m.name}`}
                onClick={() => props.onRemove(m.id)}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {!direct && props.channel.is_member && (
        <button type="button" class="btn btn-secondary btn-sm" disabled={props.disabled} onClick={props.onLeave}>
          Leave channel
        </button>
      )}
    </div>
  );
}

export type { DetailsInput };

export function DetailsPanel(props: {
  channel: Channel;
  disabled: boolean;
  onSave(input: DetailsInput): Promise<string | null>;
}) {
  const c = props.channel;
  const [name, setName] = useState(c.name);
  const [topic, setTopic] = useState(c.topic ?? "");
  const [description, setDescription] = useState(c.description ?? "");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const direct = c.type === "dm" || c.type === "group_dm";
  const save = async (input: DetailsInput, done: string) => {
    const problem = await props.onSave(input);
    setMessage(problem ? { text: problem, error: true } : { text: done, error: false });
  };
  return (
    <form
      class="chat-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save({ ...(direct ? {} : { name }), topic, description }, "Saved.");
      }}
    >
      {!direct && (
        <div class="field">
          <label class="field-label" for="chat-details-name">Name</label>
          <input
            id="chat-details-name"
            class="input"
            value={name}
            maxLength={80}
            disabled={props.disabled}
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </div>
      )}
      <div class="field">
        <label class="field-label" for="chat-details-topic">Topic</label>
        <input
          id="chat-details-topic"
          class="input"
          value={topic}
          maxLength={250}
          disabled={props.disabled}
          onInput={(event) => setTopic(event.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label class="field-label" for="chat-details-description">Description</label>
        <textarea
          id="chat-details-description"
          class="textarea"
          rows={3}
          maxLength={1000}
          value={description}
          disabled={props.disabled}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
      </div>
      {message && (
        <p class={message.error ? "chat-form-error" : "chat-form-ok"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      <div class="chat-form-actions">
        {!direct && (
          <button
            type="button"
            class="btn btn-ghost"
            disabled={props.disabled}
            onClick={() =>
              void save(
                { archived: !c.archived_at },
                c.archived_at ? "Channel restored." : "Channel archived: it is read-only now.",
              )}
          >
            {c.archived_at ? "Unarchive channel" : "Archive channel"}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={props.disabled}>Save</button>
      </div>
    </form>
  );
}
