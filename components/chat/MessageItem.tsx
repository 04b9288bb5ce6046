// One chat message: author and time (unless it continues the previous one's group), the server-rendered and
// sanitized body_html (the only HTML ever put into the page; a message still in the outbox shows its source
// as text), "edited"/"deleted" markers, attached files (chips read from the source's file links, an image
// as a thumbnail of its preview; lib/chat/client/attachments.ts), record cards, reactions, the thread link, read receipts and an
// actions toolbar (react, reply, pin, edit, delete).
import type { ComponentChildren } from "preact";
import { memo } from "preact/compat";
import { Avatar } from "../ui/Avatar.tsx";
import { Icon } from "../ui/Icon.tsx";
import { ChatIcon } from "./ChatIcons.tsx";
import { cx } from "../ui/cx.ts";
import { dayLabel, isPending, timeLabel } from "../../lib/chat/client/messages.ts";
import type { Message, MessageAction } from "../../lib/chat/client/types.ts";
import { attachmentsOf } from "../../lib/chat/client/attachments.ts";
import { mentionParts } from "../../lib/chat/client/compose.ts";

export const QUICK_EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "✅", "🙏", "🔥"];

export type { MessageAction };

export interface MessageItemProps {
  message: Message;
  meId: string;
  /** Continues the previous message's group: no avatar and name. */
  grouped: boolean;
  /** Day separator above ("Today"). */
  dayBreak: boolean;
  /** Names of the people who have read up to this message (my messages only). */
  seen?: string;
  /** Outbox failure. */
  failed?: string;
  canDelete: boolean;
  /** Show reply count / "Reply" (not inside the thread panel). */
  inChannel: boolean;
  picker: boolean;
  active: boolean;
  /** Controls off until the island hydrated (and while the channel is read-only). */
  disabled: boolean;
  /** Replaces the body while the message is being edited. */
  editor?: ComponentChildren;
  onAction(message: Message, action: MessageAction): void;
}

/** A message not yet rendered by the server: its text as typed, with mentions already as chips. */
function sourceWithChips(body: string) {
  return mentionParts(body).map((part, i) =>
    "text" in part ? part.text : (
      <span
        key={i}
        class={cx("mention", part.userId === null && "mention-channel")}
        data-user-id={part.userId ?? undefined}
      >
        @{part.mention}
      </span>
    )
  );
}

function replyLabel(n: number) {
  return n === 1 ? "1 reply" : `${n} replies`;
}

