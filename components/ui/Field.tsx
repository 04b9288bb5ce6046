// Field: label + control + hint + error, wired for screen readers. Controls get their
// aria attributes from `fieldAria`, so the hint and the error are read with the input.
import type { ComponentChildren } from "preact";
import { cx } from "./cx.ts";
import { Icon } from "./Icon.tsx";

export interface FieldProps {
  /** The control's id; the label points at it. */
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null;
  required?: boolean;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  class?: string;
  children: ComponentChildren;
}

/** Ids and aria attributes a control needs to be described by its hint and error. */
export function fieldAria(id: string, hint: unknown, error: string | null | undefined) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return {
    "aria-describedby": describedBy || undefined,
    "aria-invalid": error ? ("true" as const) : undefined,
  };
}

/** A stable id for a control from its name when the page gives none. */
export function controlId(id: string | undefined, name: string | undefined): string {
  return id ?? `f-${(name ?? "field").replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export function Field({ id, label, hint, error, required, optional, class: extra, children }: FieldProps) {
  return (
    <div class={cx("field", extra)}>
      <label class="field-label" for={id}>
        {label}
        {required && <span class="field-required" aria-hidden="true">*</span>}
        {optional && <span class="field-optional">(optional)</span>}
      </label>
      {children}
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="alert" size="sm" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
