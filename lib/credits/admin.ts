// What owners and admins do with credits: set a member's monthly limit (or remove it) and add credits.
// RLS and app.grant_credits refuse everyone else; the sentences here say why before the database has to.
import type { Caller } from "../caller.ts";
import { AppError } from "../errors.ts";

export interface CreditLimit {
  user_id: string;
  monthly_limit: number;
  set_by: string | null;
  updated_at: string;
}

const onlyAdmins = (what: string) => new AppError("forbidden", `Only owners and admins can ${what}.`);
const isAdmin = (caller: Caller) => caller.role === "owner" || caller.role === "admin";

/** Every member's limit (members without one have none). */
export async function listLimits({ db, claims, teamId }: Caller): Promise<CreditLimit[]> {
  const rows = await db.asUser(claims, (tx) =>
    tx.query<CreditLimit>(
      `select user_id, monthly_limit, set_by, updated_at from public.credit_limits
       where team_id = $1 order by user_id`,
      [teamId],
    ));
  return rows.map((r) => ({ ...r, updated_at: new Date(r.updated_at).toISOString() }));
}

/** Sets a member's monthly limit; null removes it. Returns the limit now in force. */
export async function setLimit(caller: Caller, userId: string, monthlyLimit: number | null): Promise<number | null> {
  if (!isAdmin(caller)) throw onlyAdmins("set credit limits");
  const { db, claims, teamId } = caller;
  return await db.asUser(claims, async (tx) => {
    if (monthlyLimit === null) {
      await tx.query("delete from public.credit_limits where team_id = $1 and user_id = $2", [teamId, userId]);
      return null;
    }
    const rows = await tx.query<{ monthly_limit: number }>(
      `insert into public.credit_limits (team_id, user_id, monthly_limit) values ($1, $2, $3)
       on conflict (team_id, user_id) do update set monthly_limit = excluded.monthly_limit
       returning monthly_limit`,
      [teamId, userId, monthlyLimit],
    );
    // RLS filters the row away for someone whose role changed since the session began
    if (!rows.length) throw onlyAdmins("set credit limits");
    return Number(rows[0].monthly_limit);
  });
}

/** Adds credits to the team (a grant row in the ledger). Returns the new balance. */
export async function grantCredits(caller: Caller, amount: number, note: string | null): Promise<number> {
  if (!isAdmin(caller)) throw onlyAdmins("add credits");
  const { db, claims, teamId } = caller;
  return await db.asUser(claims, async (tx) => {
    await tx.query("select 1 from app.grant_credits($1, $2, $3)", [teamId, amount, note]);
    const [row] = await tx.query<{ balance: number }>(
      "select balance from public.credit_balances where team_id = $1",
      [teamId],
    );
    return Number(row.balance);
  });
}
