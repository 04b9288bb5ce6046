// Email one-time codes: 6 digits, hashed, 15 minutes, single use, at most 5 wrong tries.
import type { Tx } from "../db/mod.ts";
import { sha256Hex, sixDigitCode } from "./crypto.ts";
import { AuthError } from "./errors.ts";

export type CodePurpose = "signup" | "recovery";
const MAX_ATTEMPTS = 5;
/** Signup codes stay live side by side (see issueSignupCode); this many at most. */
const MAX_LIVE_SIGNUP_CODES = 3;

/** What a signup code applies when it verifies the email: the password and profile of its own signup. */
export interface SignupBinding {
  password_hash: string | null;
  user_metadata: Record<string, unknown> | null;
}

interface LiveCode extends SignupBinding {
  id: string;
  code_hash: string;
  attempts: number;
}

async function insertCode(tx: Tx, userId: string, purpose: CodePurpose, binding?: SignupBinding) {
  const code = sixDigitCode();
  const [row] = await tx.query<{ id: string }>(
    `insert into identity.one_time_codes (user_id, purpose, code_hash, expires_at, password_hash, user_metadata)
     values ($1, $2, $3, now() + interval '15 minutes', $4, $5) returning id`,
    [
      userId,
      purpose,
      await sha256Hex(`${userId}:${code}`),
      binding?.password_hash ?? null,
      binding?.user_metadata ? JSON.stringify(binding.user_metadata) : null,
    ],
  );
  return { code, id: row.id };
}

/** Recovery: issuing a new code voids the earlier ones. */
export async function issueCode(tx: Tx, userId: string, purpose: CodePurpose): Promise<string> {
  await tx.query(
    "update identity.one_time_codes set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
    [userId, purpose],
  );
  return (await insertCode(tx, userId, purpose)).code;
}

/**
 * Signup codes do not void each other: if a later signup (perhaps by someone else) voided the first one,
 * the only code in the real person's inbox would carry the later signup's password. Each code carries its
 * own signup's binding instead, so the person who verifies gets the password they chose.
 */
export async function issueSignupCode(tx: Tx, userId: string, binding: SignupBinding) {
  await tx.query(
    `update identity.one_time_codes set used_at = now()
     where id in (select id from identity.one_time_codes
                  where user_id = $1 and purpose = 'signup' and used_at is null
                  order by created_at desc offset $2)`,
    [userId, MAX_LIVE_SIGNUP_CODES - 1],
  );
  return await insertCode(tx, userId, "signup", binding);
}

/** The binding of one of the user's own live signup codes (for a resend from the same signup). */
export async function signupBinding(tx: Tx, userId: string, codeId: string): Promise<SignupBinding | null> {
  const [row] = await tx.query<SignupBinding>(
    `select password_hash, user_metadata from identity.one_time_codes
     where id::text = $2 and user_id = $1 and purpose = 'signup'`,
    [userId, codeId],
  );
  return row ?? null;
}

export const invalidCode = () =>
  new AuthError(403, "otp_expired", "That code is wrong, expired or was already used. Ask for a new code.");

/**
 * Returns the consumed code's binding, or null when the code was not right. A wrong guess counts against
 * every live code, so callers must commit before they report the failure (return, don't throw).
 */
export async function consumeCode(
  tx: Tx,
  userId: string,
  purpose: CodePurpose,
  code: string,
): Promise<SignupBinding | null> {
  const live = await tx.query<LiveCode>(
    `select id, code_hash, attempts, password_hash, user_metadata from identity.one_time_codes
     where user_id = $1 and purpose = $2 and used_at is null and expires_at > now() and attempts < $3
     order by created_at desc for update`,
    [userId, purpose, MAX_ATTEMPTS],
  );
  if (live.length === 0) return null;
  const hash = await sha256Hex(`${userId}:${code.trim()}`);
  const match = live.find((row) => row.code_hash === hash);
  if (!match) {
    await tx.query("update identity.one_time_codes set attempts = attempts + 1 where id = any($1::uuid[])", [
      live.map((row) => row.id),
    ]);
    return null;
  }
  // One code verified the email: the others (other signups' bindings) must not apply later.
  await tx.query(
    "update identity.one_time_codes set used_at = now() where user_id = $1 and purpose = $2 and used_at is null",
    [userId, purpose],
  );
  return { password_hash: match.password_hash, user_metadata: match.user_metadata };
}
