// A stage's color as one of a few CSS classes: the CSP forbids inline styles, and a fixed palette also keeps
// every color readable in both themes. Pure: used by the board island and the server-rendered pages.
import type { StageKind } from "../pipelines.ts";

export const STAGE_TONES = ["slate", "blue", "indigo", "violet", "pink", "amber", "green", "red", "teal"] as const;
export type StageTone = typeof STAGE_TONES[number];

/** The palette tone nearest to a "#rrggbb" color; won and lost stages without one get green and red. */
export function stageTone(color: string | null, kind: StageKind = "open"): StageTone {
  const match = color?.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  if (!match) return kind === "won" ? "green" : kind === "lost" ? "red" : "slate";
  const [r, g, b] = match.slice(1).map((h) => parseInt(h, 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const delta = max - min;
  if (delta < 0.16) return "slate";
  let hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  hue = (hue * 60 + 360) % 360;
  if (hue < 15 || hue >= 345) return "red";
  if (hue < 50) return "amber";
  if (hue < 165) return "green";
  if (hue < 195) return "teal";
  if (hue < 225) return "blue";
  if (hue < 250) return "indigo";
  if (hue < 290) return "violet";
  return "pink";
}

/** Colors the pipeline builder offers, one per tone (what new stages are saved with). */
export const STAGE_COLORS: Record<StageTone, string> = {
  slate: "#94a3b8",
  blue: "#60a5fa",
  indigo: "#818cf8",
  violet: "#c084fc",
  pink: "#f472b6",
  amber: "#f59e0b",
  green: "#22c55e",
  red: "#ef4444",
  teal: "#2dd4bf",
};
