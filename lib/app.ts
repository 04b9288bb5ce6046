// Composes the whole HTTP app: auth API, dev mailbox, session + CSRF, then the pages in routes/.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Config } from "../fresh.config.ts";
import type { Db } from "./db/mod.ts";
import { authErrorBody, createGotrueApi } from "./auth/gotrue.ts";
import { AuthError } from "./auth/errors.ts";
import { JwtKeys } from "./auth/jwt.ts";
import { AuthService } from "./auth/service.ts";
import { csrfProtection } from "./auth/csrf.ts";
import { Sealer } from "./auth/seal.ts";
import { type Session, sessionMiddleware } from "./auth/session.ts";
import type { Mailer } from "./mail/mailer.ts";
import { createDevMailbox } from "./mail/dev-mailbox.tsx";
import { formatBytes, isUploadPath, MAX_UPLOAD_BYTES, UPLOAD_ENVELOPE_BYTES } from "./files/limits.ts";

/** What route handlers reach through ctx.state.app. */
export interface AppServices {
  config: Config;
  db: Db;
  auth: AuthService;
  mailer: Mailer;
  /** Encrypts short-lived cookie values (the signup in progress). */
  sealer: Sealer;
}

export type AppEnv = { Variables: { session: Session | null; csrf: string; services: AppServices } };

const MAX_FORM_BYTES = 1024 * 1024;

export function createApp(config: Config, db: Db, mailer: Mailer, jwtSecret: string) {
  const auth = new AuthService(db, new JwtKeys(jwtSecret, `${config.publicUrl}/auth/v1`), mailer);
  const services: AppServices = { config, db, auth, mailer, sealer: new Sealer(jwtSecret, "cookie-seal") };
  const root = new Hono<AppEnv>();

  root.onError((error, c) => {
    const status = error instanceof HTTPException ? error.status : 500;
    if (status === 500) console.error(error);
    const message = status === 500 ? "Something went wrong on our side. Please try again." : error.message;
    const code = status === 500 ? "internal_error" : status === 413 ? "request_too_large" : "request_failed";
    if (c.req.path.startsWith("/auth/v1")) return c.json(authErrorBody(new AuthError(status, code, message)), status);
    return c.json({ error: { code, message } }, status);
  });
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw new HTTPException(413, { message: "That upload or form is too large (1 MB at most)." });
    },
  });
  // File uploads (lib/files/limits.ts) get their own, larger limit; the file itself is checked again by the route.
  const uploadLimit = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES,
    onError: () => {
      throw new HTTPException(413, {
        message: `That file is too large: files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`,
      });
    },
  });
  root.use("*", (c, next) => (isUploadPath(c.req.path) ? uploadLimit : formLimit)(c, next));
  root.use("*", async (c, next) => {
    // Touching c.res first makes Hono keep headers set before a handler returns its own Response
    // (cookies written by middleware or by a handler that then redirects).
    void c.res;
    c.set("services", services);
    await next();
  });

  // Token-based APIs first: they never read cookies, so CSRF does not apply to them.
  root.route("/auth/v1", createGotrueApi(auth, config.rateLimitFactor));
  // Captured mail is readable only when there is no real mail server; with SMTP the routes do not exist.
  if (mailer.transport === "captured") root.route("/dev", createDevMailbox(db));

  root.use("*", csrfProtection());
  root.use("*", sessionMiddleware(auth, db));
  return { root, services };
}
