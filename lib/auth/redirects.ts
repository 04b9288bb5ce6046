// Where to send someone after signing in: only paths on this site, never another origin.
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

export function loginUrl(next: string) {
  return next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`;
}
