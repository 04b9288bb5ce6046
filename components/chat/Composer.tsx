// The message composer: a textarea holding the markdown source, a formatting toolbar with shortcuts
// (Ctrl/Cmd+B bold, +I italic, +E code, +Shift+U link, +Shift+8 list), @mention autocomplete (team
// members and @channel; arrows move, Enter or Tab picks, Escape closes), Enter to send, Shift+Enter for a
// new line, ArrowUp in an empty composer to edit my last message, Escape to cancel an edit.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Avatar } from "../ui/Avatar.tsx";
import { cx } from "../ui/cx.ts";
import { ChatIcon } from "./ChatIcons.tsx";
import {
  applyMention,
  bodyProblem,
  type Candidate,
  decodeMentions,
  type Edit,
  encodeMentions,
  insertLink,
  MAX_BODY,
  mentionCandidates,
  mentionQuery,
  toggleCode,
  toggleList,
  toggleWrap,
} from "../../lib/chat-ui/compose.ts";
import type { Member } from "../../lib/chat-ui/types.ts";

export interface ComposerProps {
  id: string;
  label: string;
  placeholder: string;
  members: Member[];
  meId: string;
  disabled: boolean;
  /** Source to start from (editing): "@[Name](user:id)" shows as "@Name". */
  initial?: string;
  autoFocus?: boolean;
  submitLabel?: string;
  /** Gets the protocol body; return false to keep the text (e.g. refused). */
  onSubmit(body: string): boolean | void | Promise<boolean | void>;
  onTyping?(): void;
  onEditLast?(): void;
  onCancel?(): void;
  compact?: boolean;
}

interface Open {
  query: string;
  caret: number;
}

