// /api/v1/exchange-rates: the current team's base currency and dated exchange rates. Every member reads;
// owners and admins change them (403 with a sentence for everyone else). Totals use lib/crm/money.ts.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../lib/api/auth.ts";
import { jsonBody, pathId } from "../../../lib/api/validate.ts";
import {
  baseCurrencyInput,
  deleteRate,
  listRates,
  rateInput,
  saveRate,
  setBaseCurrency,
} from "../../../lib/crm/exchange-rates.ts";

export const app = new Hono<ApiEnv>();

/** The base currency, every rate against it (newest first per currency) and the ones that apply today. */
app.get("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { base_currency, rates, money } = await listRates(db, claims, team.id);
  return c.json({ data: { base_currency, rates, effective: money.rates, effective_on: money.on } });
});

/** Adds a rate (or replaces the one for the same currency and day): {currency, rate, valid_from?}. */
app.post("/", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const rate = await saveRate(db, claims, team.id, await jsonBody(c, rateInput));
  return c.json({ data: rate }, 201);
});

/** {base_currency}: what totals are shown in. Rates against the old base stop applying. */
app.put("/base", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { base_currency } = await jsonBody(c, baseCurrencyInput);
  return c.json({ data: { base_currency: await setBaseCurrency(db, claims, team.id, base_currency) } });
});

app.delete("/:id", async (c) => {
  const { db, claims, team } = apiCaller(c);
  const id = pathId(c, "Exchange rate");
  await deleteRate(db, claims, team.id, id);
  return c.json({ data: { id } });
});
