// @mentions in comments and notes: which teammates a text mentions, and the text split into tokens for rendering.
// Pure: the caller passes the team's members. Tokens carry plain strings, never HTML, so whatever renders them
// escapes text as usual and a name like "<b>" can never become markup.

export interface MentionMember {
  id: string;
  /** Display name, e.g. "Alice Martin": "@Alice Martin" and, when no one else shares it, "@Alice" match. */
  name: string;
  /** Short unique name, e.g. "alice" (the email's local part): "@alice" matches. */
  handle?: string | null;
}

export type MentionToken =
  | { type: "text"; text: string }
  /** text is what was written, "@" included; userId is the teammate it points at. */
  | { type: "mention"; text: string; userId: string };

export interface ParsedMentions {
  /** Mentioned teammates, each once, in the order they first appear. */
  userIds: string[];
  tokens: MentionToken[];
}

const WORD = /[\p{L}\p{N}_]/u;
const normalize = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Every way a member can be written after "@", longest first. A spelling shared by two members (two people
 * called Alice) points at no one: a mention must be unambiguous or it stays text.
 */
function aliasesOf(members: MentionMember[]): { alias: string; userId: string }[] {
  const owners = new Map<string, Set<string>>();
  const add = (alias: string, id: string) => {
    if (alias.length === 0) return;
    const set = owners.get(alias) ?? new Set<string>();
    set.add(id);
    owners.set(alias, set);
  };
  for (const member of members) {
    const name = normalize(member.name ?? "");
    add(name, member.id);
    const first = name.split(" ")[0];
    if (first !== name) add(first, member.id);
    if (member.handle) add(normalize(member.handle), member.id);
  }
  return [...owners].filter(([, ids]) => ids.size === 1)
    .map(([alias, ids]) => ({ alias, userId: [...ids][0] }))
    .sort((a, b) => b.alias.length - a.alias.length);
}

/** Finds "@name" / "@handle" mentions of the given members in text. Anything else stays text. */
export function parseMentions(text: string, members: MentionMember[]): ParsedMentions {
  const source = text.normalize("NFC");
  const aliases = aliasesOf(members);
  const tokens: MentionToken[] = [];
  const userIds: string[] = [];
  let plainStart = 0;
  let i = 0;
  while (i < source.length) {
    const at = source.indexOf("@", i);
    if (at < 0) break;
    i = at + 1;
    // "bob@example.com" is an address, not a mention
    if (at > 0 && WORD.test(source[at - 1])) continue;
    const match = matchAlias(source, at + 1, aliases);
    if (!match) continue;
    if (at > plainStart) tokens.push({ type: "text", text: source.slice(plainStart, at) });
    const end = at + 1 + match.length;
    tokens.push({ type: "mention", text: source.slice(at, end), userId: match.userId });
    if (!userIds.includes(match.userId)) userIds.push(match.userId);
    plainStart = i = end;
  }
  if (plainStart < source.length) tokens.push({ type: "text", text: source.slice(plainStart) });
  return { userIds, tokens };
}

function matchAlias(
  source: string,
  start: number,
  aliases: { alias: string; userId: string }[],
): { length: number; userId: string } | null {
  for (const { alias, userId } of aliases) {
    // compare the written text with single spaces, so "@Alice  Martin" (two spaces) is not a mention of
    // "Alice Martin" but "@Alice" still can be
    const candidate = source.slice(start, start + alias.length);
    if (candidate.toLowerCase() !== alias) continue;
    const next = source[start + alias.length];
    if (next !== undefined && (WORD.test(next) || next === "@")) continue;
    return { length: alias.length, userId };
  }
  return null;
}

/** The plain text again, e.g. for search or a notification preview. */
export function tokensToText(tokens: MentionToken[]): string {
  return tokens.map((t) => t.text).join("");
}