export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message: m, meId, grouped, disabled } = props;
  const pending = isPending(m);
  const deleted = Boolean(m.deleted_at);
  const mine = m.sender_id === meId;
  const act = (action: MessageAction) => () => props.onAction(m, action);
  const time = timeLabel(m.created_at);
  const files = deleted ? [] : attachmentsOf(m.body ?? "");
  return (
    <div class="chat-row" data-row-id={m.id}>
      {props.dayBreak && (
        <div class="chat-day" role="separator">
          <span>{dayLabel(m.created_at)}</span>
        </div>
      )}
      <article
        class={cx(
          "chat-msg",
          grouped && !props.dayBreak && "chat-msg-grouped",
          pending && "chat-msg-pending",
          props.failed && "chat-msg-failed",
          m.pinned_at && "chat-msg-pinned",
          props.active && "chat-msg-active",
          mine && "chat-msg-mine",
        )}
        data-message-id={pending ? undefined : m.id}
        data-client-id={m.client_id ?? undefined}
        aria-label={`${m.sender_name} at ${time}`}
        onClick={act({ type: "focus" })}
      >
        <div class="chat-msg-gutter">
          {grouped && !props.dayBreak
            ? <time class="chat-msg-time-hover" dateTime={m.created_at}>{time}</time>
            : <Avatar name={m.sender_name} size="sm" userId={m.sender_id} />}
        </div>
        <div class="chat-msg-main">
          {(!grouped || props.dayBreak) && (
            <header class="chat-msg-head">
              <span class="chat-msg-author">{m.sender_name}</span>
              <time class="chat-msg-time" dateTime={m.created_at} title={new Date(m.created_at).toLocaleString()}>
                {time}
              </time>
              {m.pinned_at && (
                <span class="chat-msg-pin-tag">
                  <ChatIcon name="pin" size={12} /> Pinned
                </span>
              )}
            </header>
          )}
          {props.editor ?? (deleted
            ? <p class="chat-msg-deleted">This message was deleted.</p>
            : pending
            ? <div class="chat-msg-body chat-msg-source">{sourceWithChips(m.body ?? "")}</div>
            : (
              <div class="chat-msg-body-wrap">
                <div class="chat-msg-body" dangerouslySetInnerHTML={{ __html: m.body_html }} />
                {m.edited_at && (
                  <span class="chat-msg-edited" title={`Edited ${new Date(m.edited_at).toLocaleString()}`}>
                    (edited)
                  </span>
                )}
              </div>
            ))}
          {pending && !props.failed && <p class="chat-msg-status" role="status">sending…</p>}
          {props.failed && (
            <p class="chat-msg-status chat-msg-status-error" role="alert">
              Not sent: {props.failed}{" "}
              <button type="button" class="chat-link-button" onClick={act({ type: "retry" })} disabled={disabled}>
                Retry
              </button>{" "}
              <button type="button" class="chat-link-button" onClick={act({ type: "discard" })} disabled={disabled}>
                Discard
              </button>
            </p>
          )}
          {files.length > 0 && (
            <ul class="chat-attachments" aria-label="Attachments">
              {files.map((f) => (
                <li key={f.id} class={cx("chat-attachment", f.image && "chat-attachment-image")} data-file-id={f.id}>
                  {f.image && f.preview_url
                    ? (
                      <a href={f.preview_url} target="_blank" rel="noopener" title={f.name}>
                        <img src={f.preview_url} alt={f.name} loading="lazy" decoding="async" />
                      </a>
                    )
                    : (
                      <span class="chat-attachment-icon" aria-hidden="true">
                        <Icon name="file" size="sm" />
                      </span>
                    )}
                  <a class="chat-attachment-name" href={f.url} download={f.name} title={`Download ${f.name}`}>
                    {f.name}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {!deleted && m.unfurls.length > 0 && (
            <div class="chat-unfurls">
              {m.unfurls.map((u) => (
                <a key={`${u.record_type}:${u.record_id}`} class="chat-unfurl" href={u.url}>
                  <span class="chat-unfurl-type">{u.record_type}</span>
                  <span class="chat-unfurl-title">{u.title}</span>
                  {u.subtitle && <span class="chat-unfurl-sub">{u.subtitle}</span>}
                </a>
              ))}
            </div>
          )}
          {!deleted && m.reactions.length > 0 && (
            <div class="chat-reactions" role="group" aria-label="Reactions">
              {m.reactions.map((r) => {
                const on = r.user_ids.includes(meId);
                return (
                  <button
                    key={r.emoji}
                    type="button"
                    class={cx("chat-reaction", on && "chat-reaction-on")}
                    aria-pressed={on}
                    aria-label={`${r.emoji} ${r.count}${on ? ", including you" : ""}`}
                    disabled={disabled}
                    onClick={act({ type: "react", emoji: r.emoji, on: !on })}
                  >
                    <span aria-hidden="true">{r.emoji}</span>
                    <span class="chat-reaction-count">{r.count}</span>
                  </button>
                );
              })}
            </div>
          )}
          {props.inChannel && m.reply_count > 0 && (
            <button type="button" class="chat-thread-link" onClick={act({ type: "reply" })} disabled={disabled}>
              <Icon name="message" size="sm" />
              {replyLabel(m.reply_count)}
            </button>
          )}
          {props.seen && <p class="chat-seen">{props.seen}</p>}
          {props.picker && (
            <div class="chat-emoji-picker" role="group" aria-label="Pick a reaction">
              {QUICK_EMOJI.map((emoji) => {
                const on = m.reactions.some((r) => r.emoji === emoji && r.user_ids.includes(meId));
                return (
                  <button
                    key={emoji}
                    type="button"
                    class="chat-emoji"
                    aria-label={`React with ${emoji}`}
                    disabled={disabled}
                    onClick={act({ type: "react", emoji, on: !on })}
                  >
                    {emoji}
                  </button>
                );
              })}
            </div>
          )}
        </div>
        {!pending && !deleted && !props.editor && (
          <div class="chat-msg-actions" role="toolbar" aria-label="Message actions">
            <ActionButton label="Add reaction" disabled={disabled} onClick={act({ type: "picker" })}>
              <ChatIcon name="smile" />
            </ActionButton>
            {props.inChannel && (
              <ActionButton label="Reply in thread" disabled={disabled} onClick={act({ type: "reply" })}>
                <Icon name="message" size="sm" />
              </ActionButton>
            )}
            <ActionButton
              label={m.pinned_at ? "Unpin message" : "Pin message"}
              title={m.pinned_at ? "Unpin" : "Pin"}
              disabled={disabled}
              onClick={act({ type: "pin", pinned: !m.pinned_at })}
            >
              <ChatIcon name="pin" />
            </ActionButton>
            {mine && (
              <ActionButton label="Edit message" title="Edit" disabled={disabled} onClick={act({ type: "edit" })}>
                <Icon name="edit" size="sm" />
              </ActionButton>
            )}
            {props.canDelete && (
              <ActionButton
                label="Delete message"
                title="Delete"
                danger
                disabled={disabled}
                onClick={act({ type: "delete" })}
              >
                <Icon name="trash" size="sm" />
              </ActionButton>
            )}
          </div>
        )}
      </article>
    </div>
  );
});

interface ActionButtonProps {
  /** What a screen reader says; also the tooltip unless `title` is shorter. */
  label: string;
  title?: string;
  danger?: boolean;
  disabled: boolean;
  onClick: () => void;
  children: ComponentChildren;
}

/** One icon button of a message's hover toolbar. */
function ActionButton({ label, title, danger, disabled, onClick, children }: ActionButtonProps) {
  return (
    <button
      type="button"
      class={cx("chat-action", danger && "chat-action-danger")}
      title={title ?? label}
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
