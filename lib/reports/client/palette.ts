// The chart palette is the app's: CSS custom properties (--chart-1..8, --chart-text, --chart-grid in
// static/styles/reports.css, with dark-theme values), read at draw time so a theme switch redraws in the
// other theme's colours. Browser-only.
import type { ChartPalette } from "./chart-config.ts";

const SERIES = 8;
/** Used when the stylesheet has not loaded (never in a normal page). */
const FALLBACK = ["#5b5bd6", "#0e9f8e", "#e8850c", "#d6407a", "#2f80ed", "#8e5bd6", "#5a9e2f", "#c2410c"];

export function readPalette(element: Element = document.documentElement): ChartPalette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: Array.from({ length: SERIES }, (_, i) => read(`--chart-${i + 1}`, FALLBACK[i])),
    text: read("--chart-text", read("--text-2", "#5c5c6b")),
    grid: read("--chart-grid", read("--border", "#e4e4ea")),
    surface: read("--surface", "#ffffff"),
  };
}

/** Calls `redraw` when the theme changes (the toggle sets data-theme; "system" follows the OS). */
export function onThemeChange(redraw: () => void): () => void {
  const observer = new MutationObserver(redraw);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class"] });
  const media = matchMedia("(prefers-color-scheme: dark)");
  media.addEventListener("change", redraw);
  return () => {
    observer.disconnect();
    media.removeEventListener("change", redraw);
  };
}
