-- Teams (workspaces), members, invitations, profiles and the audit log.
-- Tenancy rule: a user sees a team's rows only while they are a member of that team.

create schema if not exists app;
grant usage on schema app to authenticated, service_role;
comment on schema app is 'Helper functions used by RLS policies and by the application.';

create type public.team_role as enum ('owner', 'admin', 'manager', 'rep', 'viewer');

-- Tables ----------------------------------------------------------------------------------------
create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 80),
  industry text check (length(industry) <= 80),
  -- which product modules the workspace shows (signup step 4)
  modules text[] not null default array['contacts', 'companies', 'leads', 'deals', 'tasks', 'chat', 'notes', 'reports'],
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.teams is 'A workspace: the tenant boundary of every record in Leadly.';

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.team_role not null default 'rep',
  created_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index team_members_user_idx on public.team_members (user_id);
comment on table public.team_members is 'Who belongs to which team, with which role.';

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  email text not null check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role public.team_role not null default 'rep',
  token_hash text not null unique,
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz
);
create index invitations_team_idx on public.invitations (team_id);
create index invitations_email_idx on public.invitations (lower(email));
comment on table public.invitations is 'Email invitations to join a team with a role; accepted once.';

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  full_name text not null default '' check (length(full_name) <= 120),
  job_role text check (length(job_role) <= 80),
  timezone text not null default 'UTC',
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'Public profile of a user, visible to the people they share a team with.';

create table public.audit_logs (
  id bigint generated always as identity primary key,
  team_id uuid not null references public.teams (id) on delete cascade,
  actor_id uuid,
  service_reason text,
  table_name text not null,
  record_id text,
  action text not null check (action in ('INSERT', 'UPDATE', 'DELETE')),
  old_data jsonb,
  new_data jsonb,
  created_at timestamptz not null default now()
);
create index audit_logs_team_idx on public.audit_logs (team_id, id desc);
comment on table public.audit_logs is 'Who changed what and when, written by triggers only.';

-- Helpers (security definer, empty search_path) ---------------------------------------------------
create function app.my_team_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select team_id from public.team_members where user_id = (select auth.uid())
$$;

create function app.has_team_role(p_team_id uuid, p_roles public.team_role[]) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.team_members
    where team_id = p_team_id and user_id = (select auth.uid()) and role = any (p_roles)
  )
$$;

create function app.shares_team_with(p_user_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select p_user_id = (select auth.uid()) or exists (
    select 1 from public.team_members mine
    join public.team_members theirs on theirs.team_id = mine.team_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
  )
$$;

create function app.jwt_email() returns text
language sql stable as $$
  select lower(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
$$;

grant execute on all functions in schema app to authenticated, service_role;

-- Row level security --------------------------------------------------------------------------------
alter table public.teams enable row level security;
alter table public.team_members enable row level security;
alter table public.invitations enable row level security;
alter table public.profiles enable row level security;
alter table public.audit_logs enable row level security;

create policy "Members can see their teams" on public.teams
  for select to authenticated using (id = any (array(select app.my_team_ids())));
create policy "Owners and admins can rename their team" on public.teams
  for update to authenticated
  using (app.has_team_role(id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(id, array['owner', 'admin']::public.team_role[]));
create policy "Owners can delete their team" on public.teams
  for delete to authenticated using (app.has_team_role(id, array['owner']::public.team_role[]));
-- teams are created through app.create_team so the creator becomes owner in the same statement

create policy "Members can see who is in their teams" on public.team_members
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can change member roles" on public.team_members
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can remove members, anyone can leave" on public.team_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
-- members are added through app.create_team and app.accept_invitation

create policy "Owners and admins see their team's invitations, invitees see their own" on public.invitations
  for select to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]) or lower(email) = app.jwt_email());
create policy "Owners and admins can invite" on public.invitations
  for insert to authenticated
  with check (
    app.has_team_role(team_id, array['owner', 'admin']::public.team_role[])
    and (role <> 'owner' or app.has_team_role(team_id, array['owner']::public.team_role[]))
    and invited_by = (select auth.uid())
  );
create policy "Owners and admins can revoke invitations" on public.invitations
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can delete invitations" on public.invitations
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create policy "Teammates can see each other's profiles" on public.profiles
  for select to authenticated using (app.shares_team_with(id));
create policy "Users can create their own profile" on public.profiles
  for insert to authenticated with check (id = (select auth.uid()));
create policy "Users can edit their own profile" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy "Owners and admins can read their team's audit log" on public.audit_logs
  for select to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

revoke insert, update, delete on public.audit_logs from authenticated;

-- Business rules the policies cannot express ------------------------------------------------------
create function app.guard_member_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_team uuid := coalesce(new.team_id, old.team_id);
  -- current_user is this function's owner here, so "a user is acting" is read from the claims
  v_acting_as_user boolean := (select auth.uid()) is not null;
