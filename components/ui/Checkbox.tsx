// Checkbox with its label (and optional description) as one click target.
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { cx } from "./cx.ts";

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "class" | "label" | "type"> {
  label: ComponentChildren;
  description?: ComponentChildren;
  class?: string;
}

export function Checkbox({ label, description, class: extra, id, ...rest }: CheckboxProps) {
  const descriptionId = description && id ? `${id}-description` : undefined;
  return (
    <label class={cx("checkbox", extra)}>
      <input type="checkbox" id={id} aria-describedby={descriptionId} {...rest} />
      <span class="checkbox-text">
        <span class="checkbox-label">{label}</span>
        {description && <span class="checkbox-description" id={descriptionId}>{description}</span>}
      </span>
    </label>
  );
}
