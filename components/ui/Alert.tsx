// Alert: a message in one of four tones. Errors interrupt screen readers (role="alert");
// the others are announced politely (role="status").
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";
import { Icon, type IconName } from "./Icon.tsx";

export type AlertTone = "info" | "success" | "warning" | "error";

export interface AlertProps {
  tone?: AlertTone;
  title?: ComponentChildren;
  class?: string;
  children?: ComponentChildren;
}

const TONE_ICON: Record<AlertTone, IconName> = {
  info: "info",
  success: "check",
  warning: "alert",
  error: "alert",
};

export function Alert({ tone = "info", title, class: extra, children }: AlertProps) {
  return (
    <div class={cx("alert", `alert-${tone}`, extra)} role={tone === "error" ? "alert" : "status"}>
      <Icon name={TONE_ICON[tone]} />
      <div class="alert-body">
        {title && <p class="alert-title">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
