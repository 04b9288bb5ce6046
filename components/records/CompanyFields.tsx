// The company form's fields, shared by "new" and "edit".
import { textFieldsFor } from "./text-field.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";
import { COMPANY_SIZES } from "../../lib/records/companies.ts";
import type { Option } from "./ContactFields.tsx";

export interface CompanyFieldsProps {
  values: FormValues;
  errors: FieldErrors;
  members: Option[];
}

export function CompanyFields({ values, errors, members }: CompanyFieldsProps) {
  const text = textFieldsFor(values, errors);
  return (
    <div class="stack">
      {errors._form && <p class="field-error" role="alert">{errors._form}</p>}
      <Input label="Name" name="name" required autofocus value={values.name ?? ""} error={errors.name} />
      <div class="form-row">
        {text("domain", "Domain", { placeholder: "acme.com" })}
        {text("website", "Website", { type: "url", placeholder: "https://" })}
      </div>
      <div class="form-row">
        {text("industry", "Industry")}
        <Select
          label="Size"
          name="size"
          placeholder="Unknown"
          options={COMPANY_SIZES.map((size) => ({ value: size, label: `${size} employees` }))}
          value={values.size ?? ""}
          error={errors.size}
          optional
        />
      </div>
      <div class="form-row">
        {text("city", "City")}
        {text("country", "Country")}
      </div>
      <div class="form-row">
        {text("annual_revenue", "Annual revenue", { type: "number", min: 0, step: "any" })}
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
        {text("linkedin_url", "LinkedIn", { type: "url" })}
        {text("lead_source", "Lead source")}
      </div>
      <div class="form-row">
        {text("lead_score", "Lead score", { type: "number", min: 0, max: 100 })}
        {text("tags", "Tags", { hint: "Comma-separated" })}
      </div>
    </div>
  );
}
