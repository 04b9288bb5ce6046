/** Joins class names, skipping empty ones, so components can take an extra `class`. */
export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
