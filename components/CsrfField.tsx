/** The hidden double-submit token every cookie-authenticated form posts back. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
