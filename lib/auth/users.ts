// auth.users rows and their GoTrue-shaped JSON.
import type { Db, Tx } from "../db/mod.ts";
import type { AppMetadata, TeamRole } from "../db/claims.ts";

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: AppMetadata;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface FactorRow {
  id: string;
  friendly_name: string | null;
  factor_type: "totp";
  status: "unverified" | "verified";
  created_at: Date;
  updated_at: Date;
}

const USER_COLUMNS =
  "id, email, encrypted_password, email_confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at";

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | null> {
  const rows = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where lower(email) = lower($1) and deleted_at is null`,
    [email],
  );
  return rows[0] ?? null;
}

/**
 * Whether an account with this address exists and was confirmed (a signup never verified is no account: the
 * address may sign up again, or accept an invitation). auth.users is not a user's to read, so this runs as the
 * service role, under the caller's `job` name for the log ("signup:check-email").
 */
export async function hasConfirmedAccount(db: Db, email: string, job: string): Promise<boolean> {
  const user = await db.asService(job, (tx) => findUserByEmail(tx, email));
  return Boolean(user?.email_confirmed_at);
}

export async function findUserById(tx: Tx, id: string): Promise<UserRow | null> {
  const rows = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertUser(
  tx: Tx,
  email: string,
  passwordHash: string,
  metadata: Record<string, unknown>,
): Promise<UserRow> {
  const rows = await tx.query<UserRow>(
    `insert into auth.users (email, encrypted_password, raw_app_meta_data, raw_user_meta_data)
     values (lower($1), $2, '{"provider":"email","providers":["email"]}', $3) returning ${USER_COLUMNS}`,
    [email, passwordHash, JSON.stringify(metadata)],
  );
  return rows[0];
}

export async function listFactors(tx: Tx, userId: string): Promise<FactorRow[]> {
  return await tx.query<FactorRow>(
    "select id, friendly_name, factor_type, status, created_at, updated_at from identity.mfa_factors where user_id = $1 order by created_at",
    [userId],
  );
}

/**
 * The team the token is issued for: the one the user last switched to while still a member,
 * else their oldest membership. RLS allows all of a user's teams; the app works in this one.
 */
export async function currentTeam(
  tx: Tx,
  user: UserRow,
): Promise<{ team_id: string | null; team_role: TeamRole | null }> {
  const rows = await tx.query<{ team_id: string; role: TeamRole }>(
    `select team_id, role from public.team_members where user_id = $1
     order by (team_id::text = $2) desc, created_at asc limit 1`,
    [user.id, user.raw_app_meta_data?.team_id ?? ""],
  );
  return { team_id: rows[0]?.team_id ?? null, team_role: rows[0]?.role ?? null };
}

export function userJson(user: UserRow, factors: FactorRow[] = []) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);
  return {
    id: user.id,
    aud: "authenticated",
    role: "authenticated",
    email: user.email,
    email_confirmed_at: iso(user.email_confirmed_at),
    confirmed_at: iso(user.email_confirmed_at),
    phone: "",
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data,
    user_metadata: user.raw_user_meta_data,
    identities: [],
    factors: factors.map((f) => ({ ...f, created_at: iso(f.created_at), updated_at: iso(f.updated_at) })),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: false,
  };
}
