// Renders a page to an HTML Response: _app > layouts > page, then adds what the render collected:
// <Head> content into <head>, and for islands the props script, the boot script (with the CSP
// nonce) and <link rel="modulepreload"> for every file the page's islands need.
import { type ComponentChildren, type ComponentType, Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { AnyProps, PageComponent } from "./types.ts";
import { type IslandUse, type RenderContext, withRenderContext } from "./render-context.ts";
import { type IslandBundle, RUNTIME_ENTRY } from "./bundle.ts";
import { serialize } from "./serialize.ts";
import { PROPS_ELEMENT_ID } from "./hydrate.ts";

export interface PageRender {
  /** Outermost first: [_app, ...layouts, page]. */
  components: PageComponent[];
  props: Omit<AnyProps, "Component">;
  nonce: string;
  bundle: IslandBundle | null;
  headers?: HeadersInit;
}

export function renderHtml(page: PageRender): Response {
  const context: RenderContext = { nonce: page.nonce, head: [], islands: [] };
  const Root = nest(page.components, page.props);
  let html = withRenderContext(context, () => renderToString(h(Root, null)));
  html = ensureDocument(html);
  html = injectHead(html, headHtml(context.head) + preloadLinks(context.islands, page.bundle));
  html = injectBody(html, islandScripts(context.islands, page.bundle, page.nonce));
  const headers = new Headers(page.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(html, { status: page.props.status, headers });
}

/** Each component gets the page props plus `Component`, the next one inwards. */
function nest(components: PageComponent[], props: Omit<AnyProps, "Component">): ComponentType {
  let Inner: ComponentType = () => null;
  for (const Outer of [...components].reverse()) {
    const Component: ComponentType = Inner;
    Inner = () => h(Outer as ComponentType<AnyProps>, { ...props, Component }) as VNode;
  }
  return Inner;
}

/** Without an _app the page is a fragment: give it a minimal document around it. */
function ensureDocument(html: string): string {
  if (/^\s*<html[\s>]/i.test(html)) return `<!DOCTYPE html>${html}`;
  if (/^\s*<!doctype/i.test(html)) return html;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${html}</body></html>`;
}

function headHtml(head: ComponentChildren[]): string {
  return head.length ? renderToString(h(Fragment, null, ...head)) : "";
}

function injectHead(html: string, extra: string): string {
  if (!extra) return html;
  const end = html.search(/<\/head>/i);
  if (end < 0) return extra + html;
  let head = html.slice(0, end);
  // A <title> from <Head> replaces the _app's default title.
  if (/<title[\s>]/i.test(extra)) head = head.replace(/<title[\s>][\s\S]*?<\/title>/i, "");
  return head + extra + html.slice(end);
}

function injectBody(html: string, extra: string): string {
  if (!extra) return html;
  const end = html.search(/<\/body>(?![\s\S]*<\/body>)/i);
  return end < 0 ? html + extra : html.slice(0, end) + extra + html.slice(end);
}

function usedNames(islands: IslandUse[]): string[] {
  return [...new Set(islands.map((island) => island.name))].sort();
}

function preloadLinks(islands: IslandUse[], bundle: IslandBundle | null): string {
  if (!islands.length || !bundle) return "";
  const urls = new Set<string>();
  for (const name of [RUNTIME_ENTRY, ...usedNames(islands)]) {
    urls.add(entryUrl(bundle, name));
    for (const url of bundle.imports.get(name) ?? []) urls.add(url);
  }
  return [...urls].map((url) => `<link rel="modulepreload" href="${url}">`).join("");
}

function entryUrl(bundle: IslandBundle, name: string): string {
  const url = bundle.entries.get(name);
  if (!url) throw new Error(`Island ${name} is not in the bundle; was routes.gen.ts regenerated?`);
  return url;
}

function islandScripts(islands: IslandUse[], bundle: IslandBundle | null, nonce: string): string {
  if (!islands.length) return "";
  if (!bundle) throw new Error("Islands were rendered before the island bundle was built");
  const names = usedNames(islands);
  const props = serializeProps(islands);
  const imports = names.map((name, i) => `import $${i} from "${entryUrl(bundle, name)}";`).join("");
  const map = names.map((name, i) => `${JSON.stringify(name)}:$${i}`).join(",");
  return `<script id="${PROPS_ELEMENT_ID}" type="application/json">${props}</script>` +
    `<script type="module" nonce="${nonce}">import{boot}from"${entryUrl(bundle, RUNTIME_ENTRY)}";` +
    `${imports}boot({${map}});</script>`;
}

/** All islands' props in one list, so one signal passed to two islands stays one signal. */
function serializeProps(islands: IslandUse[]): string {
  try {
    return serialize(islands.map((island) => island.props));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const names = usedNames(islands).join(", ");
    throw new TypeError(`Island props must be serializable (islands: ${names}): ${message}`);
  }
}
