import type { Db } from "../db/mod.ts";

/** Whether the user has a verified TOTP factor, i.e. owes a code after the password. */
export async function listFactorsVerified(db: Db, userId: string): Promise<boolean> {
  const rows = await db.asService(
    "auth:mfa-status",
    (tx) => tx.query("select 1 from identity.mfa_factors where user_id = $1 and status = 'verified' limit 1", [userId]),
  );
  return rows.length > 0;
}
