-- Supabase platform shim
-- What a hosted Supabase project already provides, for the databases that lack it (embedded PGlite, plain
-- Postgres): the roles anon / authenticated / service_role, schema auth with auth.users in GoTrue's shape
-- (the columns Leadly reads and writes), auth.uid(), auth.jwt(), auth.role(), and Supabase's default
-- privileges in public. Not a migration: `supabase db push` never sees this folder. lib/db/migrate.ts runs it
-- before the migrations, only when one of these is missing, and every part below is guarded to create only
-- what is missing, so running it again changes nothing. Migrations may use all of it, and must not create or
-- alter anything in schema auth themselves: a hosted project's deploying role may not.

-- Roles ---------------------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

-- auth schema and auth.users ------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    grant usage on schema auth to anon, authenticated, service_role;
  end if;
  if to_regclass('auth.users') is null then
    create table auth.users (
      instance_id uuid,
      id uuid primary key default gen_random_uuid(),
      aud varchar(255) default 'authenticated',
      role varchar(255) default 'authenticated',
      email varchar(255),
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb default '{}'::jsonb,
      raw_user_meta_data jsonb default '{}'::jsonb,
      phone text,
      banned_until timestamptz,
      deleted_at timestamptz,
      is_anonymous boolean not null default false,
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    );
    -- One account per address whatever its case (Leadly's auth server looks users up by lower(email)).
    -- Hosted GoTrue keeps its own unique index on email and stores addresses lower-cased.
    create unique index users_email_lower_key on auth.users (lower(email));
  end if;
end
$$;

-- Claim helpers -------------------------------------------------------------------------------
do $$
begin
  if to_regprocedure('auth.jwt()') is null then
    execute $f$
      create function auth.jwt() returns jsonb language sql stable as
      'select coalesce(nullif(current_setting(''request.jwt.claims'', true), ''''), ''{}'')::jsonb'
    $f$;
    grant execute on function auth.jwt() to anon, authenticated, service_role;
  end if;
  if to_regprocedure('auth.uid()') is null then
    execute $f$
      create function auth.uid() returns uuid language sql stable as
      'select nullif(nullif(current_setting(''request.jwt.claims'', true), '''')::jsonb ->> ''sub'', '''')::uuid'
    $f$;
    grant execute on function auth.uid() to anon, authenticated, service_role;
  end if;
  if to_regprocedure('auth.role()') is null then
    execute $f$
      create function auth.role() returns text language sql stable as
      'select nullif(current_setting(''request.jwt.claims'', true), '''')::jsonb ->> ''role'''
    $f$;
    grant execute on function auth.role() to anon, authenticated, service_role;
  end if;
end
$$;

-- Default privileges like Supabase's: RLS, not grants, is what limits these roles ------------------
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant select, insert, update, delete on tables to authenticated, service_role;
alter default privileges in schema public grant usage, select on sequences to authenticated, service_role;
alter default privileges in schema public grant execute on functions to authenticated, service_role;
