// Supabase-shaped HS256 access tokens.
import { jwtVerify, SignJWT } from "jose";
import { join } from "node:path";
import type { Claims } from "../db/claims.ts";
import { randomToken } from "./crypto.ts";

export const ACCESS_TOKEN_SECONDS = 3600;

export class JwtKeys {
  readonly #key: Uint8Array;
  constructor(secret: string, readonly issuer: string) {
    this.#key = new TextEncoder().encode(secret);
  }

  sign(claims: Omit<Claims, "iat" | "exp" | "iss">, now = Math.floor(Date.now() / 1000)): Promise<string> {
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
      .setIssuer(this.issuer)
      .sign(this.#key);
  }

  /** Returns the claims, or null for anything invalid, expired, or minted for another audience or by another issuer. */
  async verify(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        audience: "authenticated",
        issuer: this.issuer,
        requiredClaims: ["sub", "exp"],
      });
      return payload as unknown as Claims;
    } catch {
      return null;
    }
  }
}

/** SUPABASE_JWT_SECRET when set; otherwise one generated once and kept in the data directory. */
export async function loadJwtSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = join(dataDir, "jwt-secret");
  try {
    return (await Deno.readTextFile(file)).trim();
  } catch {
    await Deno.mkdir(dataDir, { recursive: true });
    const secret = randomToken(48);
    await Deno.writeTextFile(file, secret, { mode: 0o600 });
    return secret;
  }
}
