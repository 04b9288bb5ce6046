// Colours of collaborators' carets and selections: picked from the user id, so a person keeps one colour in
// every note and on every screen without storing it. The palette reads on light and dark backgrounds.
export const CARET_COLORS = [
  "#d94f4f",
  "#d9822b",
  "#b8960b",
  "#3f9d4a",
  "#1f9e9e",
  "#3a7bd5",
  "#7a5bd6",
  "#c2459b",
] as const;

/** Stable colour for a user (FNV-1a over the id). */
export function caretColor(userId: string): string {
  let hash = 0x811c9dc5;
  for (const ch of userId) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return CARET_COLORS[(hash >>> 0) % CARET_COLORS.length];
}

/** The colour with an alpha channel, for the selection highlight behind other people's selections. */
export function selectionColor(color: string, alpha = 0.25): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255).toString(16).padStart(2, "0");
  return `#${hex}${a}`;
}
