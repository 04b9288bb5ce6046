// A user's public profile (name, job role, time zone).
import { z } from "zod";
import type { Claims } from "./auth/claims.ts";
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
