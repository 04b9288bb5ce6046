// Avatar: initials on a color picked from the name, so a person keeps their color
// everywhere without storing one. Optional photo and presence dot.
import { cx } from "./cx.ts";

export type Presence = "online" | "away" | "busy" | "offline";

export interface AvatarProps {
  name: string;
  size?: "xs" | "sm" | "md" | "lg" | "xl";
  /** Square corners, for workspaces and companies. */
  square?: boolean;
  presence?: Presence;
  /** A person's id: their presence dot is kept live by the page (lib/presence/client.ts). */
  userId?: string | null;
  /** Photo URL; the initials stay as the fallback color behind it. */
  src?: string;
  class?: string;
  /**
   * Draw the initials with CSS (::before) instead of a text node: for controls whose aria-label names the
   * person, so the control carries no visible text its label lacks (WCAG 2.5.3, axe label-content-name-mismatch).
   */
  cssInitials?: boolean;
}

const PALETTE_SIZE = 8;

/** Up to two initials: first and last word, or the first two letters of one word. */
export function initials(name: string): string {
  const words = name.trim().split(/[\s@._-]+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : "";
  const chars = last ? [...first][0] + [...last][0] : [...first].slice(0, 2).join("");
  return chars.toUpperCase();
}

/** Stable palette index from a string (FNV-1a). */
export function colorIndex(name: string): number {
  let hash = 0x811c9dc5;
  for (const ch of name.trim().toLowerCase()) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PALETTE_SIZE;
}

const PRESENCE_LABEL: Record<Presence, string> = {
  online: "Online",
  away: "Away",
  busy: "Busy",
  offline: "Offline",
};

export function Avatar({ name, size = "md", square, presence, userId, src, class: extra, cssInitials }: AvatarProps) {
  return (
    <span
      class={cx(
        "avatar",
        size !== "md" && `avatar-${size}`,
        square && "avatar-square",
        `avatar-c${colorIndex(name)}`,
        extra,
      )}
      data-presence-user={userId || undefined}
    >
      {src
        ? <img src={src} alt="" loading="lazy" />
        : cssInitials
        ? <span aria-hidden="true" class="avatar-css-initials" data-initials={initials(name)} />
        : <span aria-hidden="true">{initials(name)}</span>}
      {presence && (
        <span class={cx("avatar-presence", `avatar-presence-${presence}`)}>
          <span class="visually-hidden">{PRESENCE_LABEL[presence]}</span>
        </span>
      )}
      {!presence && userId && (
        // Hidden until the page knows this person's presence.
        <span class="avatar-presence presence-unknown">
          <span class="visually-hidden"></span>
        </span>
      )}
    </span>
  );
}
