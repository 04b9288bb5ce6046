// The lead form's fields, shared by "new" and "edit". Status is not here: it moves only through the status flow.
import { textFieldsFor } from "./text-field.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Textarea } from "../ui/Textarea.tsx";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";
import type { Option } from "./ContactFields.tsx";

export interface LeadFieldsProps {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
}

export function LeadFields({ values, errors, members }: LeadFieldsProps) {
  const text = textFieldsFor(values, errors);
  return (
    <div class="stack">
      {errors._form && <p class="field-error" role="alert">{errors._form}</p>}
      <Input
        label="Business name"
        name="business_name"
        required
        autofocus
        maxLength={200}
        value={values.business_name ?? ""}
        error={errors.business_name}
      />
      <div class="form-row">
        {text("contact_name", "Contact name", { autocomplete: "name" })}
        {text("email", "Email", { type: "email", autocomplete: "email" })}
      </div>
      <div class="form-row">
        {text("phone", "Phone", { type: "tel", autocomplete: "tel" })}
        {text("website", "Website", { type: "url", placeholder: "https://" })}
      </div>
      <div class="form-row">
        {text("industry", "Industry")}
        {text("source", "Source", { placeholder: "e.g. referral, csv, scraping" })}
      </div>
      <div class="form-row">
        {text("city", "City")}
        {text("country", "Country")}
      </div>
      <div class="form-row">
        {text("value", "Value", { type: "number", min: 0, step: "0.01", hint: "What winning it is worth" })}
        {text("currency", "Currency", {
          maxLength: 3,
          placeholder: "USD",
          hint: "Three letters; empty for the team's",
        })}
      </div>
      <div class="form-row">
        {text("score", "Score", { type: "number", min: 0, max: 100, hint: "0 to 100" })}
        <Select
          label="Owner"
          name="owner_id"
          placeholder="Nobody"
          options={members}
          value={values.owner_id ?? ""}
          error={errors.owner_id}
          optional
        />
      </div>
      {text("tags", "Tags", { hint: "Comma-separated" })}
      <Textarea label="Notes" name="notes" rows={4} value={values.notes ?? ""} error={errors.notes} optional />
    </div>
  );
}