export function Composer(props: ComposerProps) {
  const decoded = decodeMentions(props.initial ?? "");
  const [text, setText] = useState(decoded.text);
  const [open, setOpen] = useState<Open | null>(null);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const picked = useRef<Member[]>(decoded.picked);
  const ref = useRef<HTMLTextAreaElement>(null);
  const candidates = open ? mentionCandidates(props.members, open.query, props.meId) : [];
  const showing = open !== null && candidates.length > 0;
  const listId = `${props.id}-mentions`;

  useEffect(() => {
    if (!props.autoFocus || props.disabled) return;
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [props.autoFocus, props.disabled]);

  const look = () => {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart ?? el.value.length;
    const query = el.selectionStart === el.selectionEnd ? mentionQuery(el.value.slice(0, caret)) : null;
    if (query === null) return setOpen(null);
    if (!open || open.query !== query) setActive(0);
    setOpen({ query, caret });
  };

  const apply = (edit: Edit) => {
    setText(edit.value);
    const el = ref.current;
    if (!el) return;
    el.value = edit.value;
    el.focus();
    el.setSelectionRange(edit.start, edit.end);
  };

  const format = (kind: "bold" | "italic" | "code" | "link" | "list") => {
    const el = ref.current;
    if (!el) return;
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? 0;
    const value = el.value;
    apply(
      kind === "bold"
        ? toggleWrap(value, start, end, "**", "bold")
        : kind === "italic"
        ? toggleWrap(value, start, end, "*", "italic")
        : kind === "code"
        ? toggleCode(value, start, end)
        : kind === "link"
        ? insertLink(value, start, end)
        : toggleList(value, start, end),
    );
  };

  const pick = (candidate: Candidate) => {
    const el = ref.current;
    if (!el || !open) return;
    if (candidate.kind === "user") picked.current = [...picked.current, candidate.member];
    apply(applyMention(el.value, open.caret, open.query, candidate));
    setOpen(null);
  };

  const submit = async () => {
    const body = encodeMentions(text, picked.current).trim();
    const issue = bodyProblem(body);
    if (issue) {
      setProblem(issue === "Write something first." ? null : issue);
      return;
    }
    setProblem(null);
    const keep = await props.onSubmit(body);
    if (keep === false) return;
    setText("");
    picked.current = [];
    if (ref.current) ref.current.value = "";
    setOpen(null);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    const mod = event.ctrlKey || event.metaKey;
    if (showing) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + candidates.length) % candidates.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(candidates[Math.min(active, candidates.length - 1)]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setOpen(null);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === "ArrowUp" && !mod && text === "" && props.onEditLast) {
      event.preventDefault();
      props.onEditLast();
      return;
    }
    if (event.key === "Escape" && props.onCancel) {
      event.preventDefault();
      props.onCancel();
      return;
    }
    if (!mod) return;
    const key = event.key.toLowerCase();
    if (!event.shiftKey && key === "b") format("bold");
    else if (!event.shiftKey && key === "i") format("italic");
    else if (!event.shiftKey && key === "e") format("code");
    else if (event.shiftKey && key === "u") format("link");
    else if (event.shiftKey && (key === "8" || key === "*")) format("list");
    else return;
    event.preventDefault();
  };

  const tools: {
    kind: "bold" | "italic" | "code" | "link" | "list";
    label: string;
    keys: string;
    text: ComponentChildren;
  }[] = [
    { kind: "bold", label: "Bold", keys: "Ctrl+B", text: "B" },
    { kind: "italic", label: "Italic", keys: "Ctrl+I", text: "I" },
    { kind: "code", label: "Code", keys: "Ctrl+E", text: "</>" },
    { kind: "link", label: "Link", keys: "Ctrl+Shift+U", text: <ChatIcon name="link" /> },
    { kind: "list", label: "Bulleted list", keys: "Ctrl+Shift+8", text: <ChatIcon name="list" /> },
  ];

  return (
    <div class={cx("chat-composer", props.compact && "chat-composer-compact")}>
      {showing && (
        <ul class="chat-mentions" id={listId} role="listbox" aria-label="Mention someone">
          {candidates.map((c, i) => (
            <li
              key={c.kind === "user" ? c.member.id : "@channel"}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              class={cx("chat-mention-option", i === active && "is-active")}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(c);
              }}
            >
              {c.kind === "user"
                ? (
                  <>
                    <Avatar name={c.member.name} size="xs" />
                    <span>{c.member.name}</span>
                  </>
                )
                : (
                  <>
                    <span class="chat-mention-at" aria-hidden="true">@</span>
                    <span>
                      channel <span class="chat-muted">notify everyone here</span>
                    </span>
                  </>
                )}
            </li>
          ))}
        </ul>
      )}
      <div class="chat-composer-box">
        <label class="visually-hidden" for={props.id}>{props.label}</label>
        <textarea
          ref={ref}
          id={props.id}
          class="chat-composer-input"
          rows={1}
          placeholder={props.placeholder}
          value={text}
          maxLength={MAX_BODY + 200}
          disabled={props.disabled}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showing}
          aria-controls={showing ? listId : undefined}
          aria-activedescendant={showing ? `${listId}-${active}` : undefined}
          onInput={(event) => {
            setText(event.currentTarget.value);
            look();
            props.onTyping?.();
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(event) => {
            if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) look();
          }}
          onClick={look}
          onBlur={() => setOpen(null)}
        />
        <div class="chat-composer-bar">
          <div class="chat-toolbar" role="toolbar" aria-label="Formatting">
            {tools.map((tool) => (
              <button
                key={tool.kind}
                type="button"
                class={cx("chat-tool", `chat-tool-${tool.kind}`)}
                title={`${tool.label} (${tool.keys})`}
                aria-label={tool.label}
                disabled={props.disabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => format(tool.kind)}
              >
                {tool.text}
              </button>
            ))}
          </div>
          <div class="chat-composer-actions">
            {props.onCancel && (
              <button type="button" class="btn btn-ghost btn-sm" onClick={props.onCancel} disabled={props.disabled}>
                Cancel
              </button>
            )}
            <button
              type="button"
              class="btn btn-primary btn-sm chat-send"
              disabled={props.disabled || text.trim() === ""}
              onClick={() => void submit()}
            >
              {props.submitLabel ?? "Send"}
            </button>
          </div>
        </div>
      </div>
      {problem && <p class="chat-composer-problem" role="alert">{problem}</p>}
    </div>
  );
}
