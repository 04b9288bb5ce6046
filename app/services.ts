// Composes the whole HTTP app: auth API, dev mailbox, session + CSRF, then the pages in routes/.
import { type Context, Hono } from "hono";
import { except } from "hono/combine";
import { bodyLimit } from "../lib/body-limit.ts";
import { textGuard } from "../lib/text-guard.ts";
import { describeError, wantsJson } from "../lib/web/errors.ts";
import type { Config } from "../fresh.config.ts";
import type { Db } from "../lib/db/mod.ts";
import { authErrorBody, createGotrueApi } from "../lib/auth/gotrue.ts";
import { AuthError } from "../lib/auth/errors.ts";
import { JwtKeys } from "../lib/auth/jwt.ts";
import { AuthService } from "../lib/auth/service.ts";
import type { AuthBackend } from "../lib/auth/backend.ts";
import { SupabaseAuth } from "../lib/auth/supabase.ts";
import { csrfProtection } from "../lib/auth/csrf.ts";
import { Sealer } from "../lib/auth/seal.ts";
import { type Session, sessionMiddleware } from "../lib/auth/session.ts";
import { createThrottle, type Throttle } from "../lib/auth/throttle.ts";
import type { Mailer } from "../lib/mail/mailer.ts";
import { createDevMailbox, devMailboxEnabled } from "../lib/mail/dev-mailbox.tsx";
import { createNonce, withSecurityHeaders } from "../lib/web/security-headers.ts";
import { assetPathMatcher, STATIC_DIR } from "../lib/web/asset-paths.ts";
import { formatBytes, isUploadPath, MAX_UPLOAD_BYTES, UPLOAD_ENVELOPE_BYTES } from "../lib/files/limits.ts";
import type { ChangeBus } from "../lib/bus/change-bus.ts";
import { createChangeBus } from "../lib/bus/db-relay.ts";
import { ChatBroadcast } from "../lib/chat/broadcast.ts";
import { createStorage, type Storage } from "../lib/files/mod.ts";
import { type NoteDocs, notesFor } from "../lib/notes/doc-manager.ts";
import { mountFunctions } from "./functions.ts";

/** What route handlers reach through ctx.state.app. */
export interface AppServices {
  config: Config;
  db: Db;
  /** Sign-in: the embedded auth server (also served at /auth/v1), or Supabase Auth with SUPABASE_URL. */
  auth: AuthBackend;
  mailer: Mailer;
  /** Encrypts short-lived cookie values (the signup in progress). */
  sealer: Sealer;
  /** Rate limits and lockouts for every sign-in, code and password door (API and forms). */
  throttle: Throttle;
  /**
   * The one way out for live changes: routes publish what domain writes return, realtime/ subscribes and
   * emits. Relayed through Postgres with DATABASE_URL, else delivered in this process.
   */
  bus: ChangeBus;
  /** Chat's way out to sockets (numbered by the channel's own seq, so not through the bus). */
  chat: ChatBroadcast;
  /** Where file bytes live: S3 with S3_BUCKET, else the local disk (lib/files/mod.ts). */
  storage: Promise<Storage>;
  /** The open collaborative note documents, shared by the HTTP routes and the socket server. */
  notes: NoteDocs;
}

export type AppEnv = { Variables: { session: Session | null; csrf: string; services: AppServices } };

const MAX_FORM_BYTES = 1024 * 1024;

