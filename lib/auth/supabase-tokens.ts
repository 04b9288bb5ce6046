// Verifies access tokens that Supabase Auth issued: HS256 with the project's legacy shared secret, or the
// project's asymmetric signing keys published at /auth/v1/.well-known/jwks.json (fetched once, then cached).
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Claims } from "../db/claims.ts";
import { isUuid } from "../ids.ts";

/** What Supabase signs with when the project moved to asymmetric keys (ES256 today; RS256 and Ed25519 also). */
const ASYMMETRIC = ["ES256", "RS256", "EdDSA", "Ed25519"];

export class SupabaseTokenVerifier {
  /** GoTrue's `iss`: the project's Auth URL. */
  readonly issuer: string;
  readonly jwksUrl: URL;
  readonly #secret: Uint8Array | null;
  readonly #jwks: ReturnType<typeof createRemoteJWKSet>;
  readonly #algorithms: string[];

  /** `anonKey` goes with the JWKS request as `apikey`, as supabase-js sends it. */
  constructor(projectUrl: string, secret: string | null, anonKey?: string) {
    this.issuer = `${projectUrl}/auth/v1`;
    this.jwksUrl = new URL(`${this.issuer}/.well-known/jwks.json`);
    this.#secret = secret ? new TextEncoder().encode(secret) : null;
    // jose keeps the key set for 10 minutes and refetches at most every 30 s when a token names an unknown key
    // (a rotation), so a flood of forged kids cannot make us hammer the project.
    this.#jwks = createRemoteJWKSet(this.jwksUrl, {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
      headers: anonKey ? { apikey: anonKey } : {},
    });
    // Without the shared secret, an HS256 token is refused before any key is looked at.
    this.#algorithms = this.#secret ? ["HS256", ...ASYMMETRIC] : ASYMMETRIC;
  }

  #key: JWTVerifyGetKey = (header, token) => header.alg === "HS256" ? this.#secret! : this.#jwks(header, token);

  /** The claims of a signed-in user's token, or null for anything forged, expired, or not Supabase's. */
  async verify(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: this.#algorithms,
        issuer: this.issuer,
        audience: "authenticated",
        requiredClaims: ["sub", "exp"],
      });
      // anon and service_role keys are JWTs too; only a user's session token names a user.
      if (payload.role !== "authenticated" || typeof payload.sub !== "string" || !isUuid(payload.sub)) return null;
      return normalize(payload as Record<string, unknown>);
    } catch {
      return null;
    }
  }
}

/**
 * Supabase's claims in the shape the app reads. `app_metadata.team_id`/`team_role` are Leadly's embedded auth
 * server's; whatever a Supabase project keeps under those names must not pick the current team.
 */
function normalize(payload: Record<string, unknown>): Claims {
  const object = (value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : {};
  const { team_id: _team, team_role: _role, ...appMetadata } = object(payload.app_metadata);
  return {
    ...payload,
    email: typeof payload.email === "string" ? payload.email : "",
    phone: typeof payload.phone === "string" ? payload.phone : "",
    app_metadata: appMetadata,
    user_metadata: object(payload.user_metadata),
    aal: payload.aal === "aal2" ? "aal2" : "aal1",
    amr: Array.isArray(payload.amr) ? payload.amr : [],
    session_id: typeof payload.session_id === "string" ? payload.session_id : "",
  } as unknown as Claims;
}
