// The report palette, in series order: the same colours for the same series on every chart (islands and PDF).
// Mid-tone colours that keep enough contrast on both the light and the dark theme.
export const CHART_COLORS = [
  "#4f46e5",
  "#0891b2",
  "#16a34a",
  "#d97706",
  "#db2777",
  "#7c3aed",
  "#0d9488",
  "#dc2626",
  "#65a30d",
  "#2563eb",
] as const;
