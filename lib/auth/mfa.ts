// TOTP factors (RFC 6238 via otpauth), challenges, and single-use recovery codes.
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import type { Tx } from "../db/mod.ts";
import { randomToken, sha256Hex } from "./crypto.ts";
import { AuthError } from "./errors.ts";
import { isUuid } from "../ids.ts";

const ISSUER = "Leadly";

function totpFor(secret: string, label: string) {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret });
}

export async function enrollTotp(tx: Tx, userId: string, email: string, friendlyName?: string) {
  // Unverified leftovers from abandoned set-ups would pile up otherwise.
  await tx.query("delete from identity.mfa_factors where user_id = $1 and status = 'unverified'", [userId]);
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const [factor] = await tx.query<{ id: string }>(
    "insert into identity.mfa_factors (user_id, friendly_name, secret) values ($1, $2, $3) returning id",
    [userId, friendlyName?.slice(0, 60) ?? "Authenticator app", secret],
  );
  const uri = totpFor(secret, email).toString();
  // Colours by name: supabase-js puts the SVG into a data: URL without escaping it, where a "#" would end it.
  const svg = (await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }))
    .replaceAll('"#ffffff"', '"white"').replaceAll('"#000000"', '"black"');
  return {
    id: factor.id,
    type: "totp" as const,
    friendly_name: friendlyName ?? "Authenticator app",
    // The SVG itself, as GoTrue returns it: supabase-js prefixes it with `data:image/svg+xml;utf-8,` by itself.
    totp: { qr_code: svg, secret, uri },
  };
}

interface FactorSecret {
  id: string;
  user_id: string;
  secret: string;
  status: string;
  last_used_step: string | number | null;
}

export async function getFactor(tx: Tx, userId: string, factorId: string): Promise<FactorSecret> {
  if (!isUuid(factorId)) throw new AuthError(404, "mfa_factor_not_found", "That two-factor method does not exist.");
  const [factor] = await tx.query<FactorSecret>(
    "select id, user_id, secret, status, last_used_step from identity.mfa_factors where id = $1 and user_id = $2",
    [factorId, userId],
  );
  if (!factor) throw new AuthError(404, "mfa_factor_not_found", "That two-factor method does not exist.");
  return factor;
}

export async function createChallenge(tx: Tx, factorId: string) {
  const [row] = await tx.query<{ id: string; created_at: Date }>(
    "insert into identity.mfa_challenges (factor_id) values ($1) returning id, created_at",
    [factorId],
  );
  return { id: row.id, type: "totp" as const, expires_at: Math.floor(new Date(row.created_at).getTime() / 1000) + 300 };
}

/**
 * Checks a code against a live challenge. A code's time step can be used once (replay protection).
 * Returns false for a wrong code so the caller can commit before reporting it.
 */
export async function verifyChallenge(
  tx: Tx,
  factor: FactorSecret,
  challengeId: string,
  code: string,
): Promise<boolean> {
  const [challenge] = await tx.query<{ id: string }>(
    `select id from identity.mfa_challenges
     where id = $1 and factor_id = $2 and verified_at is null and created_at > now() - interval '5 minutes'`,
    [challengeId, factor.id],
  );
  if (!challenge) {
    throw new AuthError(422, "mfa_challenge_expired", "This two-factor check expired. Please start again.");
  }
  const step = matchingStep(factor.secret, code);
  if (step === null || (factor.last_used_step !== null && step <= Number(factor.last_used_step))) return false;
  await tx.query("update identity.mfa_challenges set verified_at = now() where id = $1", [challengeId]);
  await tx.query(
    "update identity.mfa_factors set status = 'verified', last_used_step = $2, updated_at = now() where id = $1",
    [factor.id, step],
  );
  return true;
}

/** The 30-second step the code belongs to (allowing one step of clock drift), or null. */
export function matchingStep(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const delta = totpFor(secret, "x").validate({ token: code.trim(), window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / 30_000) + delta;
}

/** Generates ten new codes, replacing any earlier set; returns them in plain text once. */
export async function regenerateRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  await tx.query("delete from identity.recovery_codes where user_id = $1", [userId]);
  const codes = Array.from({ length: 10 }, () => randomToken(8).replace(/[-_]/g, "x").slice(0, 10).toLowerCase());
  for (const code of codes) {
    await tx.query("insert into identity.recovery_codes (user_id, code_hash) values ($1, $2)", [
      userId,
      await sha256Hex(`${userId}:${code}`),
    ]);
  }
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

export async function useRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const normalized = code.trim().toLowerCase().replace(/[^a-z0-9]/g, "");
  const rows = await tx.query(
    `update identity.recovery_codes set used_at = now()
     where user_id = $1 and code_hash = $2 and used_at is null returning id`,
    [userId, await sha256Hex(`${userId}:${normalized}`)],
  );
  return rows.length === 1;
}
