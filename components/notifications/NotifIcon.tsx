// The few icons notifications need beyond components/ui/Icon.tsx (archive, snooze clock, mark unread),
// drawn the same way: 24px grid, stroked with the text color.
import type { JSX } from "preact";

export type NotifIconName = "archive" | "clock" | "unread" | "read" | "inbox";

const SHAPES: Record<NotifIconName, () => JSX.Element> = {
  archive: () => <path d="M4 5h16v4H4zM5.5 9v10h13V9M10 13h4" />,
  clock: () => (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v4.5l3 2" />
    </>
  ),
  unread: () => (
    <>
      <path d="M20 12.5V18a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h9" />
      <path d="m4.5 7 7.5 5.5 3.5-2.6" />
      <circle cx="19" cy="6" r="2.5" />
    </>
  ),
  read: () => <path d="m4 12.5 4.5 4.5L19 6.5M12 17l1 1 7-8" />,
  inbox: () => <path d="M4 13.5 6.5 5h11l2.5 8.5V19H4zM4 13.5h4.5l1.5 2.5h4l1.5-2.5H20" />,
};

export function NotifIcon({ name, label }: { name: NotifIconName; label?: string }) {
  return (
    <svg
      class="icon"
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
