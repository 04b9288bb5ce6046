// The message composer: a textarea holding the markdown source, a formatting toolbar with shortcuts
// (Ctrl/Cmd+B bold, +I italic, +E code, +Shift+U link, +Shift+8 list), @mention autocomplete (team
// members and @channel; arrows move, Enter or Tab picks, Escape closes), Enter to send, Shift+Enter for a
// new line, ArrowUp in an empty composer to edit my last message, Escape to cancel an edit. With `csrf`
// set, files can be attached (paperclip, drop on the composer, paste): each uploads with its progress shown
// and then stands in the text as a markdown link (lib/chat/client/attachments.ts); Send waits for uploads.
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
} from "../../lib/chat/client/compose.ts";
import type { Member } from "../../lib/chat/client/types.ts";
import {
  fileMarkdown,
  filesOf,
  insertFile,
  progressLabel,
  type UploadedFile,
} from "../../lib/chat/client/attachments.ts";
import { precheck, uploadWithProgress } from "../../lib/files/client.ts";

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
  /** The page's CSRF token: attaching files is on when given. */
  csrf?: string;
}

interface Uploading {
  key: number;
  name: string;
  sent: number;
  total: number;
}

let uploadKeys = 0;

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
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const canAttach = props.csrf !== undefined;

  const upload = async (file: File) => {
    const refused = precheck(file);
    if (refused) return setProblem(refused);
    const key = ++uploadKeys;
    const update = (sent: number, total: number) =>
      setUploads((all) => all.map((u) => u.key === key ? { ...u, sent, total } : u));
    setUploads((all) => [...all, { key, name: file.name, sent: 0, total: file.size }]);
    const res = await uploadWithProgress<UploadedFile>("/api/v1/files", file, {}, props.csrf ?? "", update);
    setUploads((all) => all.filter((u) => u.key !== key));
    if (!res.ok || !res.data) return setProblem(res.error ?? "The file was not uploaded.");
    const el = ref.current;
    const value = el ? el.value : text;
    const caret = el ? el.selectionEnd ?? value.length : value.length;
    const next = insertFile(value, caret, fileMarkdown(res.data));
    setText(next.value);
    if (el) {
      el.value = next.value;
      el.setSelectionRange(next.caret, next.caret);
    }
  };

  const attach = (files: File[]) => {
    if (!canAttach || props.disabled || files.length === 0) return false;
    setProblem(null);
    for (const file of files) void upload(file);
    return true;
  };

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
    if (uploads.length > 0) return setProblem("Wait for the upload to finish.");
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
      <div
        class={cx("chat-composer-box", dragging && "is-dragging")}
        data-testid={canAttach ? `${props.id}-drop` : undefined}
        onDragEnter={(event) => {
          if (!canAttach || !event.dataTransfer?.types.includes("Files")) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => {
          if (!canAttach || !event.dataTransfer?.types.includes("Files")) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={(event) => {
          const to = event.relatedTarget as Node | null;
          if (!to || !event.currentTarget.contains(to)) setDragging(false);
        }}
        onDrop={(event) => {
          setDragging(false);
          if (!canAttach) return;
          const files = filesOf(event.dataTransfer);
          if (files.length === 0) return;
          event.preventDefault();
          attach(files);
        }}
      >
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
          onPaste={(event) => {
            if (attach(filesOf(event.clipboardData))) event.preventDefault();
          }}
        />
        {uploads.length > 0 && (
          <ul class="chat-uploads" aria-label="Uploading">
            {uploads.map((u) => (
              <li key={u.key} class="chat-upload">
                <span class="chat-upload-name">{u.name}</span>
                <progress max={u.total || 1} value={u.sent} aria-label={`Uploading ${u.name}`} />
                <span class="chat-upload-pct">{progressLabel(u.sent, u.total)}</span>
              </li>
            ))}
          </ul>
        )}
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
            {canAttach && (
              <>
                <button
                  type="button"
                  class="chat-tool chat-tool-attach"
                  title="Attach files (or drop them here)"
                  aria-label="Attach files"
                  disabled={props.disabled}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => fileInput.current?.click()}
                >
                  <ChatIcon name="clip" />
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  hidden
                  data-testid={`${props.id}-file`}
                  onChange={(event) => {
                    const input = event.currentTarget;
                    attach(Array.from(input.files ?? []));
                    input.value = "";
                  }}
                />
              </>
            )}
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
              disabled={props.disabled || text.trim() === "" || uploads.length > 0}
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
