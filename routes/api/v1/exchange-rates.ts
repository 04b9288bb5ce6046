// /api/v1/exchange-rates: the current team's base currency and dated exchange rates. Every member reads;
// owners and admins change them (403 with a sentence for everyone else). Totals use lib/deals/money.ts.
import { Hono } from "hono";
import { apiCaller, type ApiEnv } from "../../../utils/api/auth.ts";
import { jsonInput, pathId } from "../../../utils/api/validate.ts";
import { describe } from "../../../utils/api/describe.ts";
import {
  baseCurrencyInput,
  deleteRate,
  listRates,
  rateInput,
  saveRate,
  setBaseCurrency,
} from "../../../lib/deals/exchange-rates.ts";

export const app = new Hono<ApiEnv>();

const ownersOnly = { 403: "Only owners and admins change exchange rates." };
const docs = {
  list: describe({ summary: "The base currency, every rate against it and the ones that apply today" }),
  save: describe({
    summary: "Add a rate (or replace the one for the same currency and day)",
    responses: { 201: "The rate.", ...ownersOnly },
  }),
  base: describe({
    summary: "Set the base currency totals are shown in (rates against the old base stop applying)",
    responses: { 200: "The base currency.", ...ownersOnly },
  }),
  delete: describe({ summary: "Delete a rate", responses: { 200: "Deleted.", ...ownersOnly } }),
};

/** The base currency, every rate against it (newest first per currency) and the ones that apply today. */
app.get("/", docs.list, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { base_currency, rates, money } = await listRates(db, claims, team.id);
  return c.json({ data: { base_currency, rates, effective: money.rates, effective_on: money.on } });
});

/** Adds a rate (or replaces the one for the same currency and day): {currency, rate, valid_from?}. */
app.post("/", docs.save, jsonInput(rateInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const rate = await saveRate(db, claims, team.id, c.req.valid("json"));
  return c.json({ data: rate }, 201);
});

/** {base_currency}: what totals are shown in. Rates against the old base stop applying. */
app.put("/base", docs.base, jsonInput(baseCurrencyInput), async (c) => {
  const { db, claims, team } = apiCaller(c);
  const { base_currency } = c.req.valid("json");
  return c.json({ data: { base_currency: await setBaseCurrency(db, claims, team.id, base_currency) } });
});

app.delete("/:id", docs.delete, async (c) => {
  const { db, claims, team } = apiCaller(c);
  const id = pathId(c, "Exchange rate");
  await deleteRate(db, claims, team.id, id);
  return c.json({ data: { id } });
});
