// Pure parts of the editor's three pop-up menus: "@" teammates, "#" records, "/" commands.

export interface Member {
  id: string;
  name: string;
  email?: string | null;
}

export interface RecordItem {
  id: string;
  label: string;
  recordType: "deal" | "contact" | "company";
  subtitle: string | null;
}

export type SlashCommandId =
  | "h1"
  | "h2"
  | "h3"
  | "bullet"
  | "ordered"
  | "task"
  | "table"
  | "code"
  | "quote"
  | "divider"
  | "image-url"
  | "image-upload";

export interface SlashCommand {
  id: SlashCommandId;
  title: string;
  hint: string;
  keywords: string[];
}

export const SLASH_COMMANDS: SlashCommand[] = [
  { id: "h1", title: "Heading 1", hint: "Big section title", keywords: ["title", "h1", "heading"] },
  { id: "h2", title: "Heading 2", hint: "Medium section title", keywords: ["subtitle", "h2", "heading"] },
  { id: "h3", title: "Heading 3", hint: "Small section title", keywords: ["h3", "heading"] },
  { id: "bullet", title: "Bulleted list", hint: "A simple list", keywords: ["ul", "unordered", "list", "bullet"] },
  { id: "ordered", title: "Numbered list", hint: "A list with numbers", keywords: ["ol", "ordered", "list", "number"] },
  { id: "task", title: "Task list", hint: "Check items off", keywords: ["todo", "checklist", "check", "task"] },
  { id: "table", title: "Table", hint: "3 × 3 table with a header row", keywords: ["table", "grid"] },
  { id: "code", title: "Code block", hint: "Code with highlighting", keywords: ["code", "snippet", "pre"] },
  { id: "quote", title: "Quote", hint: "A quotation", keywords: ["quote", "blockquote", "citation"] },
  { id: "divider", title: "Divider", hint: "A horizontal line", keywords: ["hr", "rule", "line", "divider"] },
  {
    id: "image-url",
    title: "Image from a link",
    hint: "Paste an image address",
    keywords: ["image", "picture", "url"],
  },
  { id: "image-upload", title: "Upload image", hint: "From this device", keywords: ["image", "upload", "photo"] },
];

const norm = (text: string) => text.toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/** Does any word of `text` start with `query` (or the whole text, for queries with spaces)? */
export function wordPrefixMatch(text: string, query: string): boolean {
  const q = norm(query.trim());
  if (!q) return true;
  const t = norm(text);
  if (t.startsWith(q)) return true;
  return t.split(/[\s@._-]+/).some((word) => word.startsWith(q));
}

/** Teammates for "@query": prefix matches on name words or email, at most `limit`, never `excludeId`. */
export function filterMembers(members: Member[], query: string, limit = 8, excludeId?: string): Member[] {
  const hits = members.filter((m) =>
    m.id !== excludeId && (wordPrefixMatch(m.name, query) || wordPrefixMatch(m.email ?? "", query))
  );
  // Names that start with the query first, then alphabetical.
  const q = norm(query.trim());
  hits.sort((a, b) => {
    const aa = norm(a.name).startsWith(q) ? 0 : 1;
    const bb = norm(b.name).startsWith(q) ? 0 : 1;
    return aa - bb || a.name.localeCompare(b.name);
  });
  return hits.slice(0, limit);
}

/** Commands for "/query". */
export function filterCommands(query: string, { canUpload = false } = {}): SlashCommand[] {
  return SLASH_COMMANDS.filter((c) =>
    (canUpload || c.id !== "image-upload") &&
    (wordPrefixMatch(c.title, query) || c.keywords.some((k) => wordPrefixMatch(k, query)))
  );
}

const RECORD_TYPES = new Set(["deal", "contact", "company"]);

/** Hits of GET /api/v1/search (type, id, title, subtitle) that can be linked with "#". */
export function recordItems(hits: unknown): RecordItem[] {
  if (!Array.isArray(hits)) return [];
  const out: RecordItem[] = [];
  for (const hit of hits) {
    if (!hit || typeof hit !== "object") continue;
    const { type, id, title, subtitle } = hit as Record<string, unknown>;
    if (typeof type !== "string" || !RECORD_TYPES.has(type) || typeof id !== "string") continue;
    out.push({
      id,
      recordType: type as RecordItem["recordType"],
      label: typeof title === "string" && title.trim() ? title.trim() : "Untitled",
      subtitle: typeof subtitle === "string" && subtitle ? subtitle : null,
    });
  }
  return out;
}

/** Search URL for "#query". */
export function recordSearchUrl(query: string, limit = 8): string {
  const params = new URLSearchParams({ q: query.trim(), types: "deal,contact,company", limit: String(limit) });
  return `/api/v1/search?${params}`;
}

/** Arrow-key movement through a menu of `count` items, wrapping around. */
export function moveIndex(index: number, count: number, step: 1 | -1): number {
  if (count <= 0) return 0;
  return (((index + step) % count) + count) % count;
}

/** Only http(s) image addresses (no javascript:, no data:), or same-origin paths. */
export function safeImageUrl(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Links typed into the link prompt: http(s), mailto, tel, or same-origin paths; bare domains get https://. */
export function safeLinkUrl(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  if (/^[\w.-]+\.[a-z]{2,}(\/.*)?$/i.test(text)) return `https://${text}`;
  try {
    const url = new URL(text);
    return ["https:", "http:", "mailto:", "tel:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