begin
  if v_acting_as_user and tg_op = 'UPDATE' and (old.role = 'owner' or new.role = 'owner')
     and not app.has_team_role(v_team, array['owner']::public.team_role[]) then
    raise exception 'Only an owner can grant or take away the owner role.' using errcode = '42501';
  end if;
  if (tg_op = 'DELETE' or new.role <> 'owner') and old.role = 'owner' and not exists (
    select 1 from public.team_members
    where team_id = v_team and role = 'owner' and user_id <> old.user_id
  ) and exists (select 1 from public.teams where id = v_team) then
    raise exception 'A team needs at least one owner. Make someone else owner first.' using errcode = 'P0001';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end
$$;
create trigger team_members_guard before update or delete on public.team_members
  for each row execute function app.guard_member_change();

create function app.create_team(p_name text, p_industry text default null, p_modules text[] default null)
returns public.teams
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_team public.teams;
begin
  if v_user is null then raise exception 'Sign in to create a team.' using errcode = '42501'; end if;
  insert into public.teams (name, industry, modules, created_by)
  values (btrim(p_name), nullif(btrim(p_industry), ''),
          coalesce(p_modules, array['contacts', 'companies', 'leads', 'deals', 'tasks', 'chat', 'notes', 'reports']), v_user)
  returning * into v_team;
  insert into public.team_members (team_id, user_id, role) values (v_team.id, v_user, 'owner');
  return v_team;
end
$$;

create function app.accept_invitation(p_token_hash text) returns public.team_members
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_invite public.invitations;
  v_member public.team_members;
begin
  select * into v_invite from public.invitations where token_hash = p_token_hash for update;
  if v_invite.id is null or v_invite.revoked_at is not null then
    raise exception 'This invitation does not exist or was withdrawn.' using errcode = 'P0002';
  end if;
  if v_invite.accepted_at is not null then
    raise exception 'This invitation was already used.' using errcode = 'P0001';
  end if;
  if v_invite.expires_at < now() then
    raise exception 'This invitation has expired. Ask for a new one.' using errcode = 'P0001';
  end if;
  if lower(v_invite.email) <> app.jwt_email() then
    raise exception 'This invitation was sent to another email address.' using errcode = '42501';
  end if;
  insert into public.team_members (team_id, user_id, role) values (v_invite.team_id, v_user, v_invite.role)
  on conflict (team_id, user_id) do update set role = excluded.role
  returning * into v_member;
  update public.invitations set accepted_at = now(), accepted_by = v_user where id = v_invite.id;
  return v_member;
end
$$;

grant execute on function app.create_team(text, text, text[]), app.accept_invitation(text) to authenticated;

-- Audit ---------------------------------------------------------------------------------------------
create function app.audit() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_row jsonb := to_jsonb(coalesce(new, old));
  v_team uuid := coalesce((v_row ->> 'team_id')::uuid, case when tg_table_name = 'teams' then (v_row ->> 'id')::uuid end);
begin
  -- rows removed with their team leave no log: the team's log goes with it
  if not exists (select 1 from public.teams where id = v_team) then return coalesce(new, old); end if;
  insert into public.audit_logs (team_id, actor_id, service_reason, table_name, record_id, action, old_data, new_data)
  values (
    v_team,
    (select auth.uid()),
    nullif(current_setting('app.service_reason', true), ''),
    tg_table_name,
    coalesce(v_row ->> 'id', v_row ->> 'user_id'),
    tg_op,
    case when tg_op <> 'INSERT' then to_jsonb(old) - 'token_hash' end,
    case when tg_op <> 'DELETE' then to_jsonb(new) - 'token_hash' end
  );
  return coalesce(new, old);
end
$$;

create trigger teams_audit after insert or update or delete on public.teams
  for each row execute function app.audit();
create trigger team_members_audit after insert or update or delete on public.team_members
  for each row execute function app.audit();
create trigger invitations_audit after insert or update or delete on public.invitations
  for each row execute function app.audit();

-- updated_at bookkeeping ---------------------------------------------------------------------------
create function app.touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger teams_touch before update on public.teams for each row execute function app.touch_updated_at();
create trigger profiles_touch before update on public.profiles for each row execute function app.touch_updated_at();
create function app.member_email(p_team_id uuid, p_user_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select u.email from auth.users u
  where u.id = p_user_id
    and exists (select 1 from public.team_members where team_id = p_team_id and user_id = p_user_id)
    and exists (select 1 from public.team_members where team_id = p_team_id and user_id = (select auth.uid()))
$$;
grant execute on function app.member_email(uuid, uuid) to authenticated;
