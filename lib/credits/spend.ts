// Paying for metered work (AI calls, enrichment) with the team's credits. Every charge is a row in the
// append-only ledger written by app.spend_credits (SECURITY DEFINER: checks membership from the JWT, locks the
// team's balance row, refuses an empty balance or a user over their monthly limit with SQLSTATE LC402 → an
// AppError 402). A charge is idempotent per key; if the work fails, a compensating refund row is written once.
import type { Caller } from "../caller.ts";
import type { Tx } from "../db/mod.ts";
import { AppError } from "../errors.ts";

/** What can be charged; each has a cost per unit in public.credit_costs (lib/credits/costs.ts mirrors it). */
export type CreditAction =
  | "ai.write"
  | "ai.classify"
  | "ai.proposal"
  | "ai.search"
  | "enrich.contact"
  | "enrich.company";

export const CREDIT_ACTIONS: readonly CreditAction[] = [
  "ai.write",
  "ai.classify",
  "ai.proposal",
  "ai.search",
  "enrich.contact",
  "enrich.company",
];

export interface CreditSpend {
  action: CreditAction;
  /**
   * Names the piece of work (1–200 chars), unique per team: the same key again is not charged twice (the
   * first charge is returned with `replayed: true`). Derive it on the server per piece of work
   * (e.g. `enrich.contact:<contactId>:<requestId>`); once a charge was refunded, the same key charges anew.
   */
  key: string;
  /** How many units of the action (1–1000, default 1); the amount is the action's cost × units. */
  units?: number;
}

/** Who pays: the team, and the user whose monthly limit counts (in a user transaction: the signed-in user). */
export interface CreditPayer {
  teamId: string;
  userId: string;
}

export interface CreditCharge {
  /** The ledger row of the charge. */
  id: string;
  action: CreditAction;
  units: number;
  /** Credits taken (positive). */
  cost: number;
  /** The team's balance after this charge (after the first charge, for a replay). */
  balance: number;
  /** True when this key was charged before: nothing new was taken. */
  replayed: boolean;
  /** Proves this charge came from this process: only its holder can refund it (null for a replay). */
  refundToken: string | null;
}

interface ChargeRow {
  id: string;
  action: CreditAction;
  units: number;
  cost: number;
  balance: number;
  replayed: boolean;
  refund_token: string | null;
}

/**
 * Charges the payer inside the caller's transaction, so the work's own record commits or rolls back with the
 * charge (jobs). `tx` is a user transaction (db.asUser: userId must be that user) or a named system job
 * (db.asService: charged to userId, who must be a member of the team).
 */
export async function chargeInTransaction(tx: Tx, payer: CreditPayer, spend: CreditSpend): Promise<CreditCharge> {
  const units = spend.units ?? 1;
  if (!Number.isInteger(units) || units < 1 || units > 1000) {
    throw new AppError("bad_request", "Units must be a whole number from 1 to 1000.");
  }
  if (spend.key.length < 1 || spend.key.length > 200) {
    throw new AppError("bad_request", "A credit key must be 1 to 200 characters long.");
  }
  const [row] = await tx.query<ChargeRow>(
    `select id, action, units, cost, balance, replayed, refund_token
     from app.spend_credits($1, $2, $3, $4, $5)`,
    [payer.teamId, payer.userId, spend.action, spend.key, units],
  );
  return {
    id: row.id,
    action: row.action,
    units: Number(row.units),
    cost: Number(row.cost),
    balance: Number(row.balance),
    replayed: row.replayed,
    refundToken: row.refund_token,
  };
}

/** Writes the compensating row for a charge (at most once; a second call returns false). */
export async function refundInTransaction(tx: Tx, charge: Pick<CreditCharge, "id" | "refundToken">): Promise<boolean> {
  if (!charge.refundToken) return false;
  const [row] = await tx.query<{ refunded: boolean }>(
    "select app.refund_credits($1, $2) as refunded",
    [charge.id, charge.refundToken],
  );
  return row.refunded;
}

/**
 * Charges the caller's team for `work`, then runs it. Throws AppError 402 (payment_required) before any work
 * when the balance or the user's monthly limit is exhausted; if `work` throws, refunds the charge and rethrows.
 * A replayed key is not charged again; `work` receives the charge so it can tell (`charge.replayed`).
 */
export async function spendCredits<T>(
  caller: Caller,
  spend: { action: CreditAction; key: string; units?: number },
  work: (charge: CreditCharge) => Promise<T>,
): Promise<T> {
  const payer = { teamId: caller.teamId, userId: caller.claims.sub };
  const charge = await caller.db.asUser(caller.claims, (tx) => chargeInTransaction(tx, payer, spend));
  try {
    return await work(charge);
  } catch (error) {
    if (!charge.replayed) {
      await caller.db.asUser(caller.claims, (tx) => refundInTransaction(tx, charge)).catch((refundError) => {
        // The work's own error is what the person needs; a failed refund is logged for the operator.
        console.error(`credits: refund of charge ${charge.id} failed`, refundError);
      });
    }
    throw error;
  }
}
