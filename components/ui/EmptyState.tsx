// EmptyState: what goes here, why it is empty, and the one action that fills it.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";
import { Icon, type IconName } from "./Icon.tsx";

export interface EmptyStateProps {
  icon?: IconName;
  title: ComponentChildren;
  text?: ComponentChildren;
  /** Usually one primary Button, maybe a secondary one. */
  action?: ComponentChildren;
  class?: string;
}

export function EmptyState({ icon = "sparkles", title, text, action, class: extra }: EmptyStateProps) {
  return (
    <div class={cx("empty", extra)}>
      <span class="empty-icon">
        <Icon name={icon} size="lg" />
      </span>
      <h2 class="empty-title">{title}</h2>
      {text && <p class="empty-text">{text}</p>}
      {action && <div class="empty-action">{action}</div>}
    </div>
  );
}
