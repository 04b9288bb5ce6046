// <Head> lets a page or layout add <title>, <meta> or <link> to the document head. _app's <head>
// has already been rendered by the time the page runs, so children are collected during the
// render and inserted before </head> afterwards (see render.tsx). A <title> given here replaces
// the one _app wrote. In the browser (inside an island) it renders nothing.
import type { ComponentChildren } from "preact";
import { currentRender } from "./render-context.ts";

export function Head({ children }: { children?: ComponentChildren }): null {
  currentRender()?.head.push(children);
  return null;
}