export function createApp(config: Config, db: Db, mailer: Mailer, jwtSecret: string) {
  // With SUPABASE_URL, Supabase Auth signs people in and only SUPABASE_JWT_SECRET (never a generated one) may
  // verify HS256 tokens; the secret passed in still seals Leadly's own short-lived cookies.
  const auth: AuthBackend = config.supabase
    ? new SupabaseAuth(db, config.supabase, config.jwtSecret)
    : new AuthService(db, new JwtKeys(jwtSecret, `${config.publicUrl}/auth/v1`), mailer);
  const services: AppServices = {
    config,
    db,
    auth,
    mailer,
    sealer: new Sealer(jwtSecret, "cookie-seal"),
    throttle: createThrottle(config),
    bus: createChangeBus(config, db),
    chat: new ChatBroadcast(),
    storage: createStorage(config),
    // Registered by db too: the notes domain functions that get only a Db reach the same one (notesFor).
    notes: notesFor({ db }),
  };
  const root = new Hono<AppEnv>();

  // Errors of the middlewares below (body limits, text guard, CSRF) and of /auth/v1: GoTrue's shape under
  // /auth/v1, JSON for the API and JSON clients, a short page for browsers.
  root.onError((error, c) => {
    const { status, code, message, response, expected } = describeError(error);
    if (!expected) console.error(error);
    if (response) return response;
    const type = status as 400;
    if (c.req.path.startsWith("/auth/v1")) return c.json(authErrorBody(new AuthError(status, code, message)), type);
    if (!wantsJson(c.req.raw)) return c.html(errorPage(status, message), type);
    return c.json({ error: { code, message } }, type);
  });
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    message: "That upload or form is too large (1 MB at most).",
  });
  // File uploads (lib/files/limits.ts) get their own, larger limit; the file itself is checked again by the route.
  const uploadLimit = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES,
    message: `That file is too large: files can be ${formatBytes(MAX_UPLOAD_BYTES)} at most.`,
  });
  // Every answer carries the security headers, the auth API's and the dev mailbox's too, HSTS once on https.
  root.use("*", async (c, next) => {
    await next();
    c.res = withSecurityHeaders(c.res, createNonce(), services.config.publicUrl.startsWith("https:"));
  });
  root.use("*", (c, next) => (isUploadPath(c.req.path) ? uploadLimit : formLimit)(c, next));
  // NUL and other control characters in JSON and form bodies, and bombs of nesting: a 400 before any handler.
  root.use("*", textGuard({ skip: isUploadPath }));
  root.use("*", async (c, next) => {
    // Touching c.res first makes Hono keep headers set before a handler returns its own Response
    // (cookies written by middleware or by a handler that then redirects).
    void c.res;
    c.set("services", services);
    await next();
  });

  // Token-based APIs first: they never read cookies, so CSRF does not apply to them.
  if (auth instanceof AuthService) root.route("/auth/v1", createGotrueApi(auth, services.throttle));
  // What GoTrue answers for a path it does not have; in Supabase Auth mode that is every path.
  root.all("/auth/v1/*", (c) => {
    const message = config.supabase
      ? `Sign-in is served by Supabase Auth at ${config.supabase.url}/auth/v1, not here.`
      : `There is no ${c.req.method} ${c.req.path} in the auth API.`;
    return c.json(authErrorBody(new AuthError(404, "not_found", message)), 404);
  });
  // Captured mail is readable only when there is no real mail server; with SMTP the routes do not exist.
  if (mailer.transport === "captured" && devMailboxEnabled(config)) root.route("/dev", createDevMailbox(db));

  // Files need neither: static/ and the islands are served without a session lookup each.
  const isAsset = assetPathMatcher(STATIC_DIR);
  const forAsset = (c: Context) => isAsset(c.req.path);
  root.use("*", except(forAsset, csrfProtection()));
  root.use("*", except(forAsset, sessionMiddleware(auth, db)));
  // A missing asset still renders the 404 page, signed out.
  root.use("*", (c, next) => (forAsset(c) && c.set("session", null), next()));
  // Edge functions (edge-functions/) at /functions/v1, after the session: Bearer or cookie + CSRF, as the API.
  mountFunctions(root);
  return { root, services };
}

/** For browsers that hit a refusal before the pages' own error page can render (no session, no layout yet). */
function errorPage(status: number, message: string): string {
  const text = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error ${status}</title></head>` +
    `<body><h1>Error ${status}</h1><p>${text}</p><p><a href="/">Leadly</a></p></body></html>`;
}
