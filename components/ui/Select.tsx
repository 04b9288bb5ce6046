// Native <select> with our chevron (drawn by an inline icon, not a data: URI, for the CSP).
import type { ComponentChildren, SelectHTMLAttributes } from "preact";
import { cx } from "./cx.ts";
import { controlId, Field, fieldAria } from "./Field.tsx";
import { Icon } from "./Icon.tsx";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "class" | "label" | "id" | "name" | "size" | "value"> {
  options: SelectOption[];
  value?: string;
  label?: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  /** Shown first with an empty value, e.g. "Choose a stage". */
  placeholder?: string;
  /** Marks the field "Optional" next to its label. */
  optional?: boolean;
  size?: "sm" | "md";
  id?: string;
  name?: string;
  class?: string;
}

export function Select(props: SelectProps) {
  const { options, value, label, hint, error, placeholder, optional, size = "md", class: extra, id, ...rest } = props;
  const selectId = controlId(id, rest.name);
  const control = (
    <span class={cx("select-wrap", extra)}>
      <select
        id={selectId}
        class={cx("select", size === "sm" && "select-sm")}
        {...fieldAria(selectId, hint, error)}
        {...rest}
      >
        {placeholder !== undefined && <option value="" selected={!value}>{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <Icon name="chevron-down" size="sm" class="select-icon" />
    </span>
  );
  if (label === undefined) return control;
  return (
    <Field id={selectId} label={label} hint={hint} error={error} required={Boolean(rest.required)} optional={optional}>
      {control}
    </Field>
  );
}
