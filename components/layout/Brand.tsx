// The Leadly mark and wordmark. The mark's geometry matches scripts/icons.ts, which
// draws the same shapes into the PNG app icons.
import { cx } from "../ui/cx.ts";

export interface LogoMarkProps {
  class?: string;
}

export function LogoMark({ class: extra }: LogoMarkProps) {
  return (
    <svg class={cx("brand-mark", extra)} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="leadly-mark-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#6e6ef0" />
          <stop offset="1" stop-color="#8b4ff0" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#leadly-mark-gradient)" />
      <path
        d="M11.5 9v13h9.5"
        fill="none"
        stroke="#fff"
        stroke-width="4"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
      <circle cx="21" cy="11" r="2.75" fill="#fff" fill-opacity="0.85" />
    </svg>
  );
}

export interface BrandProps {
  href?: string;
  size?: "md" | "lg";
  class?: string;
}

/** Mark + "Leadly", linking home. */
export function Brand({ href = "/", size = "md", class: extra }: BrandProps) {
  return (
    <a class={cx("brand", size === "lg" && "brand-lg", extra)} href={href} aria-label="Leadly home">
      <LogoMark />
      <span class="brand-name">Leadly</span>
    </a>
  );
}
