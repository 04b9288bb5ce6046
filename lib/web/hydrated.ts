// Island authors keep controls `disabled` until hydrated, so browser tests and users never click a
// button that does nothing yet:  const ready = useHydrated(); <button disabled={!ready}>.
import { useEffect, useState } from "preact/hooks";

/** True in the browser, false during server rendering (Deno has no `document`). */
export const IS_BROWSER: boolean = typeof document !== "undefined";

/** False during SSR and the first client render, true once the island has hydrated. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
