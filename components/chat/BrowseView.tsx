// The channel browser (/chat/browse): every public channel, filtered as you type, to open or join. Apart from
// the side panels (Panels.tsx) because a page can open with it, so it is part of the chat's first load.
import { useState } from "preact/hooks";
import { Icon } from "../ui/Icon.tsx";
import { browsable } from "../../lib/chat/client/channels.ts";
import type { Channel } from "../../lib/chat/client/types.ts";

export function BrowseView(props: {
  channels: Channel[];
  disabled: boolean;
  busyId: string | null;
  error: string | null;
  onJoin(id: string): void;
  onOpen(id: string, event: MouseEvent): void;
  onNewChannel(): void;
  onBack(): void;
}) {
  const [query, setQuery] = useState("");
  const list = browsable(props.channels, query);
  return (
    <section class="chat-browse" aria-labelledby="chat-browse-title">
      <header class="chat-conv-head">
        <button
          type="button"
          class="chat-icon-button chat-back"
          aria-label="Back to conversations"
          onClick={props.onBack}
        >
          <Icon name="chevron-right" class="chat-flip" />
        </button>
        <h2 id="chat-browse-title" class="chat-conv-title">Browse channels</h2>
        <button
          type="button"
          class="btn btn-secondary btn-sm"
          onClick={props.onNewChannel}
          disabled={props.disabled}
        >
          <Icon name="plus" size="sm" /> Create channel
        </button>
      </header>
      <div class="chat-browse-body">
        <label class="visually-hidden" for="chat-browse-q">Find a channel</label>
        <input
          id="chat-browse-q"
          class="input"
          type="search"
          placeholder="Find a channel"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        {props.error && <p class="chat-form-error" role="alert">{props.error}</p>}
        {list.length === 0
          ? <p class="chat-muted">{query ? `No channel matches “${query}”.` : "No public channels yet."}</p>
          : (
            <ul class="chat-browse-list">
              {list.map((c) => (
                <li key={c.id} class="chat-browse-item">
                  <div class="chat-browse-text">
                    <a href={`/chat/${c.id}`} class="chat-browse-name" onClick={(event) => props.onOpen(c.id, event)}>
                      #{c.name}
                    </a>
                    <span class="chat-muted">
                      {c.member_count} {c.member_count === 1 ? "member" : "members"}
                      {c.topic ? ` · ${c.topic}` : ""}
                    </span>
                    {c.description && <span class="chat-browse-desc">{c.description}</span>}
                  </div>
                  {c.is_member ? <span class="chat-side-tag">Joined</span> : (
                    <button
                      type="button"
                      class="btn btn-primary btn-sm"
                      disabled={props.disabled || props.busyId === c.id}
                      aria-label={`Join #${c.name}`}
                      onClick={() => props.onJoin(c.id)}
                    >
                      Join
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
      </div>
    </section>
  );
}
