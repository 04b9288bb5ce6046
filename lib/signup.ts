// The four-step signup's state between steps, kept in one sealed cookie, and its choices.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { cookieOptions } from "./auth/cookies.ts";
import type { Sealer } from "./auth/seal.ts";
import { checkPassword } from "./password-rules.ts";
import { browserZoneOrUtc } from "./profiles.ts";

const COOKIE = "leadly-signup";
const TTL_SECONDS = 30 * 60;

export const INDUSTRIES = [
  "Software",
  "Financial services",
  "Healthcare",
  "Manufacturing",
  "Retail & e-commerce",
  "Real estate",
  "Education",
  "Marketing & advertising",
  "Consulting",
  "Logistics",
  "Other",
];

export const JOB_ROLES = [
  "Founder / CEO",
  "Head of Sales",
  "Sales manager",
  "Account executive",
  "SDR / BDR",
  "Marketing",
  "Operations",
  "Other",
];

export const accountStep = z.object({
  full_name: z.string().trim().min(1, "Enter your name.").max(120, "Keep your name under 120 characters."),
  email: z.string().trim().toLowerCase().email("Enter a valid work email address."),
  password: z.string().max(200).refine(
    (pw) => checkPassword(pw).ok,
    "Choose a stronger password: meet every rule below.",
  ),
  /** The browser's zone (a hidden field); anything unknown becomes UTC rather than an error. */
  time_zone: z.unknown().optional().transform(browserZoneOrUtc),
});

export const companyStep = z.object({
  company_name: z.string().trim().min(1, "Enter your company's name.").max(80, "Keep it under 80 characters."),
  industry: z.string().trim().max(80).refine(
    (v) => v === "" || INDUSTRIES.includes(v),
    "Pick an industry from the list.",
  ),
  job_role: z.string().trim().max(80).default(""),
});

export interface PendingSignup {
  full_name: string;
  email: string;
  /** Only until step 2 creates the account; then dropped from the cookie. */
  password?: string;
  /** The signup's own code (AuthService.signUp), so a resent code carries the password chosen here. */
  signup_ref?: string;
  /** The browser's zone from step 1, set on the profile once the account is confirmed. */
  time_zone?: string;
}

export async function readPendingSignup(c: Context, sealer: Sealer) {
  return await sealer.open<PendingSignup>(getCookie(c, COOKIE));
}

export async function writePendingSignup(c: Context, sealer: Sealer, pending: PendingSignup) {
  setCookie(c, COOKIE, await sealer.seal(pending, TTL_SECONDS), cookieOptions(c, TTL_SECONDS));
}

export function clearPendingSignup(c: Context) {
  deleteCookie(c, COOKIE, { path: "/" });
}
