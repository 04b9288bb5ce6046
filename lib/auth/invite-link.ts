// The invitation a browser is in the middle of accepting. Remembered when the emailed link is opened, so an
// invitee who wanders off halfway (signs in from the login page, finishes a code in another tab) still lands
// on the invitation instead of the "create your workspace" step meant for new teams.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { cookieOptions } from "./cookies.ts";

const INVITE_COOKIE = "leadly-invite";
const INVITE_PATH = /^\/invite\/[A-Za-z0-9_-]{16,128}$/;
const SEVEN_DAYS = 7 * 86400;

export function rememberInviteLink(c: Context, path: string) {
  if (INVITE_PATH.test(path)) setCookie(c, INVITE_COOKIE, path, cookieOptions(c, SEVEN_DAYS));
}

/** The remembered invitation's path, or null. */
export function rememberedInviteLink(c: Context): string | null {
  const path = getCookie(c, INVITE_COOKIE);
  return path && INVITE_PATH.test(path) ? path : null;
}

export function forgetInviteLink(c: Context) {
  deleteCookie(c, INVITE_COOKIE, { path: "/" });
}
