// `asset("/styles.css")` -> "/styles.css?v=<build id>": a URL that changes whenever static/
// changes, so the static server can let browsers cache it forever (immutable). The build id is a
// hash of static/'s contents, set when the web app starts. Use it in server-rendered markup.
let buildId = "dev";

export function asset(path: string): string {
  // Only local absolute paths are ours to version; leave external and relative URLs alone.
  if (!path.startsWith("/") || path.startsWith("//")) return path;
  return `${path}${path.includes("?") ? "&" : "?"}v=${buildId}`;
}

export function setBuildId(id: string): void {
  buildId = id;
}

export function getBuildId(): string {
  return buildId;
}
