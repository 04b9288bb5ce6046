// Text-like input. With `label` it wraps itself in a Field; without, it is the bare control.
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { cx } from "./cx.ts";
import { controlId, Field, fieldAria } from "./Field.tsx";

export interface InputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "class" | "label" | "id" | "name" | "size"> {
  label?: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  optional?: boolean;
  size?: "sm" | "md";
  id?: string;
  name?: string;
  class?: string;
}

export function Input({ label, hint, error, optional, size = "md", class: extra, id, ...rest }: InputProps) {
  const inputId = controlId(id, rest.name);
  const control = (
    <input
      id={inputId}
      class={cx("input", size === "sm" && "input-sm", extra)}
      type="text"
      {...fieldAria(inputId, hint, error)}
      {...rest}
    />
  );
  if (label === undefined) return control;
  return (
    <Field id={inputId} label={label} hint={hint} error={error} required={Boolean(rest.required)} optional={optional}>
      {control}
    </Field>
  );
}
