-- Identity: private tables of Leadly's GoTrue-compatible auth server (/auth/v1).
-- Only the auth server touches them (db.asService("auth:...")); users never get grants here.

create schema if not exists identity;
revoke all on schema identity from public;
comment on schema identity is 'Private state of the embedded auth server: sessions, codes, MFA factors.';

-- auth.users is Supabase's (GoTrue's) table, not ours: nothing here creates or alters anything in schema auth
-- (a hosted project's deploying role may not). One account per address, whatever its case, is kept by the
-- unique index on lower(email) in supabase/platform/000_supabase_shim.sql where Leadly provides auth.users.

-- Sessions and rotating refresh tokens ----------------------------------------------------------
create table identity.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  aal text not null default 'aal1' check (aal in ('aal1', 'aal2')),
  created_at timestamptz not null default now(),
  refreshed_at timestamptz not null default now(),
  -- absolute lifetime: a session ends here whatever its activity
  not_after timestamptz not null default now() + interval '30 days',
  user_agent text,
  ip text
);
create index sessions_user_id_idx on identity.sessions (user_id);
comment on table identity.sessions is 'One row per sign-in; ends on logout, inactivity or its absolute lifetime.';

create table identity.refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references identity.sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index refresh_tokens_session_idx on identity.refresh_tokens (session_id);
comment on table identity.refresh_tokens is 'Single-use refresh tokens (stored hashed); reuse after rotation ends the session.';

-- One-time codes for email verification and password recovery -----------------------------------
create table identity.one_time_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  purpose text not null check (purpose in ('signup', 'recovery')),
  code_hash text not null,
  attempts int not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index one_time_codes_user_idx on identity.one_time_codes (user_id, purpose);
comment on table identity.one_time_codes is '6-digit codes sent by email; hashed, expiring, single use, attempt-limited.';

-- TOTP factors, challenges and recovery codes ----------------------------------------------------
create table identity.mfa_factors (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  factor_type text not null default 'totp' check (factor_type = 'totp'),
  friendly_name text,
  secret text not null,
  status text not null default 'unverified' check (status in ('unverified', 'verified')),
  last_used_step bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index mfa_factors_user_idx on identity.mfa_factors (user_id);

create table identity.mfa_challenges (
  id uuid primary key default gen_random_uuid(),
  factor_id uuid not null references identity.mfa_factors (id) on delete cascade,
  created_at timestamptz not null default now(),
  verified_at timestamptz
);

create table identity.recovery_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index recovery_codes_user_idx on identity.recovery_codes (user_id);
comment on table identity.recovery_codes is 'Single-use codes that stand in for a TOTP code when the phone is lost.';

-- Outgoing mail: captured here in embedded mode (/dev/mailbox), a send log with SMTP ------------
create table identity.mail_outbox (
  id bigint generated always as identity primary key,
  to_email text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  transport text not null default 'captured',
  created_at timestamptz not null default now()
);
create index mail_outbox_to_idx on identity.mail_outbox (lower(to_email), id desc);
