// The two "add a rule" forms on /settings/scoring (owners and admins only): a fit rule (a field matches a value)
// and an engagement rule (enough activities of a kind lately). Errors and values come back from the last post.
import { Card } from "../ui/Card.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Button } from "../ui/Button.tsx";
import { CsrfField } from "../CsrfField.tsx";
import type { FieldErrors } from "../../lib/forms.ts";
import {
  ACTIVITY_KINDS,
  ACTIVITY_LABELS,
  FIT_FIELD_LABELS,
  FIT_FIELDS,
  OPERATOR_LABELS,
  OPERATORS,
} from "../../lib/scoring/rules.ts";
import { SENIORITY_LABELS } from "../../lib/scoring/subject.ts";

export interface ScoringRuleFormsProps {
  csrf: string;
  form: { intent: string; values: Record<string, string>; errors: FieldErrors };
}

export function ScoringRuleForms({ csrf, form }: ScoringRuleFormsProps) {
  const mine = (intent: string) => form.intent === intent;
  const fit = mine("add_fit") ? form : { values: {} as Record<string, string>, errors: {} as FieldErrors };
  const eng = mine("add_engagement") ? form : { values: {} as Record<string, string>, errors: {} as FieldErrors };
  return (
    <div class="scoring-forms">
      <Card
        title="Add a fit rule"
        description="Points when a lead's field matches (its own, its contact's or company's)."
      >
        <form method="post" action="/settings/scoring" class="form stack" id="add-fit-rule">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="add_fit" />
          <Select
            label="Field"
            name="field"
            options={FIT_FIELDS.map((value) => ({ value, label: FIT_FIELD_LABELS[value] }))}
            value={fit.values.field ?? "industry"}
            error={fit.errors.field}
          />
          <Select
            label="Match"
            name="operator"
            options={OPERATORS.map((value) => ({ value, label: OPERATOR_LABELS[value] }))}
            value={fit.values.operator ?? "equals"}
            error={fit.errors.operator}
          />
          <Input
            label="Value"
            name="value"
            value={fit.values.value}
            error={fit.errors.value}
            placeholder="Retail"
            hint={`Several values: comma separated with "is one of". Seniority values: ${
              Object.keys(SENIORITY_LABELS).join(", ")
            }.`}
            maxLength={200}
          />
          <Input
            label="Points"
            name="points"
            type="number"
            min={-100}
            max={100}
            value={fit.values.points ?? "10"}
            error={fit.errors.points}
          />
          <div>
            <Button type="submit" variant="primary" icon="plus">Add fit rule</Button>
          </div>
        </form>
      </Card>
      <Card title="Add an engagement rule" description="Points when enough activities were logged lately.">
        <form method="post" action="/settings/scoring" class="form stack" id="add-engagement-rule">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="add_engagement" />
          <Select
            label="Activity"
            name="activity_type"
            options={ACTIVITY_KINDS.map((value) => ({ value, label: ACTIVITY_LABELS[value] }))}
            value={eng.values.activity_type ?? "meeting"}
            error={eng.errors.activity_type}
          />
          <Input
            label="At least"
            name="min_count"
            type="number"
            min={1}
            max={1000}
            value={eng.values.min_count ?? "1"}
            error={eng.errors.min_count}
          />
          <Input
            label="Within the last (days)"
            name="within_days"
            type="number"
            min={1}
            max={3650}
            value={eng.values.within_days ?? "30"}
            error={eng.errors.within_days}
          />
          <Input
            label="Points"
            name="points"
            type="number"
            min={-100}
            max={100}
            value={eng.values.points ?? "15"}
            error={eng.errors.points}
          />
          <div>
            <Button type="submit" variant="primary" icon="plus">Add engagement rule</Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
