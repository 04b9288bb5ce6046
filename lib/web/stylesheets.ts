// The app's stylesheets in cascade order: the base one (tokens, themes, layout, components), then one per
// feature in static/styles/. The first twelve features were sections of styles.css, kept in its order so the
// split changed no rule's precedence. Used by routes/_app.tsx and scripts/ui-preview.tsx; static/sw.js
// precaches the same list.
export const FEATURE_STYLES = [
  "auth",
  "settings",
  "errors",
  "records",
  "lists",
  "search",
  "lead-pages",
  "activity",
  "deals",
  "task-pages",
  "import",
  "dashboard",
  "chat",
  "notifications",
  "presence",
  "notes",
  "files",
  "mobile",
  "money",
  "leads",
  "tasks",
  "credits",
  "scoring",
  "proposals",
  "semantic",
  "reports",
  "ai-writer",
  "reply",
  "enrich",
] as const;

/** Paths under static/, base first. */
export const STYLESHEETS: string[] = ["/styles.css", ...FEATURE_STYLES.map((name) => `/styles/${name}.css`)];
