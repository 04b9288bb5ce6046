// Email one-time codes: 6 digits, hashed, 15 minutes, single use, at most 5 wrong tries.
import type { Tx } from "../db/mod.ts";
import { sha256Hex, sixDigitCode } from "./crypto.ts";
import { AuthError } from "./errors.ts";

export type CodePurpose = "signup" | "recovery";
const MAX_ATTEMPTS = 5;

/** Issuing a new code voids the earlier ones of the same purpose. */
export async function issueCode(tx: Tx, userId: string, purpose: CodePurpose): Promise<string> {
  const code = sixDigitCode();
  await tx.query(
    "update identity.one_time_codes set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
    [userId, purpose],
  );
  await tx.query(
    `insert into identity.one_time_codes (user_id, purpose, code_hash, expires_at)
     values ($1, $2, $3, now() + interval '15 minutes')`,
    [userId, purpose, await sha256Hex(`${userId}:${code}`)],
  );
  return code;
}

export const invalidCode = () =>
  new AuthError(403, "otp_expired", "That code is wrong, expired or was already used. Ask for a new code.");

/**
 * Returns whether the code was right and consumed. A wrong guess counts against the live code,
 * so callers must commit before they report the failure (return, don't throw).
 */
export async function consumeCode(tx: Tx, userId: string, purpose: CodePurpose, code: string): Promise<boolean> {
  const [live] = await tx.query<{ id: string; code_hash: string; attempts: number }>(
    `select id, code_hash, attempts from identity.one_time_codes
     where user_id = $1 and purpose = $2 and used_at is null and expires_at > now()
     order by created_at desc limit 1 for update`,
    [userId, purpose],
  );
  if (!live || live.attempts >= MAX_ATTEMPTS) return false;
  if (live.code_hash !== await sha256Hex(`${userId}:${code.trim()}`)) {
    await tx.query("update identity.one_time_codes set attempts = attempts + 1 where id = $1", [live.id]);
    return false;
  }
  await tx.query("update identity.one_time_codes set used_at = now() where id = $1", [live.id]);
  return true;
}
