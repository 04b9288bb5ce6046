// The product catalogue as the user sees it: every member reads it; owners and admins add, change and remove
// products (RLS, plus a role check that answers 403 in words). Amounts are numeric(16, 2) in the database and
// travel as numbers; currencies are three-letter codes, as on deals.
import { z } from "zod";
import { AppError } from "../errors.ts";
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { isUuid } from "../ids.ts";
import { currencyCode, isKnownCurrency } from "../deals/money.ts";

export const BILLING_PERIODS = ["one_time", "monthly", "quarterly", "yearly"] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];
export const BILLING_LABELS: Record<BillingPeriod, string> = {
  one_time: "One-time",
  monthly: "Monthly",
  quarterly: "Quarterly",
  yearly: "Yearly",
};

export interface Product {
  id: string;
  name: string;
  description: string;
  unit_price: number;
  currency: string;
  billing_period: BillingPeriod;
  active: boolean;
}

const price = z.union([z.number(), z.string().trim().min(1, "Enter a unit price, like 1200.")], {
  error: "Enter a unit price, like 1200.",
}).transform(Number).pipe(
  z.number({ error: "A price is a number, like 1200 or 49.90." }).finite("A price is a number, like 1200 or 49.90.")
    .min(0, "A price cannot be negative.").max(99_999_999_999_999, "That price is too large.")
    .refine((n) => Math.round(n * 100) === Number((n * 100).toFixed(6)), "Prices have at most 2 decimals."),
);

/** A new product (from the API or the settings form; `active` may come as a checkbox value). */
export const productInput = z.object({
  name: z.string({ error: "Give the product a name." }).trim().min(1, "Give the product a name.")
    .max(120, "Keep the name under 120 characters."),
  description: z.string().trim().max(2000, "Keep the description under 2,000 characters.").optional()
    .transform((v) => v ?? ""),
  unit_price: price,
  currency: z.string({ error: "Currency is a three-letter code like EUR." }).trim().transform(currencyCode)
    .refine(isKnownCurrency, { message: "Currency must be a known three-letter code like EUR or USD." }),
  billing_period: z.enum(BILLING_PERIODS, { error: "Billing is one_time, monthly, quarterly or yearly." }),
  active: z.union([z.boolean(), z.enum(["on", "true", "false"])]).optional()
    .transform((v) => v === undefined ? true : v === true || v === "on" || v === "true"),
});
export type ProductInput = z.infer<typeof productInput>;
export const productPatch = productInput.partial();

const COLUMNS = "id, name, description, unit_price::float8 as unit_price, currency, billing_period, active";
const notFound = () => new AppError("not_found", "That product does not exist.");
const forbidden = () => new AppError("forbidden", "Only owners and admins can change the product catalogue.");

async function assertAdmin(tx: Tx, teamId: string) {
  const [row] = await tx.query<{ ok: boolean }>(
    "select app.has_team_role($1, array['owner', 'admin']::public.team_role[]) as ok",
    [teamId],
  );
  if (!row?.ok) throw forbidden();
}

/** A duplicate name is a sentence, not a 500. */
async function unique<T>(work: () => Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // the database layer turns a unique violation into a generic 409; say which name clashed
    const clash = (error instanceof AppError && error.code === "conflict") ||
      (error as { code?: string }).code === "23505";
    if (clash) {
      throw new AppError("conflict", `There is already a product named "${name}".`);
    }
    throw error;
  }
}

export async function listProducts(caller: Caller, { activeOnly = false } = {}): Promise<Product[]> {
  return await caller.db.asUser(caller.claims, (tx) =>
    tx.query<Product>(
      `select ${COLUMNS} from public.products where team_id = $1 ${activeOnly ? "and active" : ""}
        order by active desc, lower(name)`,
      [caller.teamId],
    ));
}

export async function addProduct(caller: Caller, input: ProductInput): Promise<Product> {
  return await unique(() =>
    caller.db.asUser(caller.claims, async (tx) => {
      await assertAdmin(tx, caller.teamId);
      const [row] = await tx.query<Product>(
        `insert into public.products (team_id, name, description, unit_price, currency, billing_period, active)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
        [
          caller.teamId,
          input.name,
          input.description,
          input.unit_price,
          input.currency,
          input.billing_period,
          input.active,
        ],
      );
      return row;
    }), input.name);
}

export async function updateProduct(caller: Caller, id: string, patch: Partial<ProductInput>): Promise<Product> {
  if (!isUuid(id)) throw notFound();
  const keys = (["name", "description", "unit_price", "currency", "billing_period", "active"] as const)
    .filter((k) => patch[k] !== undefined);
  return await unique(() =>
    caller.db.asUser(caller.claims, async (tx) => {
      await assertAdmin(tx, caller.teamId);
      const sets = keys.map((k, i) => `${k} = $${i + 3}`).join(", ");
      const [row] = await tx.query<Product>(
        keys.length
          ? `update public.products set ${sets} where id = $1 and team_id = $2 returning ${COLUMNS}`
          : `select ${COLUMNS} from public.products where id = $1 and team_id = $2`,
        [id, caller.teamId, ...keys.map((k) => patch[k])],
      );
      if (!row) throw notFound();
      return row;
    }), patch.name);
}

export async function deleteProduct(caller: Caller, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  await caller.db.asUser(caller.claims, async (tx) => {
    await assertAdmin(tx, caller.teamId);
    const rows = await tx.query("delete from public.products where id = $1 and team_id = $2 returning id", [
      id,
      caller.teamId,
    ]);
    if (rows.length === 0) throw notFound();
  });
}

/** These products as the caller sees them (active ones only), by id; a missing one is a 422 that names it. */
export async function productsForProposal(caller: Caller, ids: string[]): Promise<Map<string, Product>> {
  const rows = await caller.db.asUser(caller.claims, (tx) =>
    tx.query<Product>(
      `select ${COLUMNS} from public.products where team_id = $1 and id = any($2::uuid[]) and active`,
      [caller.teamId, ids],
    ));
  const found = new Map(rows.map((p) => [p.id, p]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(
      "validation_failed",
      `${missing.length === 1 ? "One chosen product is" : `${missing.length} chosen products are`} not in your ` +
        "catalogue or no longer active: choose again.",
    );
  }
  return found;
}
