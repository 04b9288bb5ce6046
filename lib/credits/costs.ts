// What each action costs, from public.credit_costs (the migration sets them; app.spend_credits charges them).
import type { Caller } from "../caller.ts";
import type { CreditAction } from "./spend.ts";

export interface CreditCost {
  action: CreditAction;
  label: string;
  cost: number;
}

export async function creditCosts({ db, claims }: Caller): Promise<CreditCost[]> {
  const rows = await db.asUser(
    claims,
    (tx) => tx.query<CreditCost>("select action, label, cost from public.credit_costs order by action"),
  );
  return rows.map((r) => ({ ...r, cost: Number(r.cost) }));
}
