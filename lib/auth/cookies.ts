// The browser session lives in two httpOnly cookies that SSR handlers read.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AuthSession } from "./service.ts";
import { INACTIVITY_DAYS } from "./sessions.ts";

export const ACCESS_COOKIE = "leadly-access";
export const REFRESH_COOKIE = "leadly-refresh";

function isHttps(c: Context) {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

export function cookieOptions(c: Context, maxAge: number) {
  return { httpOnly: true, sameSite: "Lax" as const, secure: isHttps(c), path: "/", maxAge };
}

export function writeSessionCookies(c: Context, session: AuthSession) {
  setCookie(c, ACCESS_COOKIE, session.access_token, cookieOptions(c, session.expires_in));
  setCookie(c, REFRESH_COOKIE, session.refresh_token, cookieOptions(c, INACTIVITY_DAYS * 86400));
}

export function clearSessionCookies(c: Context) {
  deleteCookie(c, ACCESS_COOKIE, { path: "/" });
  deleteCookie(c, REFRESH_COOKIE, { path: "/" });
}

export function readSessionCookies(c: Context) {
  return { access: getCookie(c, ACCESS_COOKIE), refresh: getCookie(c, REFRESH_COOKIE) };
}
