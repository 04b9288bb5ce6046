// A textarea that offers teammates after "@": arrow keys move, Enter or Tab picks, Escape closes. What it writes
// is plain text ("@bob"); the server decides what is a mention. Used inside the ActivityTimeline island.
import { useRef, useState } from "preact/hooks";
import { Avatar } from "../ui/Avatar.tsx";
import { cx } from "../ui/cx.ts";
import {
  mentionCandidates,
  mentionQuery,
  mentionText,
  type TimelineMember,
} from "../../lib/activities/client/format.ts";

export interface MentionTextareaProps {
  id: string;
  label: string;
  value: string;
  members: TimelineMember[];
  onValue(value: string): void;
  /** Ctrl/Cmd+Enter. */
  onSubmit?(): void;
  placeholder?: string;
  rows?: number;
  disabled?: boolean;
  required?: boolean;
  maxLength?: number;
  class?: string;
}

interface Open {
  /** Where the "@" is. */
  start: number;
  query: string;
}

export function MentionTextarea(props: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const [active, setActive] = useState(0);
  const listId = `${props.id}-mentions`;
  const candidates = open ? mentionCandidates(props.members, open.query) : [];
  const showing = open !== null && candidates.length > 0;

  const look = () => {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart ?? el.value.length;
    const query = mentionQuery(el.value.slice(0, caret));
    if (query === null) {
      setOpen(null);
      return;
    }
    const start = caret - query.length - 1;
    if (!open || open.start !== start || open.query !== query) setActive(0);
    setOpen({ start, query });
  };

  const pick = (member: TimelineMember) => {
    const el = ref.current;
    if (!el || !open) return;
    const insert = `${mentionText(member)} `;
    const end = open.start + 1 + open.query.length;
    const next = el.value.slice(0, open.start) + insert + el.value.slice(end);
    props.onValue(next);
    setOpen(null);
    const caret = open.start + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && props.onSubmit) {
      event.preventDefault();
      props.onSubmit();
      return;
    }
    if (!showing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + candidates.length) % candidates.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(candidates[Math.min(active, candidates.length - 1)]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(null);
    }
  };

  return (
    <div class={cx("mention-field", props.class)}>
      <label class="visually-hidden" for={props.id}>{props.label}</label>
      <textarea
        ref={ref}
        id={props.id}
        class="textarea"
        rows={props.rows ?? 3}
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        required={props.required}
        maxLength={props.maxLength}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showing ? "true" : "false"}
        aria-controls={listId}
        aria-activedescendant={showing ? `${listId}-${active}` : undefined}
        onInput={(event) => {
          props.onValue((event.target as HTMLTextAreaElement).value);
          look();
        }}
        onKeyDown={onKeyDown}
        onClick={look}
        onBlur={() => setOpen(null)}
      />
      <ul id={listId} class="mention-list" role="listbox" aria-label="Teammates" hidden={!showing}>
        {candidates.map((member, i) => (
          <li
            key={member.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active ? "true" : "false"}
            class={cx("mention-option", i === active && "is-active")}
            onMouseDown={(event) => {
              // keep the focus in the textarea
              event.preventDefault();
              pick(member);
            }}
          >
            <Avatar name={member.name} size="xs" />
            <span class="mention-option-name">{member.name}</span>
            {member.handle && <span class="mention-option-handle">@{member.handle}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
