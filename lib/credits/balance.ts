// The team's credit balance, as the user sees it (RLS: members of the team only).
import type { Caller } from "../caller.ts";

/** Below this many credits the header shows the balance as running low. */
export const LOW_BALANCE = 50;

export interface CreditBalance {
  balance: number;
  low: boolean;
}

export async function teamBalance({ db, claims, teamId }: Caller): Promise<CreditBalance> {
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query<{ balance: number }>("select balance from public.credit_balances where team_id = $1", [teamId]),
  );
  const balance = Number(row?.balance ?? 0);
  return { balance, low: balance < LOW_BALANCE };
}

/**
 * The header's balance for a page load. A failure here must not take every page down with it: logged, and the
 * header simply shows no balance.
 */
export async function shellCredits(caller: Caller): Promise<CreditBalance | null> {
  try {
    return await teamBalance(caller);
  } catch (error) {
    console.error("credits: could not read the balance for the header", error);
    return null;
  }
}
