// A user's public profile (name, job role, time zone).
import { z } from "zod";
import type { Claims } from "./db/claims.ts";
import type { Db } from "./db/mod.ts";

export const profileInput = z.object({
  full_name: z.string().trim().min(1, "Enter your name.").max(120, "Keep your name under 120 characters."),
  job_role: z.string().trim().max(80).optional().default(""),
  timezone: z.string().trim().max(64).refine(isTimeZone, "Pick a time zone from the list.").default("UTC"),
});

function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface Profile {
  id: string;
  full_name: string;
  job_role: string | null;
  timezone: string;
}

export async function getProfile(db: Db, claims: Claims): Promise<Profile> {
  const [row] = await db.asUser(
    claims,
    (tx) => tx.query<Profile>("select id, full_name, job_role, timezone from public.profiles where id = auth.uid()"),
  );
  return row ?? { id: claims.sub, full_name: "", job_role: null, timezone: "UTC" };
}

export async function saveProfile(db: Db, claims: Claims, input: z.infer<typeof profileInput>) {
  await db.asUser(claims, (tx) =>
    tx.query(
      `insert into public.profiles (id, full_name, job_role, timezone) values (auth.uid(), $1, nullif($2, ''), $3)
       on conflict (id) do update set full_name = excluded.full_name, job_role = excluded.job_role, timezone = excluded.timezone`,
      [input.full_name, input.job_role, input.timezone],
    ));
}

// Starting time zone ---------------------------------------------------------------------------------------

const SUPPORTED_ZONES = new Set(Intl.supportedValuesOf("timeZone"));

/**
 * The zone a browser reported (Intl.DateTimeFormat().resolvedOptions().timeZone) if it is a real IANA zone,
 * else UTC: a form field anyone can fill, so bad values fall back instead of failing the signup. Runtimes
 * list a zone under one name of its aliases (Asia/Calcutta vs Asia/Kolkata), so aliases of a listed zone
 * are accepted as the browser spelled them.
 */
export function browserZoneOrUtc(input: unknown): string {
  if (typeof input !== "string") return "UTC";
  const zone = input.trim();
  if (!zone || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return "UTC";
  if (SUPPORTED_ZONES.has(zone)) return zone;
  try {
    const canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    return SUPPORTED_ZONES.has(canonical) ? zone : "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * A new member starts in their browser's zone: set it while the profile still has the default (UTC), so a
 * zone the person chose in settings is never overwritten. Creates the profile if it is not there yet.
 */
export async function startInTimeZone(db: Db, claims: Claims, browserZone: unknown, fullName = "") {
  const zone = browserZoneOrUtc(browserZone);
  if (zone === "UTC") return;
  await db.asUser(claims, (tx) =>
    tx.query(
      `insert into public.profiles (id, full_name, timezone) values (auth.uid(), left($2, 120), $1)
       on conflict (id) do update set timezone = excluded.timezone where public.profiles.timezone = 'UTC'`,
      [zone, fullName],
    ));
}
