// Cycles the color theme light -> dark -> system, remembers it in localStorage and sets
// data-theme on <html> (the stylesheet keys both themes off that attribute).
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { Icon, type IconName } from "@/components/ui/Icon.tsx";
import { nextTheme, parseTheme, type Theme, THEME_LABELS, THEME_STORAGE_KEY } from "@/components/theme.ts";

export interface ThemeToggleProps {
  /** "menu" renders a full-width menu row; "icon" a square header button. */
  variant?: "menu" | "icon";
}

const THEME_ICON: Record<Theme, IconName> = { light: "sun", dark: "moon", system: "monitor" };

function readStoredTheme(): Theme {
  try {
    return parseTheme(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system"; // storage blocked (private mode, policies)
  }
}

function applyTheme(theme: Theme) {
  document.documentElement.setAttribute("data-theme", theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not persisted, but still applied for this page.
  }
}

export default function ThemeToggle({ variant = "menu" }: ThemeToggleProps) {
  const theme = useSignal<Theme>("system");
  const hydrated = useSignal(false);

  useEffect(() => {
    theme.value = readStoredTheme();
    hydrated.value = true;
  }, []);

  const current = theme.value;
  const label = `Theme: ${THEME_LABELS[current]}. Switch to ${THEME_LABELS[nextTheme(current)].toLowerCase()}`;
  const onClick = () => {
    const next = nextTheme(theme.value);
    theme.value = next;
    applyTheme(next);
  };

  if (variant === "icon") {
    return (
      <button
        type="button"
        class="icon-button"
        onClick={onClick}
        disabled={!hydrated.value}
        aria-label={label}
        title={label}
      >
        <Icon name={THEME_ICON[current]} />
      </button>
    );
  }
  return (
    <button type="button" class="menu-item" onClick={onClick} disabled={!hydrated.value} aria-label={label}>
      <Icon name={THEME_ICON[current]} />
      Theme
      <span class="menu-item-end">{THEME_LABELS[current]}</span>
    </button>
  );
}
