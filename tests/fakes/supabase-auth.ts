// A stand-in for a Supabase project's Auth (GoTrue) at <url>/auth/v1, for Supabase Auth mode tests.
// It mints access tokens the way GoTrue does (claims sub, aud, role, email, phone, session_id, aal, amr,
// app_metadata, user_metadata, is_anonymous, iss = <url>/auth/v1, iat, exp): ES256 with a key it publishes at
// /auth/v1/.well-known/jwks.json, or HS256 with the project's legacy shared secret. It also answers the calls
// Leadly's server-side forms make (password and refresh_token grants, signup, verify, user, logout, resend,
// recover) from an in-memory user list; "writing auth.users" is left to the test (onSignup / onConfirm), as
// GoTrue writes the project's database.
// node:http rather than Deno.serve: the app under test runs @hono/node-server in the same process, which swaps
// the global Response for its own, and Deno.serve refuses those.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";

export interface FakeUser {
  id: string;
  email: string;
  password: string;
  confirmed: boolean;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
}

export interface FakeSupabaseAuthOptions {
  /** Sign with HS256 and this secret (a project on the legacy JWT secret); otherwise ES256 via the JWKS. */
  jwtSecret?: string;
  /** The project's anon key: every call but the JWKS must bring it as `apikey`. */
  anonKey?: string;
  /** GoTrue inserted the user into auth.users (unconfirmed). */
  onSignup?: (user: FakeUser) => Promise<void>;
  /** GoTrue set auth.users.email_confirmed_at. */
  onConfirm?: (user: FakeUser) => Promise<void>;
  /** The project does not ask new users to confirm their email: signup answers with a session. */
  autoconfirm?: boolean;
}

export interface MintOptions {
  /** Seconds since the epoch the token was issued at; now by default. */
  iat?: number;
  /** Lifetime in seconds (GoTrue's default is an hour). */
  expiresIn?: number;
  alg?: "ES256" | "HS256";
  /** Sign with another key (a forged or foreign token) instead of the project's. */
  key?: CryptoKey | Uint8Array;
  kid?: string;
}

export type FakeSupabaseAuth = Awaited<ReturnType<typeof startFakeSupabaseAuth>>;

