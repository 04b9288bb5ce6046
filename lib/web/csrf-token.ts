// In the browser: the CSRF token an island sends as x-csrf-token. Islands get it as a prop; those that may
// render without one read it from any of the page's forms (every signed-in page has one).
export function csrfToken(given?: string): string {
  if (given) return given;
  if (typeof document === "undefined") return "";
  return document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? "";
}
