// The optional text input every record form repeats: value and error taken from the form state by name.
import { Input } from "../ui/Input.tsx";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";

/** Returns a `text(name, label, extraProps)` renderer bound to one form's values and errors. */
export function textFieldsFor(values: FormValues, errors: FieldErrors) {
  return (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Input label={label} name={name} value={values[name] ?? ""} error={errors[name]} optional {...extra} />
  );
}
