// Multi-line text. With `label` it wraps itself in a Field.
import type { ComponentChildren, TextareaHTMLAttributes } from "preact";
import { cx } from "./cx.ts";
import { controlId, Field, fieldAria } from "./Field.tsx";

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "class" | "label" | "id" | "name"> {
  label?: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  optional?: boolean;
  id?: string;
  name?: string;
  class?: string;
}

export function Textarea({ label, hint, error, optional, class: extra, id, ...rest }: TextareaProps) {
  const textareaId = controlId(id, rest.name);
  const control = (
    <textarea
      id={textareaId}
      class={cx("textarea", extra)}
      rows={4}
      {...fieldAria(textareaId, hint, error)}
      {...rest}
    />
  );
  if (label === undefined) return control;
  return (
    <Field
      id={textareaId}
      label={label}
      hint={hint}
      error={error}
      required={Boolean(rest.required)}
      optional={optional}
    >
      {control}
    </Field>
  );
}
