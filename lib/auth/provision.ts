// What a confirmed signup gets: a profile, and the team named at signup with the user as owner.
import type { Tx } from "../db/mod.ts";
import type { UserRow } from "./users.ts";

export async function provisionAfterSignup(tx: Tx, user: UserRow) {
  const meta = user.raw_user_meta_data ?? {};
  await tx.query(
    `insert into public.profiles (id, full_name, job_role) values ($1, $2, $3) on conflict (id) do nothing`,
    [user.id, String(meta.full_name ?? "").slice(0, 120), meta.job_role ? String(meta.job_role) : null],
  );
  const company = typeof meta.company_name === "string" ? meta.company_name.trim() : "";
  if (!company) return;
  const owns = await tx.query("select 1 from public.team_members where user_id = $1 limit 1", [user.id]);
  if (owns.length > 0) return;
  // app.create_team reads auth.uid(), so run it with this user's claims for the statement.
  await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: user.id })]);
  const modules = Array.isArray(meta.modules) && meta.modules.length > 0 ? meta.modules : null;
  await tx.query("select app.create_team($1, $2, $3)", [company, meta.industry ?? null, modules]);
  await tx.query("select set_config('request.jwt.claims', '', true)");
}
