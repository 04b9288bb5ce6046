// Badge: a short status or count label.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger" | "info";

export interface BadgeProps {
  tone?: BadgeTone;
  /** A leading colored dot, for statuses. */
  dot?: boolean;
  outline?: boolean;
  class?: string;
  children: ComponentChildren;
}

export function Badge({ tone = "neutral", dot, outline, class: extra, children }: BadgeProps) {
  return (
    <span
      class={cx("badge", tone !== "neutral" && `badge-${tone}`, dot && "badge-dot", outline && "badge-outline", extra)}
    >
      {children}
    </span>
  );
}
