// CSRF for cookie-authenticated writes: a double-submit token plus a same-origin check.
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { AppError } from "../errors.ts";
import { randomToken } from "./crypto.ts";
import { cookieOptions, readSessionCookies } from "./cookies.ts";

export const CSRF_COOKIE = "leadly-csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

type Env = { Variables: { csrf: string } };

function constantTimeEqual(a: string, b: string) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function submittedToken(c: Context): Promise<string | null> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    // A clone, so the route handler can still read the body.
    const form = await c.req.raw.clone().formData().catch(() => null);
    const value = form?.get(CSRF_FIELD);
    return typeof value === "string" ? value : null;
  }
  return null;
}

function crossSite(c: Context) {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = c.req.header("origin");
  return origin !== undefined && origin !== "null" && origin !== new URL(c.req.url).origin &&
    origin !== `${c.req.header("x-forwarded-proto") ?? "http"}://${c.req.header("host")}`;
}

/**
 * An API request with no session cookie and no token carries nothing a forged request could abuse: it is let
 * through so the API answers it 401 (sign in), not 403 (bad form). Pages keep the check (login forms too).
 */
function anonymousApiCall(c: Context): boolean {
  const { access, refresh } = readSessionCookies(c);
  return (c.req.path.startsWith("/api/") || c.req.path.startsWith("/functions/v1/")) && !access && !refresh;
}

/**
 * Issues the token cookie and checks unsafe requests. Requests carrying a Bearer token are not
 * cookie-authenticated, so a forged cross-site request cannot use them: they pass.
 */
export function csrfProtection(): MiddlewareHandler<Env> {
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token) {
      token = randomToken(24);
      setCookie(c, CSRF_COOKIE, token, cookieOptions(c, 60 * 60 * 24 * 365));
    }
    c.set("csrf", token);
    const bearer = /^Bearer\s/i.test(c.req.header("authorization") ?? "");
    if (!SAFE.has(c.req.method) && !bearer && !anonymousApiCall(c)) {
      const sent = await submittedToken(c);
      if (crossSite(c) || !sent || !constantTimeEqual(sent, token)) {
        throw new AppError("forbidden", "This form expired or came from another site. Reload the page and try again.");
      }
    }
    await next();
  };
}
