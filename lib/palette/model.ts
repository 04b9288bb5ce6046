// The command palette's model, free of DOM and server code so the island, the /search page and unit
// tests share it: record-type display names and icons, the quick commands, the recent-items list and
// how the visible options are grouped and ordered.
import type { IconName } from "../icons.ts";

/** One search hit as /api/v1/search answers it. */
export interface SearchHitView {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  url: string;
  rank?: number;
}

export interface TypeMeta {
  /** Group heading, plural. */
  label: string;
  /** Singular, for screen-reader labels ("Company: Acme"). */
  singular: string;
  icon: IconName;
}

export const TYPE_META: Record<string, TypeMeta> = {
  contact: { label: "Contacts", singular: "Contact", icon: "user" },
  company: { label: "Companies", singular: "Company", icon: "building" },
  lead: { label: "Leads", singular: "Lead", icon: "target" },
  deal: { label: "Deals", singular: "Deal", icon: "kanban" },
  task: { label: "Tasks", singular: "Task", icon: "check-square" },
};

export const typeMeta = (type: string): TypeMeta =>
  TYPE_META[type] ?? { label: type, singular: type, icon: "file" as IconName };

export interface PaletteCommand {
  id: string;
  label: string;
  icon: IconName;
  /** Extra words the filter matches ("new", "add"). */
  keywords: string;
  /** Where it goes; commands without one run an action (toggle theme). */
  href?: string;
  action?: "toggle-theme";
  /** Workspace module that must be on for the command to show; none = always shown. */
  module?: string;
}

export const COMMANDS: PaletteCommand[] = [
  { id: "create-contact", label: "Create contact", icon: "plus", keywords: "new add person", href: "/contacts/new" },
  { id: "create-company", label: "Create company", icon: "plus", keywords: "new add account", href: "/companies/new" },
  // One "Go to" per page of the sidebar and the phone's "More" sheet (components/layout/nav.ts).
  { id: "go-home", label: "Go to Home", icon: "home", keywords: "dashboard start open", href: "/" },
  {
    id: "go-contacts",
    label: "Go to Contacts",
    icon: "users",
    keywords: "people open",
    href: "/contacts",
    module: "contacts",
  },
  {
    id: "go-companies",
    label: "Go to Companies",
    icon: "building",
    keywords: "accounts open",
    href: "/companies",
    module: "companies",
  },
  { id: "go-leads", label: "Go to Leads", icon: "target", keywords: "prospects open", href: "/leads", module: "leads" },
  {
    id: "go-deals",
    label: "Go to Deals",
    icon: "kanban",
    keywords: "pipeline board open",
    href: "/deals",
    module: "deals",
  },
  {
    id: "go-deals-list",
    label: "Go to Deals list",
    icon: "kanban",
    keywords: "pipeline table open",
    href: "/deals/list",
    module: "deals",
  },
  {
    id: "go-tasks",
    label: "Go to Tasks",
    icon: "check-square",
    keywords: "todo open",
    href: "/tasks",
    module: "tasks",
  },
  {
    id: "go-chat",
    label: "Go to Chat",
    icon: "message",
    keywords: "messages channels open",
    href: "/chat",
    module: "chat",
  },
  {
    id: "go-notes",
    label: "Go to Notes",
    icon: "file",
    keywords: "documents docs open",
    href: "/notes",
    module: "notes",
  },
  {
    id: "go-reports",
    label: "Go to Reports",
    icon: "chart",
    keywords: "charts analytics open",
    href: "/reports",
  },
  {
    id: "go-dashboards",
    label: "Go to Dashboards",
    icon: "chart",
    keywords: "charts analytics kpi pipeline forecast open",
    href: "/reports/dashboards",
  },
  {
    id: "go-notifications",
    label: "Go to Notifications",
    icon: "bell",
    keywords: "inbox alerts mentions open",
    href: "/notifications",
  },
  { id: "settings", label: "Settings", icon: "settings", keywords: "preferences profile account", href: "/settings" },
  {
    id: "go-pipelines",
    label: "Go to Pipeline settings",
    icon: "kanban",
    keywords: "stages edit deals settings",
    href: "/settings/pipelines",
    module: "deals",
  },
  {
    id: "toggle-theme",
    label: "Toggle theme",
    icon: "moon",
    keywords: "dark light mode appearance",
    action: "toggle-theme",
  },
];

/** Lower-cased words of letters and digits, as the server's prefix search splits them. */
export function queryWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The commands of a workspace with these modules on; `undefined` means every module is on. */
export function commandsFor(modules?: string[]): PaletteCommand[] {
  return COMMANDS.filter((command) => !command.module || !modules || modules.includes(command.module));
}

