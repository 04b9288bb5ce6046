// The two ways into a transaction, shared by both drivers.
import type { UserClaims } from "./claims.ts";
import type { Tx } from "./types.ts";

/** Both settings are transaction-local, so a pooled connection never leaks a user's identity. */
export async function enterUser(tx: Tx, claims: UserClaims) {
  await tx.query(
    "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)",
    [JSON.stringify({ role: "authenticated", ...claims })],
  );
}

const serviceReasons = /^[a-z][a-z0-9:_-]{2,60}$/;

/** The reason is recorded on the transaction so audit triggers can say which job wrote a row. */
export async function enterService(tx: Tx, reason: string) {
  if (!serviceReasons.test(reason)) throw new Error(`asService needs a short job name, got "${reason}"`);
  await tx.query("select set_config('app.service_reason', $1, true)", [reason]);
}
