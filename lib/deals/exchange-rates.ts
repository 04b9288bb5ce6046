// A team's base currency and exchange rates, read and written as the user: RLS lets every member read and only
// owners and admins write. The arithmetic is lib/deals/money.ts; this module only loads and stores.
import { AppError } from "../errors.ts";
import { z } from "zod";
import type { UserClaims } from "../db/claims.ts";
import type { Db, Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { currencyCode, type ExchangeRate, isKnownCurrency, type MoneyContext, moneyContext } from "./money.ts";

/** A stored rate as the settings page and the API show it. */
export interface StoredRate extends ExchangeRate {
  id: string;
  base_currency: string;
  created_at: string;
}

const teamNotFound = () => new AppError("not_found", "Workspace not found.");
const forbidden = () =>
  new AppError("forbidden", "Only owners and admins can change the base currency and exchange rates.");

/** Today in UTC, "YYYY-MM-DD": the day whose rates apply. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const currencyField = (label: string) =>
  z.string({ error: `${label} is a three-letter currency code like EUR.` }).trim().transform(currencyCode)
    .refine(isKnownCurrency, { message: `${label} must be a known three-letter currency code like EUR or GBP.` });

const validDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** A new rate; `rate` may arrive as text from a form. */
export const rateInput = z.object({
  currency: currencyField("Currency"),
  rate: z.union([z.number(), z.string().trim().min(1, "Enter a rate, like 1.08.")], {
    error: "Enter a rate, like 1.08.",
  }).transform(Number).pipe(
    z.number({ error: "A rate is a number, like 1.08." }).finite("A rate is a number, like 1.08.")
      .positive("A rate must be more than 0.").max(1_000_000_000, "That rate is too large.")
      .refine((rate) => rate >= 1e-10, "That rate is too small: rates keep at most 10 decimals."),
  ),
  valid_from: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Dates look like 2026-12-01.")
    .refine(validDate, "That date does not exist.")
    .refine((day) => day >= "1900-01-01" && day <= "2999-12-31", "Choose a date between 1900 and 2999.").optional(),
});
export type RateInput = z.infer<typeof rateInput>;

export const baseCurrencyInput = z.object({ base_currency: currencyField("Base currency") });

/** Decides 403 versus 404 once RLS let nothing through: members see their team, outsiders do not. */
async function refuse(tx: Tx, teamId: string): Promise<never> {
  const team = await tx.query("select 1 from public.teams where id = $1", [teamId]);
  throw team.length > 0 ? forbidden() : teamNotFound();
}

async function assertCanEdit(tx: Tx, teamId: string) {
  const [row] = await tx.query<{ ok: boolean }>(
    "select app.has_team_role($1, array['owner', 'admin']::public.team_role[]) as ok",
    [teamId],
  );
  if (!row?.ok) await refuse(tx, teamId);
}

/** The base currency and the rates that apply on `on` (today by default), inside a transaction. */
export async function readMoney(tx: Tx, teamId: string, on = today()): Promise<MoneyContext> {
  const [team] = await tx.query<{ base: string }>(
    "select btrim(base_currency) as base from public.teams where id = $1",
    [teamId],
  );
  if (!team) return moneyContext("USD", [], on);
  const rates = await tx.query<ExchangeRate>(
    `select btrim(currency) as currency, rate::float8 as rate, valid_from::text as valid_from
     from public.exchange_rates
     where team_id = $1 and base_currency = $2 and valid_from <= $3::date`,
    [teamId, team.base, on],
  );
  return moneyContext(team.base, rates, on);
}

export async function loadMoney(db: Db, claims: UserClaims, teamId: string, on = today()): Promise<MoneyContext> {
  if (!isUuid(teamId)) throw teamNotFound();
  return await db.asUser(claims, (tx) => readMoney(tx, teamId, on));
}

/** The base currency and every rate against it, newest first (future-dated ones too). 404 for outsiders. */
export async function listRates(
  db: Db,
  claims: UserClaims,
  teamId: string,
): Promise<{ base_currency: string; rates: StoredRate[]; money: MoneyContext }> {
  if (!isUuid(teamId)) throw teamNotFound();
  return await db.asUser(claims, async (tx) => {
    const [team] = await tx.query<{ base: string }>(
      "select btrim(base_currency) as base from public.teams where id = $1",
      [teamId],
    );
    if (!team) throw teamNotFound();
    const rates = await tx.query<StoredRate>(
      `select id, btrim(base_currency) as base_currency, btrim(currency) as currency, rate::float8 as rate,
              valid_from::text as valid_from, created_at
       from public.exchange_rates where team_id = $1 and base_currency = $2
       order by currency, valid_from desc`,
      [teamId, team.base],
    );
    const data = rates.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
    return { base_currency: team.base, rates: data, money: moneyContext(team.base, data, today()) };
  });
}

/** Adds a rate against the current base, or replaces the one for the same currency and day. */
export async function saveRate(db: Db, claims: UserClaims, teamId: string, input: RateInput): Promise<StoredRate> {
  if (!isUuid(teamId)) throw teamNotFound();
  return await db.asUser(claims, async (tx) => {
    await assertCanEdit(tx, teamId);
    const [team] = await tx.query<{ base: string }>(
      "select btrim(base_currency) as base from public.teams where id = $1",
      [teamId],
    );
    if (input.currency === team.base) {
      throw new AppError(
        "unprocessable_entity",
        `${input.currency} is the base currency: its rate is always 1. Add rates for other currencies.`,
      );
    }
    const [row] = await tx.query<StoredRate>(
      `insert into public.exchange_rates (team_id, base_currency, currency, rate, valid_from)
       values ($1, $2, $3, $4, coalesce($5::date, current_date))
       on conflict (team_id, base_currency, currency, valid_from) do update set rate = excluded.rate
       returning id, btrim(base_currency) as base_currency, btrim(currency) as currency, rate::float8 as rate,
                 valid_from::text as valid_from, created_at`,
      [teamId, team.base, input.currency, input.rate, input.valid_from ?? null],
    );
    return { ...row, created_at: new Date(row.created_at).toISOString() };
  });
}

export async function deleteRate(db: Db, claims: UserClaims, teamId: string, rateId: string): Promise<void> {
  if (!isUuid(teamId)) throw teamNotFound();
  if (!isUuid(rateId)) throw new AppError("not_found", "Exchange rate not found.");
  await db.asUser(claims, async (tx) => {
    await assertCanEdit(tx, teamId);
    const gone = await tx.query("delete from public.exchange_rates where id = $1 and team_id = $2 returning id", [
      rateId,
      teamId,
    ]);
    if (gone.length === 0) throw new AppError("not_found", "Exchange rate not found.");
  });
}

/** Changes what totals are shown in. Rates given against the old base stop applying (and are kept). */
export async function setBaseCurrency(db: Db, claims: UserClaims, teamId: string, code: string): Promise<string> {
  if (!isUuid(teamId)) throw teamNotFound();
  return await db.asUser(claims, async (tx) => {
    await assertCanEdit(tx, teamId);
    const [row] = await tx.query<{ base: string }>(
      "update public.teams set base_currency = $2 where id = $1 returning btrim(base_currency) as base",
      [teamId, code],
    );
    if (!row) await refuse(tx, teamId);
    return row.base;
  });
}
