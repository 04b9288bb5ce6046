// Inline SVG icon set drawn on a 24px grid with round 1.8px strokes that follow the
// text color. Inline (not a sprite file) so icons render with no extra request and
// need nothing from the CSP.
import type { JSX } from "preact";
import type { IconName } from "../../lib/icons.ts";

export type { IconName };

export interface IconProps {
  name: IconName;
  /** sm = 14px, md = 16px (default), lg = 20px. */
  size?: "sm" | "md" | "lg";
  /** Accessible name; without it the icon is decorative and hidden from screen readers. */
  label?: string;
  class?: string;
}

const SHAPES: Record<IconName, () => JSX.Element> = {
  home: () => <path d="M4 10.5 12 4l8 6.5V19a1 1 0 0 1-1 1h-4.5v-5.5h-5V20H5a1 1 0 0 1-1-1z" />,
  users: () => (
    <>
      <circle cx="9" cy="8" r="3.25" />
      <path d="M3 19.5c.6-3.2 3-5 6-5s5.4 1.8 6 5M15.5 5.2a3.2 3.2 0 0 1 0 6.1M17.5 14.8c1.8.6 3.1 2.2 3.5 4.7" />
    </>
  ),
  user: () => (
    <>
      <circle cx="12" cy="8" r="4" />
      <path d="M4.5 20.5c.8-3.8 3.8-6 7.5-6s6.7 2.2 7.5 6" />
    </>
  ),
  building: () => (
    <path d="M5 20V5a1 1 0 0 1 1-1h8a1 1 0 0 1 1 1v15M15 9h3a1 1 0 0 1 1 1v10M3 20h18M8.5 8h3M8.5 11.5h3M8.5 15h3" />
  ),
  target: () => (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <circle cx="12" cy="12" r="4.75" />
      <circle cx="12" cy="12" r="1" fill="currentColor" />
    </>
  ),
  kanban: () => (
    <>
      <rect x="3.5" y="4" width="4.5" height="15" rx="1.5" />
      <rect x="9.75" y="4" width="4.5" height="9.5" rx="1.5" />
      <rect x="16" y="4" width="4.5" height="12" rx="1.5" />
    </>
  ),
  "check-square": () => (
    <>
      <rect x="3.5" y="3.5" width="17" height="17" rx="3.5" />
      <path d="m8 12.3 2.8 2.8L16.2 9.5" />
    </>
  ),
  message: () => (
    <path d="M6.5 4h11A2.5 2.5 0 0 1 20 6.5v8a2.5 2.5 0 0 1-2.5 2.5H11l-4.5 3.5V17A2.5 2.5 0 0 1 4 14.5v-8A2.5 2.5 0 0 1 6.5 4z" />
  ),
  bell: () => <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15zM10 20.5a2.2 2.2 0 0 0 4 0" />,
  settings: () => (
    <>
      <path d="M18.95 10.14 21.48 10.5v3l-2.53.36a7.2 7.2 0 0 1-.71 1.74l1.53 2.04-2.13 2.13-2.04-1.53a7.2 7.2 0 0 1-1.74.71l-.36 2.53h-3l-.36-2.53a7.2 7.2 0 0 1-1.74-.71l-2.04 1.53-2.13-2.13 1.53-2.04a7.2 7.2 0 0 1-.71-1.74L2.52 13.5v-3l2.53-.36a7.2 7.2 0 0 1 .71-1.74L4.23 6.36l2.13-2.13L8.4 5.76a7.2 7.2 0 0 1 1.74-.71l.36-2.53h3l.36 2.53a7.2 7.2 0 0 1 1.74.71l2.04-1.53 2.13 2.13-1.53 2.04a7.2 7.2 0 0 1 .71 1.74z" />
      <circle cx="12" cy="12" r="2.75" />
    </>
  ),
  search: () => (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m20 20-4.3-4.3" />
    </>
  ),
  plus: () => <path d="M12 5v14M5 12h14" />,
  logout: () => <path d="M10 20H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h4M15 16l4-4-4-4M19 12H9" />,
  sun: () => (
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4" />
    </>
  ),
  moon: () => <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />,
  monitor: () => (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </>
  ),
  "chevron-down": () => <path d="m6 9 6 6 6-6" />,
  "chevron-right": () => <path d="m9 6 6 6-6 6" />,
  selector: () => <path d="m8 9 4-4 4 4M8 15l4 4 4-4" />,
  menu: () => <path d="M4 7h16M4 12h16M4 17h16" />,
  shield: () => <path d="M12 3 19.5 6v5.5c0 4.5-3.2 8.1-7.5 9.5-4.3-1.4-7.5-5-7.5-9.5V6zM9 12l2 2 4-4" />,
  lock: () => (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="2" />
      <path d="M8 10.5V8a4 4 0 0 1 8 0v2.5" />
    </>
  ),
  mail: () => (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3.5 7 8.5 6 8.5-6" />
    </>
  ),
  x: () => <path d="M6 6l12 12M18 6 6 18" />,
  check: () => <path d="m5 12.5 4.5 4.5L19 7.5" />,
  circle: () => <circle cx="12" cy="12" r="8" />,
  alert: () => (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5V13M12 16.5v.01" />
    </>
  ),
  info: () => (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5M12 7.5v.01" />
    </>
  ),
  sparkles: () => (
    <path d="m11 3 1.9 5.1L18 10l-5.1 1.9L11 17l-1.9-5.1L4 10l5.1-1.9zM18.5 14.5l.8 1.9 1.9.8-1.9.8-.8 1.9-.8-1.9-1.9-.8 1.9-.8z" />
  ),
  chart: () => <path d="M4 20h16M7 16v-4M12 16V7M17 16v-7" />,
  file: () => <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M9 13h6M9 17h4" />,
  "arrow-right": () => <path d="M5 12h14M13 6l6 6-6 6" />,
  edit: () => <path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />,
  trash: () => <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />,
  phone: () => (
    <path d="M5 4h3.5l1.7 4.3-2.2 1.4a11 11 0 0 0 6.3 6.3l1.4-2.2L20 15.5V19a1 1 0 0 1-1 1A16 16 0 0 1 4 5a1 1 0 0 1 1-1z" />
  ),
  calendar: () => (
    <>
      <rect x="3.5" y="5" width="17" height="15" rx="2" />
      <path d="M3.5 10h17M8 3v4M16 3v4" />
    </>
  ),
  download: () => <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  upload: () => <path d="M12 20V9M7 14l5-5 5 5M5 4h14" />,
};

export function Icon({ name, size = "md", label, class: className }: IconProps) {
  const classes = ["icon", size === "md" ? "" : `icon-${size}`, className ?? ""]
    .filter(Boolean).join(" ");
  return (
    <svg
      class={classes}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : "true"}
    >
      {SHAPES[name]()}
    </svg>
  );
}
