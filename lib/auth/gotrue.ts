// /auth/v1: the subset of GoTrue's HTTP API that supabase-js uses, on our AuthService.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { Claims } from "./claims.ts";
import { AuthError } from "./errors.ts";
import { RateLimiter } from "./rate-limit.ts";
import { type AuthService, signupInput } from "./service.ts";

type Env = { Variables: { claims: Claims } };

const MAX_BODY_BYTES = 16 * 1024;

export function clientMeta(c: Context) {
  return {
    userAgent: c.req.header("user-agent"),
    ip: c.req.header("x-forwarded-for")?.split(",")[0].trim() ?? clientAddress(c),
  };
}

function clientAddress(c: Context): string {
  // @hono/node-server exposes the socket through env.incoming
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}

/** Parses and validates a JSON body; anything malformed is a 400 a person can read. */
async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AuthError(413, "request_too_large", "The request is too large.");
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new AuthError(413, "request_too_large", "The request is too large.");
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new AuthError(400, "bad_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".");
    throw new AuthError(422, "validation_failed", field ? `${field}: ${issue.message}` : issue.message);
  }
  return parsed.data;
}

export function authErrorBody(error: AuthError) {
  // supabase-js reads msg and error_code (or code on the 2024 API version); our apps read error.
  return {
    code: error.code,
    error_code: error.code,
    msg: error.message,
    message: error.message,
    error: { code: error.code, message: error.message },
  };
}

const emailOnly = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address.") });
const verifyInput = z.object({
  type: z.enum(["signup", "recovery", "email"]),
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  token: z.string().trim().regex(/^\d{6}$/, "The code has 6 digits."),
});

export function createGotrueApi(auth: AuthService, rateLimitFactor = 1) {
  const limits = {
    signup: new RateLimiter(10 * rateLimitFactor, 10 * 60_000),
    token: new RateLimiter(20 * rateLimitFactor, 5 * 60_000),
    verify: new RateLimiter(20 * rateLimitFactor, 5 * 60_000),
    recover: new RateLimiter(5 * rateLimitFactor, 10 * 60_000),
  };
  const api = new Hono<Env>();

  api.onError((error, c) => {
    if (error instanceof AuthError) return c.json(authErrorBody(error), error.status as 400);
    console.error("auth error", error);
    return c.json(authErrorBody(new AuthError(500, "unexpected_failure", "Something went wrong on our side.")), 500);
  });

  const requireUser = async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header("authorization") ?? "";
    const token = header.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) throw new AuthError(401, "no_authorization", "This needs a signed-in user (Authorization: Bearer).");
    c.set("claims", await auth.claimsFor(token));
    await next();
  };

  api.get(
    "/settings",
    (c) =>
      c.json({ external: { email: true }, disable_signup: false, mailer_autoconfirm: false, phone_autoconfirm: false }),
  );
  api.get("/health", (c) => c.json({ name: "leadly-auth", description: "GoTrue-compatible subset" }));

  api.post("/signup", async (c) => {
    limits.signup.hit(`signup:${clientMeta(c).ip}`);
    return c.json(await auth.signUp(await body(c, signupInput)));
  });

  api.post("/resend", async (c) => {
    limits.recover.hit(`resend:${clientMeta(c).ip}`);
    await auth.resendSignupCode((await body(c, emailOnly.extend({ type: z.string().optional() }))).email);
    return c.json({});
  });

  api.post("/verify", async (c) => {
    const input = await body(c, verifyInput);
    limits.verify.hit(`verify:${clientMeta(c).ip}`);
    limits.verify.hit(`verify:${input.email}`);
    return c.json(await auth.verifyOtp(input.type, input.email, input.token, clientMeta(c)));
  });

  api.post("/token", async (c) => {
    const grant = c.req.query("grant_type");
    if (grant === "password") {
      const input = await body(c, emailOnly.extend({ password: z.string().min(1, "Enter your password.").max(200) }));
      limits.token.hit(`token:${clientMeta(c).ip}`);
      limits.token.hit(`token:${input.email}`);
      return c.json(await auth.signInWithPassword(input.email, input.password, clientMeta(c)));
    }
    if (grant === "refresh_token") {
      const input = await body(c, z.object({ refresh_token: z.string().min(1).max(200) }));
      return c.json(await auth.refresh(input.refresh_token));
    }
    throw new AuthError(400, "unsupported_grant_type", "grant_type must be password or refresh_token.");
  });

  api.post("/recover", async (c) => {
    limits.recover.hit(`recover:${clientMeta(c).ip}`);
    await auth.recover((await body(c, emailOnly)).email);
    return c.json({});
  });

  api.get("/user", requireUser, async (c) => c.json(await auth.getUser(c.get("claims"))));

  api.put("/user", requireUser, async (c) => {
    const input = await body(
      c,
      z.object({ password: z.string().max(200).optional(), data: z.record(z.string(), z.unknown()).optional() }),
    );
    return c.json(await auth.updateUser(c.get("claims"), input));
  });

  api.post("/logout", requireUser, async (c) => {
    const scope = z.enum(["local", "global", "others"]).catch("local").parse(c.req.query("scope") ?? "local");
    await auth.logout(c.get("claims"), scope);
    return c.body(null, 204);
  });

  api.post("/factors", requireUser, async (c) => {
    const input = await body(
      c,
      z.object({ factor_type: z.literal("totp"), friendly_name: z.string().max(60).optional() }).passthrough(),
    );
    return c.json(await auth.enrollTotp(c.get("claims"), input.friendly_name));
  });

  api.post("/factors/:id/challenge", requireUser, async (c) => {
    return c.json(await auth.challenge(c.get("claims"), c.req.param("id")!));
  });

  api.post("/factors/:id/verify", requireUser, async (c) => {
    const input = await body(c, z.object({ challenge_id: z.string().uuid(), code: z.string().max(10) }));
    limits.verify.hit(`mfa:${c.get("claims").sub}`);
    return c.json(await auth.verifyTotp(c.get("claims"), c.req.param("id")!, input.challenge_id, input.code));
  });

  api.delete("/factors/:id", requireUser, async (c) => {
    await auth.unenroll(c.get("claims"), c.req.param("id")!);
    return c.json({ id: c.req.param("id")! });
  });

  return api;
}
