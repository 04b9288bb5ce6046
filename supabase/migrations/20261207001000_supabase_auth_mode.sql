-- Supabase Auth mode: what Leadly needs when a Supabase project's Auth (GoTrue) signs people in instead of the
-- embedded server. Nothing here is created in schema auth (a hosted project's deploy role may not); the trigger
-- on auth.users is allowed there, as in Supabase's own "handle_new_user" examples.

-- The team a user works in now ------------------------------------------------------------------------------
-- Leadly's own record, so no claim only the embedded auth server can mint decides it. Both modes write it
-- (lib/teams.ts); embedded tokens also name the team (app_metadata.team_id), Supabase's never do.
create table public.current_teams (
  user_id uuid primary key references auth.users (id) on delete cascade,
  team_id uuid not null,
  updated_at timestamptz not null default now(),
  -- only a team the user is a member of; leaving it forgets the choice
  foreign key (team_id, user_id) references public.team_members (team_id, user_id) on delete cascade
);
comment on table public.current_teams is 'The team each user last switched to (the app works in one team at a time).';

alter table public.current_teams enable row level security;
create policy "Users see their own current team" on public.current_teams
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users pick their own current team" on public.current_teams
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users change their own current team" on public.current_teams
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users forget their own current team" on public.current_teams
  for delete to authenticated using (user_id = (select auth.uid()));
grant select, insert, update, delete on public.current_teams to authenticated, service_role;

-- A confirmed signup that named a company gets that company as a team, with the user as owner ---------------
-- Fires however the user was confirmed: GoTrue inserting a confirmed user (autoconfirm) or confirming one later,
-- or the embedded server's verify (lib/auth/service.ts, whose provisionAfterSignup then finds the team made and
-- does not make another). Users without company_name (invitees) get no team. A failure here is logged as a
-- warning and never blocks the sign-up itself.
create function app.provision_signup_team() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  v_company text := left(btrim(coalesce(v_meta ->> 'company_name', '')), 80);
  v_claims text := current_setting('request.jwt.claims', true);
  v_allowed text[] := array['contacts', 'companies', 'leads', 'deals', 'tasks', 'chat', 'notes', 'reports'];
  v_modules text[];
begin
  if new.email_confirmed_at is null or v_company = '' then return new; end if;
  if tg_op = 'UPDATE' and old.email_confirmed_at is not null then return new; end if;
  if exists (select 1 from public.team_members where user_id = new.id) then return new; end if;
  begin
    insert into public.profiles (id, full_name, job_role)
    values (new.id, left(coalesce(v_meta ->> 'full_name', ''), 120), nullif(left(coalesce(v_meta ->> 'job_role', ''), 80), ''))
    on conflict (id) do nothing;
    if jsonb_typeof(v_meta -> 'modules') = 'array' then
      v_modules := array(select m from jsonb_array_elements_text(v_meta -> 'modules') m where m = any (v_allowed));
    end if;
    -- app.create_team makes whoever auth.uid() names the owner: the new user, for this statement only.
    perform set_config('request.jwt.claims', jsonb_build_object('sub', new.id, 'role', 'authenticated')::text, true);
    perform app.create_team(
      v_company,
      nullif(left(btrim(coalesce(v_meta ->> 'industry', '')), 80), ''),
      case when cardinality(v_modules) > 0 then v_modules end
    );
    perform set_config('request.jwt.claims', coalesce(v_claims, ''), true);
  exception when others then
    raise warning 'Leadly could not create the team of new user %: %', new.id, sqlerrm;
  end;
  return new;
end
$$;
revoke execute on function app.provision_signup_team() from public;

create trigger leadly_provision_signup_team after insert or update of email_confirmed_at on auth.users
  for each row execute function app.provision_signup_team();

-- Whether a user owes a second factor, where Supabase Auth keeps factors ------------------------------------
-- auth.mfa_factors exists on Supabase projects, not in the embedded database (whose factors are Leadly's own,
-- identity.mfa_factors), so it is looked up by name at run time.
create function app.has_verified_mfa_factor(p_user uuid) returns boolean
language plpgsql stable set search_path = '' as $$
declare
  v_found boolean;
begin
  if to_regclass('auth.mfa_factors') is null then return false; end if;
  execute 'select exists (select 1 from auth.mfa_factors where user_id = $1 and status::text = ''verified'')'
    into v_found using p_user;
  return v_found;
end
$$;
revoke execute on function app.has_verified_mfa_factor(uuid) from public, anon, authenticated;