/** Commands whose label or keywords have a word starting with every typed word; all when empty. */
export function filterCommands(query: string, commands: PaletteCommand[] = COMMANDS): PaletteCommand[] {
  const words = queryWords(query);
  if (words.length === 0) return commands;
  return commands.filter((command) => {
    const haystack = queryWords(`${command.label} ${command.keywords}`);
    return words.every((word) => haystack.some((h) => h.startsWith(word)));
  });
}

// Recent items ---------------------------------------------------------------------------------

export const RECENT_LIMIT = 6;
export const recentKey = (teamId: string) => `leadly-palette-recent:${teamId}`;

/** Parses what localStorage held; anything malformed is dropped rather than trusted. */
export function parseRecent(raw: string | null): SearchHitView[] {
  try {
    const value = JSON.parse(raw ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter((item): item is SearchHitView =>
      typeof item?.type === "string" && typeof item?.id === "string" && typeof item?.title === "string" &&
      typeof item?.url === "string" && item.url.startsWith("/") && !item.url.startsWith("//")
    ).slice(0, RECENT_LIMIT).map(({ type, id, title, subtitle, url }) => ({
      type,
      id,
      title,
      subtitle: typeof subtitle === "string" ? subtitle : null,
      url,
    }));
  } catch {
    return [];
  }
}

/** The list with `hit` moved (or added) to the front. */
export function pushRecent(list: SearchHitView[], hit: SearchHitView): SearchHitView[] {
  const { type, id, title, subtitle, url } = hit;
  const rest = list.filter((item) => !(item.type === type && item.id === id));
  return [{ type, id, title, subtitle, url }, ...rest].slice(0, RECENT_LIMIT);
}

// Grouping ---------------------------------------------------------------------------------------

export type PaletteOption =
  | { kind: "record"; key: string; hit: SearchHitView; recent?: boolean }
  | { kind: "command"; key: string; command: PaletteCommand }
  | { kind: "all"; key: string; query: string };

export interface PaletteGroup {
  id: string;
  label: string;
  options: PaletteOption[];
}

export const PER_GROUP = 5;

/** Hits grouped by type; groups ordered by their best hit (the API answers best first). */
export function groupHits(hits: SearchHitView[], perGroup = PER_GROUP): PaletteGroup[] {
  const groups = new Map<string, PaletteGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.type);
    if (!group) {
      group = { id: `type-${hit.type}`, label: typeMeta(hit.type).label, options: [] };
      groups.set(hit.type, group);
    }
    if (group.options.length < perGroup) {
      group.options.push({ kind: "record", key: `${hit.type}:${hit.id}`, hit });
    }
  }
  return [...groups.values()];
}

/** Everything the palette lists for a query: recent items or hits, then matching commands. */
export function paletteGroups(
  query: string,
  hits: SearchHitView[],
  recent: SearchHitView[],
  commands: PaletteCommand[] = COMMANDS,
): PaletteGroup[] {
  const trimmed = query.trim();
  const groups: PaletteGroup[] = [];
  if (trimmed === "") {
    if (recent.length) {
      groups.push({
        id: "recent",
        label: "Recent",
        options: recent.map((hit) => ({ kind: "record", key: `recent:${hit.type}:${hit.id}`, hit, recent: true })),
      });
    }
  } else {
    groups.push(...groupHits(hits));
  }
  const matching = filterCommands(trimmed, commands);
  if (matching.length) {
    groups.push({
      id: "commands",
      label: "Commands",
      options: matching.map((command) => ({ kind: "command", key: `command:${command.id}`, command })),
    });
  }
  if (trimmed !== "" && hits.length) {
    groups.push({ id: "all", label: "More", options: [{ kind: "all", key: "all", query: trimmed }] });
  }
  return groups;
}

/** Index of the first option of the next (or previous) group after the one holding `active`. */
export function nextGroupStart(groups: PaletteGroup[], active: number, direction: 1 | -1): number {
  const starts: number[] = [];
  let total = 0;
  for (const group of groups) {
    starts.push(total);
    total += group.options.length;
  }
  if (total === 0) return -1;
  let current = 0;
  for (let i = 0; i < starts.length; i++) if (active >= starts[i]) current = i;
  const next = (current + direction + starts.length) % starts.length;
  return starts[next];
}

export const searchPageUrl = (query: string) => `/search?q=${encodeURIComponent(query)}`;
