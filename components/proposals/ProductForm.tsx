// "Add a product" on /settings/products (owners and admins): name, description, unit price, currency, billing.
import { Card } from "../ui/Card.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Textarea } from "../ui/Textarea.tsx";
import { Button } from "../ui/Button.tsx";
import { CsrfField } from "../CsrfField.tsx";
import type { FieldErrors } from "../../lib/forms.ts";
import { BILLING_LABELS, BILLING_PERIODS } from "../../lib/proposals/products.ts";

export interface ProductFormProps {
  csrf: string;
  baseCurrency: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

export function ProductForm({ csrf, baseCurrency, values, errors }: ProductFormProps) {
  return (
    <Card title="Add a product">
      <form method="post" action="/settings/products" class="form stack product-form" id="add-product">
        <CsrfField token={csrf} />
        <input type="hidden" name="intent" value="add" />
        <Input label="Name" name="name" required maxLength={120} value={values.name} error={errors.name} />
        <Textarea
          label="Description"
          name="description"
          rows={2}
          maxLength={2000}
          value={values.description}
          error={errors.description}
          optional
        />
        <div class="product-form-row">
          <Input
            label="Unit price"
            name="unit_price"
            inputMode="decimal"
            required
            value={values.unit_price}
            error={errors.unit_price}
            placeholder="1200.00"
          />
          <Input
            label="Currency"
            name="currency"
            required
            maxLength={3}
            value={values.currency ?? baseCurrency}
            error={errors.currency}
          />
          <Select
            label="Billing"
            name="billing_period"
            options={BILLING_PERIODS.map((value) => ({ value, label: BILLING_LABELS[value] }))}
            value={values.billing_period ?? "one_time"}
            error={errors.billing_period}
          />
        </div>
        <div>
          <Button type="submit" variant="primary" icon="plus">Add product</Button>
        </div>
      </form>
    </Card>
  );
}
