// Browser runtime (bundled by esbuild, never run on the server). The page's boot script does:
//   import { boot } from "/_islands/leadly-runtime-<hash>.js";
//   import $0 from "/_islands/Counter-<hash>.js";
//   boot({ Counter: $0 });
// Every <leadly-island data-island="Counter" data-i="3"> is hydrated with the 4th entry of the
// props list, which is decoded once for the whole page so shared signals stay shared.
import { type ComponentType, h, hydrate } from "preact";
import { deserialize } from "./serialize.ts";

export const PROPS_ELEMENT_ID = "__leadly_props";

export function boot(islands: Record<string, ComponentType>): void {
  const text = document.getElementById(PROPS_ELEMENT_ID)?.textContent ?? "[]";
  const propsList = deserialize(text) as Record<string, unknown>[];
  for (const element of document.querySelectorAll<HTMLElement>("leadly-island")) {
    const name = element.dataset.island ?? "";
    const component = islands[name];
    const props = propsList[Number(element.dataset.i)];
    if (!component || !props) {
      console.error(`leadly: no component or props for island ${name}`);
      continue;
    }
    try {
      hydrate(h(component, props), element);
    } catch (error) {
      // One broken island must not keep the others from working.
      console.error(`leadly: island ${name} failed to hydrate`, error);
    }
  }
}
