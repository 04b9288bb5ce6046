// How a file under routes/ maps to a URL, following Fresh's conventions:
//   index.tsx -> "/", login.tsx -> "/login", settings/index.tsx -> "/settings",
//   teams/[id].tsx -> "/teams/:id", [[lang]]/about.tsx -> "/:lang?/about",
//   docs/[...rest].tsx -> "/docs" and "/docs/<anything>", (group)/x.tsx -> "/x".
// Special files (_app, _layout, _middleware, _error/_500, _404) apply to their folder's subtree.
// Other names starting with "_" (files or folders) are private helpers and never become routes.

export type RouteFileKind = "route" | "app" | "layout" | "middleware" | "error" | "notFound";

export interface RouteFile {
  kind: RouteFileKind;
  /** Manifest key, e.g. "./routes/teams/[id].tsx". */
  key: string;
  /** Folder of the file inside routes/, groups included: special files apply to this subtree. */
  folder: string[];
  /** Hono patterns that match this route (a catch-all needs two); the first is the canonical one. */
  patterns: string[];
  /** Sort key: static segments beat dynamic ones, which beat catch-alls. */
  rank: SegmentRank[];
}

/** [0 static | 1 param | 2 optional param | 3 catch-all, text for static segments]. */
export type SegmentRank = [number, string];

const SPECIAL_FILES: Record<string, RouteFileKind> = {
  _app: "app",
  _layout: "layout",
  _middleware: "middleware",
  _error: "error",
  _500: "error",
  _404: "notFound",
};

const ROUTE_EXTENSION = /\.(tsx|ts|jsx|js)$/;
const TEST_FILE = /([._]test|[._]bench)\.(tsx|ts|jsx|js)$/;

/** True when a file in routes/ or islands/ takes part in the app (not a test, not hidden). */
export function isModuleFile(name: string): boolean {
  return ROUTE_EXTENSION.test(name) && !TEST_FILE.test(name) && !name.startsWith(".");
}

/** The URL pattern of a route file path relative to routes/ ("teams/[id].tsx" -> "/teams/:id"). */
export function routePattern(relativePath: string): string {
  const parsed = parseRouteFile(relativePath);
  if (!parsed) throw new Error(`${relativePath} is not a route file`);
  return parsed.patterns[0];
}

/** Classifies a path relative to routes/ (forward slashes); null for private or non-module files. */
export function parseRouteFile(relativePath: string): RouteFile | null {
  const parts = relativePath.replace(/^\.?\//, "").split("/");
  const fileName = parts.pop()!;
  if (!isModuleFile(fileName)) return null;
  const baseName = fileName.replace(ROUTE_EXTENSION, "");
  const key = `./routes/${[...parts, fileName].join("/")}`;
  if (parts.some((folder) => folder.startsWith("_") || folder.startsWith("."))) return null;

  const special = SPECIAL_FILES[baseName];
  if (special) return { kind: special, key, folder: parts, patterns: [folderPattern(parts)], rank: [] };
  if (baseName.startsWith("_")) return null;

  const segments = baseName === "index" ? parts : [...parts, baseName];
  return { kind: "route", key, folder: parts, patterns: patternsFor(segments), rank: rankOf(segments) };
}

function isGroup(segment: string): boolean {
  return segment.startsWith("(") && segment.endsWith(")");
}

/** "/teams/:id" for a folder; used to scope middleware and 404 pages. */
function folderPattern(folder: string[]): string {
  return "/" + folder.filter((s) => !isGroup(s)).map(toHonoSegment).join("/");
}

function patternsFor(segments: string[]): string[] {
  const urlSegments = segments.filter((s) => !isGroup(s));
  const last = urlSegments.at(-1);
  const catchAll = last?.match(/^\[\.\.\.(\w+)\]$/);
  const path = "/" + urlSegments.map(toHonoSegment).join("/");
  if (!catchAll) return [path];
  // "[...rest]" also matches its folder itself, with rest = "".
  const folder = "/" + urlSegments.slice(0, -1).map(toHonoSegment).join("/");
  return [path, folder];
}

function toHonoSegment(segment: string): string {
  let match = segment.match(/^\[\.\.\.(\w+)\]$/);
  if (match) return `:${match[1]}{.+}`;
  match = segment.match(/^\[\[(\w+)\]\]$/);
  if (match) return `:${match[1]}?`;
  match = segment.match(/^\[(\w+)\]$/);
  if (match) return `:${match[1]}`;
  if (/[\[\]]/.test(segment)) {
    throw new Error(`Route segment "${segment}": a parameter must fill the whole segment, e.g. [id]`);
  }
  return segment;
}

function rankOf(segments: string[]): SegmentRank[] {
  return segments.filter((s) => !isGroup(s)).map((segment): SegmentRank => {
    if (segment.startsWith("[...")) return [3, ""];
    if (segment.startsWith("[[")) return [2, ""];
    if (segment.startsWith("[")) return [1, ""];
    return [0, segment];
  });
}

/**
 * Orders routes so that Hono, which tries routes in registration order, picks the most specific:
 * at the first differing segment a static name beats a parameter, which beats a catch-all.
 */
export function compareRoutes(a: RouteFile, b: RouteFile): number {
  const length = Math.max(a.rank.length, b.rank.length);
  for (let i = 0; i < length; i++) {
    const left = a.rank[i];
    const right = b.rank[i];
    if (!left || !right) return left ? 1 : -1; // the shorter path first: it cannot shadow the longer
    if (left[0] !== right[0]) return left[0] - right[0];
    if (left[1] !== right[1]) return left[1] < right[1] ? -1 : 1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
