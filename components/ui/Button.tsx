// Button, rendered as <a> when it navigates (href) and <button> when it acts.
import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { cx } from "./cx.ts";
import { Icon, type IconName } from "./Icon.tsx";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg";

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "class" | "size" | "icon"> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Renders a link styled as a button. */
  href?: string;
  /** Leading icon. */
  icon?: IconName;
  /** Trailing icon, e.g. "arrow-right" or "chevron-down". */
  iconEnd?: IconName;
  /** Square button with only the icon; pass `aria-label`. */
  iconOnly?: boolean;
  /** Full width. */
  block?: boolean;
  class?: string;
  children?: ComponentChildren;
}

export function buttonClass(
  { variant = "secondary", size = "md", iconOnly, block, class: extra }: Pick<
    ButtonProps,
    "variant" | "size" | "iconOnly" | "block" | "class"
  >,
): string {
  return cx(
    "btn",
    `btn-${variant}`,
    size !== "md" && `btn-${size}`,
    iconOnly && "btn-icon",
    block && "btn-block",
    extra,
  );
}

export function Button(props: ButtonProps) {
  const { variant, size, href, icon, iconEnd, iconOnly, block, class: extra, children, type, ...rest } = props;
  const className = buttonClass({ variant, size, iconOnly, block, class: extra });
  const iconSize = size === "sm" ? "sm" : "md";
  const content = (
    <>
      {icon && <Icon name={icon} size={iconSize} />}
      {children}
      {iconEnd && <Icon name={iconEnd} size={iconSize} />}
    </>
  );
  if (href !== undefined) {
    const disabled = Boolean(rest.disabled);
    return (
      <a
        class={className}
        href={disabled ? undefined : href}
        aria-disabled={disabled ? "true" : undefined}
        aria-label={rest["aria-label"]}
        title={rest.title}
        id={rest.id}
      >
        {content}
      </a>
    );
  }
  return (
    <button class={className} type={type ?? "button"} {...rest}>
      {content}
    </button>
  );
}
