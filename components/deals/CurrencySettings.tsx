// Settings → Workspace → Currency: the base currency totals are shown in, and the dated exchange rates that
// convert other currencies into it. Plain forms (POST, then 303); only owners and admins get enabled controls.
import { CsrfField } from "../CsrfField.tsx";
import { Alert } from "../ui/Alert.tsx";
import { Button } from "../ui/Button.tsx";
import { Card } from "../ui/Card.tsx";
import { Input } from "../ui/Input.tsx";
import { Select } from "../ui/Select.tsx";
import { Table } from "../ui/Table.tsx";
import { formatRate, type MoneyContext } from "../../lib/deals/money.ts";
import type { StoredRate } from "../../lib/deals/exchange-rates.ts";
import type { FieldErrors, FormValues } from "../../lib/forms.ts";

export interface CurrencySettingsProps {
  base: string;
  rates: StoredRate[];
  /** The rates that apply today (one per currency). */
  money: MoneyContext;
  editable: boolean;
  csrf: string;
  values: FormValues;
  errors: FieldErrors;
  /** A refusal or failure of the last post, as a sentence. */
  error?: string | null;
}

const names = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "currency" });
  } catch {
    return null;
  }
})();

/** Every ISO currency this runtime knows, as "EUR · Euro". */
function currencyOptions(except?: string) {
  let codes: string[] = [];
  try {
    codes = Intl.supportedValuesOf("currency");
  } catch {
    codes = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "INR"];
  }
  return codes.filter((code) => code !== except).map((code) => ({
    value: code,
    label: `${code} · ${names?.of(code) ?? code}`,
  }));
}

export function CurrencySettings(props: CurrencySettingsProps) {
  const { base, rates, money, editable, csrf, values, errors } = props;
  const applies = new Set(money.rates.map((r) => `${r.currency}|${r.valid_from}`));
  return (
    <Card
      title="Currency"
      description={`Pipeline totals, the board and the home page add deals up in ${base}. Deals in other currencies are converted with the latest rate on or before today; a currency without a rate is shown apart, never added in.`}
    >
      <div class="stack" id="currency">
        {props.error && <Alert tone="error">{props.error}</Alert>}
        <form method="post" action="/settings/workspace#currency" class="money-base-form">
          <CsrfField token={csrf} />
          <input type="hidden" name="intent" value="base_currency" />
          <fieldset class="row gap-2 money-form-row" disabled={!editable}>
            <Select
              label="Base currency"
              name="base_currency"
              options={currencyOptions()}
              value={values.base_currency ?? base}
              error={errors.base_currency}
            />
            <Button type="submit" variant="secondary">Save base currency</Button>
          </fieldset>
        </form>

        <div class="stack-sm">
          <h3 class="text-md">Exchange rates into {base}</h3>
          {rates.length === 0
            ? <p class="muted text-sm">No rates yet: deals in other currencies show as unconverted.</p>
            : (
              <Table label={`Exchange rates into ${base}`} dense class="money-rates">
                <thead>
                  <tr>
                    <th scope="col">Currency</th>
                    <th scope="col" class="num">1 unit in {base}</th>
                    <th scope="col">Valid from</th>
                    <th scope="col">Status</th>
                    {editable && (
                      <th scope="col" class="cell-actions">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rates.map((rate) => (
                    <tr key={rate.id}>
                      <td>{rate.currency}</td>
                      <td class="num tabular">{formatRate(rate.rate)}</td>
                      <td class="tabular">{rate.valid_from}</td>
                      <td class="text-sm">
                        {applies.has(`${rate.currency}|${rate.valid_from}`)
                          ? <span class="money-rate-live">Applies today</span>
                          : rate.valid_from > money.on
                          ? <span class="muted">From {rate.valid_from}</span>
                          : <span class="muted">Superseded</span>}
                      </td>
                      {editable && (
                        <td class="cell-actions">
                          <form method="post" action="/settings/workspace#currency">
                            <CsrfField token={csrf} />
                            <input type="hidden" name="intent" value="delete_rate" />
                            <input type="hidden" name="rate_id" value={rate.id} />
                            <Button
                              type="submit"
                              variant="ghost"
                              size="sm"
                              icon="trash"
                              aria-label={`Remove the ${rate.currency} rate of ${rate.valid_from}`}
                            >
                              Remove
                            </Button>
                          </form>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
        </div>

        {editable && (
          <form method="post" action="/settings/workspace#currency" class="stack-sm" aria-label="Add an exchange rate">
            <CsrfField token={csrf} />
            <input type="hidden" name="intent" value="add_rate" />
            <div class="money-form-row">
              <Select
                label="Currency"
                name="currency"
                placeholder="Choose…"
                options={currencyOptions(base)}
                value={values.currency ?? ""}
                error={errors.currency}
              />
              <Input
                label={`1 unit in ${base}`}
                name="rate"
                type="number"
                step="any"
                min="0"
                inputMode="decimal"
                placeholder="1.08"
                value={values.rate ?? ""}
                error={errors.rate}
              />
              <Input
                label="Valid from"
                name="valid_from"
                type="date"
                value={values.valid_from ?? money.on}
                error={errors.valid_from}
              />
              <Button type="submit" variant="primary" icon="plus">Add rate</Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
