// Server side of islands: preact's `options.vnode` hook swaps every island component for a
// wrapper that renders <leadly-island data-island="Name" data-i="N"> around it and records its
// props, the way Fresh does it. Routes therefore import islands directly (../islands/Foo.tsx).
// The custom element has `display: contents`, so it does not affect layout; it is also what the
// browser runtime hydrates into. Limits: JSX `children` cannot be passed to an island (it could
// not be serialized; pass data instead), and an island inside an island is just a component of
// its parent (not marked again), as in Fresh.
import { type ComponentType, createContext, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { currentRender } from "./render-context.ts";

export const ISLAND_TAG = "leadly-island";

const InsideIsland = createContext(false);
const wrappers = new Map<ComponentType, ComponentType>();

/** Registers `component` (a default export of islands/) under `name`; idempotent. */
export function registerIsland(name: string, component: ComponentType): void {
  installHook();
  if (wrappers.has(component)) return;
  // deno-lint-ignore no-explicit-any
  const Island = (props: Record<string, any>) => renderIsland(name, component, props);
  Island.displayName = `Island(${name})`;
  wrappers.set(component, Island as ComponentType);
}

function renderIsland(name: string, component: ComponentType, props: Record<string, unknown>): VNode {
  const render = currentRender();
  const inside = useContext(InsideIsland);
  if (!render || inside) return unwrapped(component, props);
  if (isVNodeLike(props.children)) {
    throw new TypeError(`Island ${name}: JSX children cannot be sent to the browser; pass data props`);
  }
  const index = render.islands.push({ name, props }) - 1;
  const marker = { "data-island": name, "data-i": String(index), style: "display:contents" };
  return h(ISLAND_TAG, marker, h(InsideIsland.Provider, { value: true }, unwrapped(component, props))) as VNode;
}

/** h() runs the vnode hook, which would swap the island for its wrapper again: undo that. */
function unwrapped(component: ComponentType, props: Record<string, unknown>): VNode {
  const vnode = h(component, props);
  vnode.type = component;
  return vnode;
}

function isVNodeLike(children: unknown): boolean {
  const values = Array.isArray(children) ? children : [children];
  return values.some((child) => typeof child === "object" && child !== null && "type" in child && "props" in child);
}

let installed = false;

function installHook(): void {
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode) => {
    const wrapper = typeof vnode.type === "function" ? wrappers.get(vnode.type) : undefined;
    if (wrapper) vnode.type = wrapper;
    previous?.(vnode);
  };
}
