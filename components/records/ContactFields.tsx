// The contact form's fields, shared by "new" and "edit".
import { textFieldsFor } from "./text-field.tsx";
import { Select } from "../ui/Select.tsx";
import { Textarea } from "../ui/Textarea.tsx";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";

export interface Option {
  value: string;
  label: string;
}

export interface ContactFieldsProps {
  values: FormValues;
  errors: FieldErrors;
  companies: Option[];
  members: Option[];
}

export function ContactFields({ values, errors, companies, members }: ContactFieldsProps) {
  const text = textFieldsFor(values, errors);
  return (
    <div class="stack">
      {errors._form && <p class="field-error" role="alert">{errors._form}</p>}
      <div class="form-row">
        {text("first_name", "First name", { autocomplete: "given-name", autofocus: true })}
        {text("last_name", "Last name", { autocomplete: "family-name" })}
      </div>
      <div class="form-row">
        {text("email", "Email", { type: "email" })}
        {text("job_title", "Job title")}
      </div>
      <div class="form-row">
        <Select
          label="Company"
          name="company_id"
          placeholder="No company"
          options={companies}
          value={values.company_id ?? ""}
          error={errors.company_id}
          optional
        />
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
      <div class="form-row">
        <Textarea
          label="More emails"
          name="emails"
          rows={2}
          value={values.emails ?? ""}
          error={errors.emails}
          hint="One per line, e.g. personal: ada@home.test"
          optional
        />
        <Textarea
          label="Phones"
          name="phones"
          rows={2}
          value={values.phones ?? ""}
          error={errors.phones}
          hint="One per line, e.g. mobile: +1 555 0100"
          optional
        />
      </div>
      <div class="form-row">
        {text("industry", "Industry")}
        {text("lead_source", "Lead source")}
      </div>
      <div class="form-row">
        {text("city", "City")}
        {text("country", "Country")}
      </div>
      <div class="form-row">
        {text("website", "Website", { type: "url", placeholder: "https://" })}
        {text("linkedin_url", "LinkedIn", { type: "url", placeholder: "https://linkedin.com/in/…" })}
      </div>
      <div class="form-row">
        {text("lead_score", "Lead score", { type: "number", min: 0, max: 100 })}
        {text("tags", "Tags", { hint: "Comma-separated" })}
      </div>
    </div>
  );
}
