// Pure helpers of the notes list: the filter in the URL and the API query, and the folder tree.

export interface NotesFilter {
  view: "all" | "favorite" | "recent" | "shared" | "template";
  folder: string;
  tag: string;
  q: string;
}

const VIEWS = new Set(["all", "favorite", "recent", "shared", "template"]);

export function parseFilter(search: string): NotesFilter {
  const params = new URLSearchParams(search);
  const view = params.get("filter") ?? "all";
  return {
    view: (VIEWS.has(view) ? view : "all") as NotesFilter["view"],
    folder: params.get("folder") ?? "",
    tag: params.get("tag") ?? "",
    q: (params.get("q") ?? "").slice(0, 200),
  };
}

/** The API's query string (GET /api/v1/notes), or with `forUrl` the page's own. */
export function listQuery(filter: NotesFilter, { forUrl = false } = {}): string {
  const params = new URLSearchParams();
  if (forUrl) {
    if (filter.view !== "all") params.set("filter", filter.view);
    if (filter.folder) params.set("folder", filter.folder);
  } else {
    if (filter.view === "favorite") params.set("favorite", "1");
    if (filter.view === "recent") params.set("recent", "1");
    if (filter.view === "shared") params.set("shared", "1");
    if (filter.view === "template") params.set("template", "1");
    if (filter.folder) params.set("folder_id", filter.folder);
    params.set("limit", "100");
  }
  if (filter.tag) params.set("tag", filter.tag);
  if (filter.q) params.set("q", filter.q);
  return params.toString();
}

export interface Folder {
  id: string;
  name: string;
  parent_id: string | null;
}

export interface FolderNode extends Folder {
  children: FolderNode[];
}

/** Folders as a tree, siblings by name; a folder whose parent is missing (or a cycle) becomes a root. */
export function buildFolderTree(folders: Folder[]): FolderNode[] {
  const nodes = new Map<string, FolderNode>(folders.map((f) => [f.id, { ...f, children: [] }]));
  const roots: FolderNode[] = [];
  const reachesSelf = (node: FolderNode) => {
    const seen = new Set<string>();
    for (let at: FolderNode | undefined = node; at?.parent_id; at = nodes.get(at.parent_id)) {
      if (seen.has(at.id)) return true;
      seen.add(at.id);
    }
    return false;
  };
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    if (parent && !reachesSelf(node)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: FolderNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** "5 min ago", "yesterday", "12 Mar". */
export function relativeTime(iso: string, now = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return "";
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 2 * 86400) return "yesterday";
  if (seconds < 7 * 86400) return `${Math.floor(seconds / 86400)} days ago`;
  return then.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: then.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
}