export async function startFakeSupabaseAuth(options: FakeSupabaseAuthOptions = {}) {
  const anonKey = options.anonKey ?? "fake-anon-key";
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
  const users = new Map<string, FakeUser>();
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>();
  const codes = new Map<string, string>();
  const stats = { jwksRequests: 0, calls: [] as string[] };

  const server = createServer((req, res) => {
    readBody(req).then((body) => handle(req, body)).then(
      (answer) => {
        res.writeHead(answer.status, answer.json === undefined ? {} : { "content-type": "application/json" });
        res.end(answer.json === undefined ? undefined : JSON.stringify(answer.json));
      },
      (error) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "unexpected_failure", message: String(error) }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/auth/v1`;

  /** Signs any claims as the project would (or with `options.key`, as someone else would). */
  async function mint(claims: Record<string, unknown>, mintOptions: MintOptions = {}): Promise<string> {
    const alg = mintOptions.alg ?? (secret ? "HS256" : "ES256");
    const iat = mintOptions.iat ?? Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ iss: issuer, ...claims })
      .setProtectedHeader(alg === "HS256" ? { alg, typ: "JWT" } : { alg, kid: mintOptions.kid ?? kid, typ: "JWT" })
      .setIssuedAt(iat)
      .setExpirationTime(iat + (mintOptions.expiresIn ?? 3600));
    const key = mintOptions.key ?? (alg === "HS256" ? secret : privateKey);
    if (!key) throw new Error("no HS256 secret configured for the fake");
    return await jwt.sign(key);
  }

  /** GoTrue's claims for a signed-in user's session. */
  function claimsOf(user: FakeUser, sessionId: string = crypto.randomUUID(), aal: "aal1" | "aal2" = "aal1") {
    return {
      sub: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"], ...user.app_metadata },
      user_metadata: { ...user.user_metadata, email: user.email, email_verified: user.confirmed, sub: user.id },
      aal,
      amr: [{ method: "password", timestamp: Math.floor(Date.now() / 1000) }],
      session_id: sessionId,
      is_anonymous: false,
    };
  }

  function userJson(user: FakeUser) {
    return {
      id: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email,
      email_confirmed_at: user.confirmed ? new Date().toISOString() : null,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"], ...user.app_metadata },
      user_metadata: user.user_metadata,
      identities: [],
      factors: [],
      is_anonymous: false,
    };
  }

  async function session(user: FakeUser, sessionId: string = crypto.randomUUID()) {
    const refresh = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
    refreshTokens.set(refresh, { userId: user.id, sessionId });
    const now = Math.floor(Date.now() / 1000);
    return {
      access_token: await mint(claimsOf(user, sessionId)),
      token_type: "bearer",
      expires_in: 3600,
      expires_at: now + 3600,
      refresh_token: refresh,
      user: userJson(user),
    };
  }

  type Answer = { status: number; json?: unknown };
  const ok = (json: unknown): Answer => ({ status: 200, json });
  const error = (status: number, code: string, message: string): Answer => ({ status, json: { code, message } });

  async function bearerUser(req: IncomingMessage) {
    const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? "";
    try {
      const { payload } = await jwtVerify(token, secret ?? publicKey, { issuer, audience: "authenticated" });
      const user = [...users.values()].find((u) => u.id === payload.sub);
      return user ? { user, sessionId: String(payload.session_id) } : null;
    } catch {
      return null;
    }
  }

  async function handle(req: IncomingMessage, body: Record<string, unknown>): Promise<Answer> {
    const { pathname, searchParams } = new URL(req.url ?? "/", "http://fake");
    stats.calls.push(`${req.method} ${pathname}${searchParams.size ? `?${searchParams}` : ""}`);
    if (pathname === "/auth/v1/.well-known/jwks.json") {
      stats.jwksRequests++;
      return ok({ keys: secret ? [] : [publicJwk] });
    }
    if (req.headers.apikey !== anonKey) {
      return { status: 401, json: { message: "Invalid API key", hint: "Double check your Supabase `anon` key." } };
    }
    const route = `${req.method} ${pathname}`;
    if (route === "POST /auth/v1/token" && searchParams.get("grant_type") === "password") {
      const user = users.get(String(body.email ?? "").toLowerCase());
      if (!user || user.password !== body.password) {
        return error(400, "invalid_credentials", "Invalid login credentials");
      }
      if (!user.confirmed) return error(400, "email_not_confirmed", "Email not confirmed");
      return ok(await session(user));
    }
    if (route === "POST /auth/v1/token" && searchParams.get("grant_type") === "refresh_token") {
      const found = refreshTokens.get(String(body.refresh_token));
      const user = found && [...users.values()].find((u) => u.id === found.userId);
      if (!found || !user) {
        return error(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
      }
      refreshTokens.delete(String(body.refresh_token));
      return ok(await session(user, found.sessionId));
    }
    if (route === "POST /auth/v1/signup") {
      const email = String(body.email ?? "").toLowerCase();
      if (users.has(email)) return ok(userJson(users.get(email)!));
      const user: FakeUser = {
        id: crypto.randomUUID(),
        email,
        password: String(body.password),
        confirmed: options.autoconfirm ?? false,
        user_metadata: (body.data ?? {}) as Record<string, unknown>,
        app_metadata: {},
      };
      users.set(email, user);
      await options.onSignup?.(user);
      if (user.confirmed) return ok(await session(user));
      codes.set(email, String(100000 + Math.floor(Math.random() * 900000)));
      return ok(userJson(user));
    }
    if (route === "POST /auth/v1/verify") {
      const email = String(body.email ?? "").toLowerCase();
      const user = users.get(email);
      if (!user || codes.get(email) !== body.token) return error(403, "otp_expired", "Token has expired or is invalid");
      codes.delete(email);
      if (!user.confirmed) {
        user.confirmed = true;
        await options.onConfirm?.(user);
      }
      return ok(await session(user));
    }
    if (route === "POST /auth/v1/recover") {
      const email = String(body.email ?? "").toLowerCase();
      if (users.has(email)) codes.set(email, String(100000 + Math.floor(Math.random() * 900000)));
      return ok({});
    }
    if (route === "POST /auth/v1/resend") return ok({});
    if (route === "PUT /auth/v1/user") {
      const found = await bearerUser(req);
      if (!found) return error(403, "bad_jwt", "invalid JWT");
      if (typeof body.password === "string") found.user.password = body.password;
      return ok(userJson(found.user));
    }
    if (route === "GET /auth/v1/user") {
      const found = await bearerUser(req);
      return found ? ok(userJson(found.user)) : error(403, "bad_jwt", "invalid JWT");
    }
    if (route === "POST /auth/v1/logout") {
      const found = await bearerUser(req);
      if (!found) return error(403, "bad_jwt", "invalid JWT");
      const scope = searchParams.get("scope") ?? "local";
      for (const [token, entry] of refreshTokens) {
        const mine = entry.userId === found.user.id;
        const ends = scope === "global"
          ? mine
          : scope === "others"
          ? mine && entry.sessionId !== found.sessionId
          : entry.sessionId === found.sessionId;
        if (ends) refreshTokens.delete(token);
      }
      return { status: 204 };
    }
    return error(404, "not_found", "Not Found");
  }

  return {
    url,
    issuer,
    anonKey,
    stats,
    mint,
    claimsOf,
    /** A user GoTrue knows (confirmed unless said otherwise); the test puts the same row into auth.users. */
    addUser(user: Partial<FakeUser> & { email: string }): FakeUser {
      const full: FakeUser = {
        id: user.id ?? crypto.randomUUID(),
        email: user.email.toLowerCase(),
        password: user.password ?? "Correct-Horse-42!",
        confirmed: user.confirmed ?? true,
        user_metadata: user.user_metadata ?? {},
        app_metadata: user.app_metadata ?? {},
      };
      users.set(full.email, full);
      return full;
    },
    /** The code "mailed" to a signup or a password reset. */
    codeFor: (email: string) => codes.get(email.toLowerCase()),
    /** A token for this user as GoTrue would mint it at sign-in. */
    tokenFor: (user: FakeUser, mintOptions: MintOptions & { claims?: Record<string, unknown> } = {}) =>
      mint({ ...claimsOf(user), ...mintOptions.claims }, mintOptions),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of req) text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  try {
    const value = text ? JSON.parse(text) : {};
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}
