// The deal form's fields, shared by "new" and "edit". The stage select groups stages by pipeline, so one
// choice sets both; the reasons matter only when the stage is a won or lost one.
import { textFieldsFor } from "./text-field.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Textarea } from "../ui/Textarea.tsx";
import { Field, fieldAria } from "../ui/Field.tsx";
import { Icon } from "../ui/Icon.tsx";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";
import { CURRENCIES, type DealFormChoices } from "../../lib/deals/form.ts";

export interface DealFieldsProps extends DealFormChoices {
  values: FormValues;
  errors: FieldErrors;
}

export function DealFields({ values, errors, stageGroups, companies, contacts, members }: DealFieldsProps) {
  const text = textFieldsFor(values, errors);
  const currencies = [...new Set([values.currency || "USD", ...CURRENCIES])].map((c) => ({ value: c, label: c }));
  const stageError = errors.stage_id ?? errors.pipeline_id;
  return (
    <div class="stack">
      {errors._form && <p class="field-error" role="alert">{errors._form}</p>}
      <Input
        label="Deal name"
        name="name"
        value={values.name ?? ""}
        error={errors.name}
        required
        autofocus
        placeholder="e.g. Acme renewal 2027"
      />
      <div class="form-row">
        <Field id="deal-stage" label="Pipeline and stage" error={stageError} required>
          <span class="select-wrap">
            <select
              id="deal-stage"
              name="stage_id"
              class="select"
              required
              {...fieldAria("deal-stage", undefined, stageError)}
            >
              {stageGroups.map((group) => (
                <optgroup key={group.pipelineId} label={group.pipeline}>
                  {group.stages.map((stage) => (
                    <option key={stage.value} value={stage.value} selected={stage.value === values.stage_id}>
                      {stage.label} · {stage.probability}%
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <Icon name="chevron-down" size="sm" class="select-icon" />
          </span>
        </Field>
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
      <div class="form-row deal-form-money">
        {text("value", "Value", { type: "number", min: 0, step: "0.01", inputMode: "decimal", placeholder: "0" })}
        <Select label="Currency" name="currency" options={currencies} value={values.currency || "USD"} />
        {text("probability", "Probability (%)", {
          type: "number",
          min: 0,
          max: 100,
          step: 1,
          hint: "Blank: the stage's probability",
        })}
      </div>
      <div class="form-row">
        {text("expected_close_date", "Expected close date", { type: "date" })}
        {text("tags", "Tags", { hint: "Comma-separated" })}
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
          label="Contact"
          name="contact_id"
          placeholder="No contact"
          options={contacts}
          value={values.contact_id ?? ""}
          error={errors.contact_id}
          optional
        />
      </div>
      <div class="form-row">
        {text("next_step", "Next step", { placeholder: "e.g. Send the security questionnaire" })}
        {text("competitor", "Competitor")}
      </div>
      <div class="form-row">
        <Textarea
          label="Win reason"
          name="win_reason"
          rows={2}
          value={values.win_reason ?? ""}
          error={errors.win_reason}
          hint="Needed when the stage is a won stage"
          optional
        />
        <Textarea
          label="Loss reason"
          name="loss_reason"
          rows={2}
          value={values.loss_reason ?? ""}
          error={errors.loss_reason}
          hint="Needed when the stage is a lost stage"
          optional
        />
      </div>
    </div>
  );
}
