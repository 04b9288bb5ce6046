// /auth/v1: the subset of GoTrue's HTTP API that supabase-js uses, on our AuthService.
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { Claims } from "../db/claims.ts";
import { AuthError } from "./errors.ts";
import { type AuthService, type ClientMeta, signupInput } from "./service.ts";
import { clientIp, type Throttle, ThrottledError } from "./throttle.ts";

type Env = { Variables: { claims: Claims } };

const MAX_BODY_BYTES = 16 * 1024;

/** Who is signing in, for the session row: the address the throttle sees (X-Forwarded-For only from our proxies). */
export function clientMeta(c: Context): ClientMeta {
  const throttle = (c.var as { services?: { throttle?: Throttle } } | undefined)?.services?.throttle;
  return {
    userAgent: c.req.header("user-agent"),
    ip: throttle ? throttle.clientIp(c) : clientIp(c, new Set()),
  };
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

export function createGotrueApi(auth: AuthService, throttle: Throttle) {
  const api = new Hono<Env>();
  const ip = (c: Context) => throttle.clientIp(c);

  api.onError((error, c) => {
    if (error instanceof ThrottledError) c.header("retry-after", String(error.retryAfterSeconds));
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
    await throttle.rate("signup", ip(c));
    const input = await body(c, signupInput);
    await throttle.issue("signup", input.email);
    return c.json(await auth.signUp(input));
  });

  api.post("/resend", async (c) => {
    await throttle.rate("send", ip(c));
    const { email } = await body(c, emailOnly.extend({ type: z.string().optional() }));
    await throttle.issue("signup", email);
    await auth.resendSignupCode(email);
    return c.json({});
  });

  api.post("/verify", async (c) => {
    const input = await body(c, verifyInput);
    return c.json(
      await throttle.guard(
        "code",
        input.email,
        ip(c),
        () => auth.verifyOtp(input.type, input.email, input.token, clientMeta(c)),
      ),
    );
  });

  api.post("/token", async (c) => {
    const grant = c.req.query("grant_type");
    if (grant === "password") {
      const input = await body(c, emailOnly.extend({ password: z.string().min(1, "Enter your password.").max(200) }));
      return c.json(
        await throttle.guard(
          "password",
          input.email,
          ip(c),
          () => auth.signInWithPassword(input.email, input.password, clientMeta(c)),
        ),
      );
    }
    if (grant === "refresh_token") {
      const input = await body(c, z.object({ refresh_token: z.string().min(1).max(200) }));
      return c.json(await auth.refresh(input.refresh_token));
    }
    throw new AuthError(400, "unsupported_grant_type", "grant_type must be password or refresh_token.");
  });

  // Capped per address whether or not it has an account, so a 429 says nothing about who signed up.
  api.post("/recover", async (c) => {
    await throttle.rate("send", ip(c));
    const { email } = await body(c, emailOnly);
    await throttle.issue("recovery", email);
    await auth.recover(email);
    return c.json({});
  });

  api.get("/user", requireUser, async (c) => c.json(await auth.getUser(c.get("claims"))));

  api.put("/user", requireUser, async (c) => {
    const input = await body(
      c,
      z.object({ password: z.string().max(200).optional(), data: z.record(z.string(), z.unknown()).optional() }),
    );
    if (input.password !== undefined) await throttle.rate("password-change", c.get("claims").sub);
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
    const claims = c.get("claims");
    return c.json(
      await throttle.guard(
        "mfa",
        claims.sub,
        ip(c),
        () => auth.verifyTotp(claims, c.req.param("id")!, input.challenge_id, input.code),
      ),
    );
  });

  api.delete("/factors/:id", requireUser, async (c) => {
    await auth.unenroll(c.get("claims"), c.req.param("id")!);
    return c.json({ id: c.req.param("id")! });
  });

  return api;
}
