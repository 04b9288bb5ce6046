// Composer logic on plain strings: markdown shortcuts around the selection, @mention autocomplete, and the
// mention encoding. The textarea shows "@Alice Adams"; what is sent is the protocol's
// "@[Alice Adams](user:<uuid>)" for every mention picked from the list (and "@channel" as is).
import type { Member } from "./types.ts";
import { UUID_PATTERN } from "@/lib/ids.ts";

/** `@[Name](user:<uuid>)`, the protocol's mention of one person (lib/chat/render.ts reads the same). */
const USER_MENTIONS = new RegExp(`@\\[([^\\]\\n]{1,120})\\]\\(user:(${UUID_PATTERN})\\)`, "gi");

export interface Edit {
  value: string;
  /** Selection after the edit. */
  start: number;
  end: number;
}

/** Wraps the selection in `mark` (e.g. "**"), or unwraps it when already wrapped; no selection inserts a pair. */
export function toggleWrap(value: string, start: number, end: number, mark: string, placeholder = ""): Edit {
  const before = value.slice(0, start);
  const selected = value.slice(start, end);
  const after = value.slice(end);
  if (before.endsWith(mark) && after.startsWith(mark)) {
    return {
      value: before.slice(0, -mark.length) + selected + after.slice(mark.length),
      start: start - mark.length,
      end: end - mark.length,
    };
  }
  if (selected.length > mark.length * 2 && selected.startsWith(mark) && selected.endsWith(mark)) {
    const inner = selected.slice(mark.length, -mark.length);
    return { value: before + inner + after, start, end: start + inner.length };
  }
  const inner = selected || placeholder;
  return {
    value: before + mark + inner + mark + after,
    start: start + mark.length,
    end: start + mark.length + inner.length,
  };
}

/** A code span for one line, a fenced block for several. */
export function toggleCode(value: string, start: number, end: number): Edit {
  const selected = value.slice(start, end);
  if (!selected.includes("\n")) return toggleWrap(value, start, end, "`", "code");
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before === "" || before.endsWith("\n") ? "" : "\n";
  const block = "```\n" + selected + "\n```";
  return {
    value: before + lead + block + after,
    start: start + lead.length + 4,
    end: start + lead.length + 4 + selected.length,
  };
}

/** `[text](https://)` with the URL part selected for typing. */
export function insertLink(value: string, start: number, end: number): Edit {
  const text = value.slice(start, end) || "link";
  const url = "https://";
  const inserted = `[${text}](${url})`;
  const urlStart = start + text.length + 3;
  return { value: value.slice(0, start) + inserted + value.slice(end), start: urlStart, end: urlStart + url.length };
}

/** Puts "- " in front of every selected line, or takes it away when all have it. */
export function toggleList(value: string, start: number, end: number): Edit {
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  const nextBreak = value.indexOf("\n", end);
  const lineEnd = nextBreak === -1 ? value.length : nextBreak;
  const lines = value.slice(lineStart, lineEnd).split("\n");
  const all = lines.every((l) => /^\s*[-*] /.test(l));
  const next = lines.map((l) => all ? l.replace(/^(\s*)[-*] /, "$1") : `- ${l}`).join("\n");
  const delta = next.length - (lineEnd - lineStart);
  return {
    value: value.slice(0, lineStart) + next + value.slice(lineEnd),
    start: all ? Math.max(lineStart, start - 2) : start + 2,
    end: end + delta,
  };
}

/** The text typed after an "@" right before the caret ("@ali" → "ali"), or null when not in a mention. */
export function mentionQuery(beforeCaret: string): string | null {
  const match = beforeCaret.match(/(?:^|[\s(])@([\p{L}\p{N}._-]{0,30})$/u);
  return match ? match[1] : null;
}

export type Candidate = { kind: "user"; member: Member } | { kind: "channel" };

/** People whose name (any word) starts with the query, then "@channel"; at most `limit`. */
export function mentionCandidates(members: Member[], query: string, meId: string, limit = 6): Candidate[] {
  const q = query.toLowerCase();
  const people = members
    .filter((m) => m.id !== meId)
    .filter((m) =>
      !q || m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || m.name.toLowerCase().startsWith(q)
    )
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((member): Candidate => ({ kind: "user", member }));
  const channel: Candidate[] = "channel".startsWith(q) || "everyone".startsWith(q) ? [{ kind: "channel" }] : [];
  return [...people.slice(0, limit - channel.length), ...channel];
}

/** Replaces the "@query" before the caret with the picked mention and a space. */
export function applyMention(value: string, caret: number, query: string, candidate: Candidate): Edit {
  const at = caret - query.length - 1;
  const text = candidate.kind === "channel" ? "@channel " : `@${candidate.member.name} `;
  const next = value.slice(0, at) + text + value.slice(caret);
  return { value: next, start: at + text.length, end: at + text.length };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "@Alice Adams" (picked from the list) → "@[Alice Adams](user:<id>)"; names not picked stay plain text. */
export function encodeMentions(text: string, picked: Member[]): string {
  const unique = [...new Map(picked.map((m) => [m.name, m])).values()].sort((a, b) => b.name.length - a.name.length);
  if (unique.length === 0) return text;
  const pattern = new RegExp(
    `(^|[^\\p{L}\\p{N}\\]])@(${unique.map((m) => escapeRegExp(m.name)).join("|")})(?![\\p{L}\\p{N}])`,
    "gu",
  );
  const byName = new Map(unique.map((m) => [m.name, m.id]));
  return text.replace(pattern, (_all, lead: string, name: string) => `${lead}@[${name}](user:${byName.get(name)})`);
}

/** The protocol's body back to what the textarea shows, with the mentions it contained. */
export function decodeMentions(body: string): { text: string; picked: Member[] } {
  const picked: Member[] = [];
  const text = body.replace(USER_MENTIONS, (_all, name: string, id: string) => {
    picked.push({ id, name });
    return `@${name}`;
  });
  return { text, picked };
}

export type BodyPart = { text: string } | { mention: string; userId: string | null };

/**
 * A message's source in parts, for showing it before the server rendered it (the outbox): text, and the
 * mentions (by name, and @channel) that become chips, as the server's rendering does (lib/chat/render.ts).
 */
export function mentionParts(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  const pattern = new RegExp(`${USER_MENTIONS.source}|(?<![\\w@.-])@channel(?![\\w-])`, "gi");
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    parts.push(match[1] ? { mention: match[1], userId: match[2].toLowerCase() } : { mention: "channel", userId: null });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** Client-side limit matching the server's (1..4000 characters after trimming). */
export const MAX_BODY = 4000;

export function bodyProblem(body: string): string | null {
  if (body.trim().length === 0) return "Write something first.";
  if (body.length > MAX_BODY) return `Messages can be up to ${MAX_BODY} characters (this one has ${body.length}).`;
  return null;
}
