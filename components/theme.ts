// Theme names and storage shared by the pre-paint script and the toggle island.

export type Theme = "light" | "dark" | "system";

/** localStorage key holding the user's choice. */
export const THEME_STORAGE_KEY = "leadly-theme";

export const THEME_LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };

/** The toggle cycles light -> dark -> system -> light. */
export function nextTheme(theme: Theme): Theme {
  return theme === "light" ? "dark" : theme === "dark" ? "system" : "light";
}

export function parseTheme(value: string | null | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
