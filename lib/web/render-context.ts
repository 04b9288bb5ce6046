// What one server render collects while preact walks the tree: <Head> content and island props.
// renderToString is synchronous, so one module-level "current render" cannot mix two requests.
// Safe to import from browser code: there it is simply never set.
import type { ComponentChildren } from "preact";

export interface IslandUse {
  /** Island name, the key of its bundle entry (e.g. "Counter", "deals_Board"). */
  name: string;
  props: Record<string, unknown>;
}

export interface RenderContext {
  nonce: string;
  head: ComponentChildren[];
  islands: IslandUse[];
}

let current: RenderContext | null = null;

export function currentRender(): RenderContext | null {
  return current;
}

/** Runs a synchronous render with `context` as the current render. */
export function withRenderContext<T>(context: RenderContext, render: () => T): T {
  const previous = current;
  current = context;
  try {
    return render();
  } finally {
    current = previous;
  }
}
