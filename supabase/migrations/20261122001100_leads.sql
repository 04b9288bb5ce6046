-- Leads: businesses the team is trying to win, moving through one strict status flow
--   NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID
-- one step forward at a time, no skipping, no going back, PAID is final. The database enforces the flow,
-- so every path (API, jobs, webhooks, SQL) obeys it; lib/leads/status.ts mirrors it for the UI.
-- Who may do what follows the CRM core: every member reads; owners, admins, managers and reps write and
-- move leads forward; deleting is for managers and up, or the lead's owner. Only owners and admins may
-- override the flow (any status, with a reason), and every change of status is kept in a history.

-- Statuses ----------------------------------------------------------------------------------------
create type public.lead_status as enum ('NEW', 'CONTACTED', 'INTERESTED', 'PROPOSAL_SENT', 'PAID');
comment on type public.lead_status is 'Where a lead is in the sales flow; the order of the labels is the order of the flow.';

-- The status that follows p_status, or null after PAID.
create function app.next_lead_status(p_status public.lead_status) returns public.lead_status
language sql immutable set search_path = '' as $$
  select case p_status
    when 'NEW' then 'CONTACTED'::public.lead_status
    when 'CONTACTED' then 'INTERESTED'::public.lead_status
    when 'INTERESTED' then 'PROPOSAL_SENT'::public.lead_status
    when 'PROPOSAL_SENT' then 'PAID'::public.lead_status
  end
$$;

-- Why a lead in p_from may not move to p_to, as a sentence that says what is allowed; null when it may.
-- lib/leads/status.ts transitionRefusal() words these the same way.
create function app.lead_status_refusal(p_from public.lead_status, p_to public.lead_status) returns text
language sql immutable set search_path = '' as $$
  select case
    when p_from = 'PAID' then 'PAID is final: this lead cannot change status.'
    when p_to is not distinct from app.next_lead_status(p_from) then null
    else format('A lead in %s can only move to %s.', p_from, app.next_lead_status(p_from))
  end
$$;

-- Leads -------------------------------------------------------------------------------------------
create table public.leads (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  business_name text not null check (length(btrim(business_name)) between 1 and 200),
  contact_name text check (length(contact_name) <= 200),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  phone text check (length(phone) <= 40),
  website text check (length(website) <= 500),
  industry text check (length(industry) <= 80),
  city text check (length(city) <= 120),
  country text check (length(country) <= 120),
  -- where the lead came from: csv, api, scraping, referral ...
  source text check (length(source) <= 80),
  score int check (score between 0 and 100),
  notes text check (length(notes) <= 10000),
  tags text[] not null default '{}',
  company_id uuid references public.companies (id) on delete set null,
  contact_id uuid references public.contacts (id) on delete set null,
  -- changed only through app.transition_lead and app.override_lead_status (see app.guard_lead_status)
  status public.lead_status not null default 'NEW',
  status_changed_at timestamptz not null default now(),
  owner_id uuid references auth.users (id) on delete set null default auth.uid(),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- soft delete, so "undo" can bring a lead back; lists hide deleted rows
  deleted_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(business_name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(contact_name, '') || ' ' || coalesce(email, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(industry, '') || ' ' || coalesce(city, '') || ' ' || coalesce(country, '')), 'C')
  ) stored
);
-- List by status (kanban columns, "all INTERESTED leads") and the plain newest-first list
create index leads_team_status_idx on public.leads (team_id, status, created_at desc, id) where deleted_at is null;
create index leads_team_idx on public.leads (team_id, created_at desc, id) where deleted_at is null;
create index leads_team_owner_idx on public.leads (team_id, owner_id, created_at desc) where deleted_at is null;
-- One live lead per email in a workspace; app.check_lead says so in words before this index has to
create unique index leads_team_email_key on public.leads (team_id, lower(email))
  where deleted_at is null and email is not null;
create index leads_company_idx on public.leads (company_id) where company_id is not null;
create index leads_contact_idx on public.leads (contact_id) where contact_id is not null;
create index leads_search_idx on public.leads using gin (search);
comment on table public.leads is 'Businesses the team is trying to win, each in exactly one status of the sales flow.';
comment on column public.leads.status is
  'NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID, one step at a time; change it with app.transition_lead.';
comment on column public.leads.status_changed_at is 'When the status last changed (set by the database, not writable).';
comment on column public.leads.score is 'Lead score, 0 to 100.';

-- Status history ------------------------------------------------------------------------------------
create table public.lead_status_changes (
  -- an identity, so changes within one transaction (same created_at) still have an order
  id bigint generated always as identity primary key,
  team_id uuid not null references public.teams (id) on delete cascade,
  lead_id uuid not null references public.leads (id) on delete cascade,
  from_status public.lead_status not null,
  to_status public.lead_status not null,
  changed_by uuid references auth.users (id) on delete set null,
  -- the job that made the change when no user did (see app.service_reason in lib/db/transaction.ts)
  service_reason text,
  reason text,
  is_override boolean not null default false,
  created_at timestamptz not null default now(),
  check (not is_override or length(btrim(reason)) >= 5)
);
create index lead_status_changes_lead_idx on public.lead_status_changes (lead_id, id);
create index lead_status_changes_team_idx on public.lead_status_changes (team_id, created_at desc);
comment on table public.lead_status_changes is
  'Every change of a lead''s status, normal or overridden; written by the leads trigger only.';
comment on column public.lead_status_changes.is_override is 'True when an owner or admin set the status outside the flow.';

-- Override permits: written by app.override_lead_status, consumed by the status trigger in the same
-- transaction. No role but the owner has any privilege here, so a user cannot forge an override.
create table app.lead_status_override_grants (
  txid bigint not null,
  lead_id uuid not null,
  to_status public.lead_status not null,
  reason text not null,
  primary key (txid, lead_id)
);
revoke all on app.lead_status_override_grants from public, anon, authenticated;
comment on table app.lead_status_override_grants is
  'One-shot permits for app.override_lead_status; always empty outside a running override.';

-- Business rules the columns cannot express ---------------------------------------------------------
-- The status flow. Inserts start in NEW; an update may change the status only one step forward, and
-- only inside app.transition_lead (or with an override permit); status_changed_at follows the status.
-- The app.lead_transition setting is a routing convention, not a permission: anyone able to set it
-- could only make the same one-step move app.transition_lead would make.
create function app.guard_lead_status() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_grant app.lead_status_override_grants;
  v_refusal text;
begin
  if tg_op = 'INSERT' then
    if new.status is distinct from 'NEW' then
      raise exception 'A new lead starts in NEW; move it forward one step at a time.' using errcode = 'P0001';
    end if;
    new.status_changed_at := now();
    return new;
  end if;

  if new.status is not distinct from old.status then
    new.status_changed_at := old.status_changed_at;
    return new;
  end if;

  delete from app.lead_status_override_grants
  where txid = txid_current() and lead_id = old.id and to_status = new.status
  returning * into v_grant;

  if v_grant.lead_id is null then
    v_refusal := app.lead_status_refusal(old.status, new.status);
    if v_refusal is not null then
      raise exception '%', v_refusal using errcode = 'P0001';
    end if;
    if coalesce(current_setting('app.lead_transition', true), '') <> old.id::text then
      raise exception 'Change a lead''s status with its status actions, not by editing the lead.' using errcode = 'P0001';
    end if;
  end if;

  new.status_changed_at := now();
  insert into public.lead_status_changes
    (team_id, lead_id, from_status, to_status, changed_by, service_reason, reason, is_override)
  values (
    new.team_id, new.id, old.status, new.status, (select auth.uid()),
    nullif(current_setting('app.service_reason', true), ''), v_grant.reason, v_grant.lead_id is not null
  );
  return new;
end
$$;
create trigger leads_status before insert or update on public.leads
  for each row execute function app.guard_lead_status();

-- Same team for the linked contact (the company uses app.check_same_team_company from the CRM core),
-- and one live lead per email in a workspace, refused with a sentence rather than a bare 23505.
create function app.check_lead() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.contact_id is not null and (tg_op = 'INSERT' or new.contact_id is distinct from old.contact_id
     or new.team_id is distinct from old.team_id) and not exists (
    select 1 from public.contacts where id = new.contact_id and team_id = new.team_id
  ) then
    raise exception 'That contact does not exist in this workspace.' using errcode = 'P0002';
  end if;

  if new.email is not null and new.deleted_at is null and (tg_op = 'INSERT'
     or lower(new.email) is distinct from lower(old.email) or new.team_id is distinct from old.team_id
     or old.deleted_at is not null) then
    -- two people adding the same email at once: the second waits here, then sees the first's row
    perform pg_advisory_xact_lock(hashtextextended('lead-email:' || new.team_id || ':' || lower(new.email), 0));
    if exists (
      select 1 from public.leads
      where team_id = new.team_id and lower(email) = lower(new.email) and deleted_at is null and id <> new.id
    ) then
      raise exception 'A lead with this email already exists in this workspace.' using errcode = 'P0001';
    end if;
  end if;
  return new;
end
$$;
create trigger leads_check before insert or update of email, team_id, deleted_at, contact_id on public.leads
  for each row execute function app.check_lead();
create trigger leads_company_same_team before insert or update of company_id, team_id on public.leads
  for each row execute function app.check_same_team_company();

-- Moving a lead ---------------------------------------------------------------------------------------
-- One step forward. Security invoker, so RLS decides: other teams' leads are "not found", viewers are
-- refused. Returns the updated lead.
create function app.transition_lead(p_lead_id uuid, p_to public.lead_status) returns public.leads
language plpgsql security invoker set search_path = '' as $$
declare
  v_lead public.leads;
  v_refusal text;
begin
  if p_to is null then
    raise exception 'Choose the status to move this lead to.' using errcode = 'P0001';
  end if;
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  if (select auth.uid()) is not null and not app.can_write(v_lead.team_id) then
    raise exception 'Only owners, admins, managers and reps can change a lead''s status.' using errcode = '42501';
  end if;
  -- lock the row: of two moves at the same time the second is judged against the first one's result
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null for update;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  v_refusal := app.lead_status_refusal(v_lead.status, p_to);
  if v_refusal is not null then
    raise exception '%', v_refusal using errcode = 'P0001';
  end if;
  perform set_config('app.lead_transition', p_lead_id::text, true);
  update public.leads set status = p_to where id = p_lead_id returning * into v_lead;
  perform set_config('app.lead_transition', '', true);
  return v_lead;
end
$$;
comment on function app.transition_lead(uuid, public.lead_status) is
  'Moves a lead one step forward in the status flow (RLS applies); the change is recorded in lead_status_changes.';

-- Any status, for owners and admins of the lead's team, with a reason; recorded with is_override.
create function app.override_lead_status(p_lead_id uuid, p_to public.lead_status, p_reason text)
returns public.leads
language plpgsql security definer set search_path = '' as $$
declare
  v_lead public.leads;
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to override a lead''s status.' using errcode = '42501';
  end if;
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null for update;
  if v_lead.id is null or not (v_lead.team_id = any (array(select app.my_team_ids()))) then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  if not app.has_team_role(v_lead.team_id, array['owner', 'admin']::public.team_role[]) then
    raise exception 'Only owners and admins can override a lead''s status.' using errcode = '42501';
  end if;
  if length(btrim(coalesce(p_reason, ''))) < 5 then
    raise exception 'Give a reason of at least 5 characters for overriding the status.' using errcode = 'P0001';
  end if;
  if p_to is null then
    raise exception 'Choose the status to move this lead to.' using errcode = 'P0001';
  end if;
  if p_to = v_lead.status then
    raise exception 'This lead is already in %.', p_to using errcode = 'P0001';
  end if;
  insert into app.lead_status_override_grants (txid, lead_id, to_status, reason)
  values (txid_current(), p_lead_id, p_to, btrim(p_reason));
  update public.leads set status = p_to where id = p_lead_id returning * into v_lead;
  return v_lead;
end
$$;
comment on function app.override_lead_status(uuid, public.lead_status, text) is
  'Sets any status on a lead, outside the flow; owners and admins only, with a reason of at least 5 characters.';

grant execute on function app.next_lead_status(public.lead_status),
  app.lead_status_refusal(public.lead_status, public.lead_status),
  app.transition_lead(uuid, public.lead_status),
  app.override_lead_status(uuid, public.lead_status, text) to authenticated, service_role;

-- RLS ---------------------------------------------------------------------------------------------
alter table public.leads enable row level security;
alter table public.lead_status_changes enable row level security;

create policy "Members can see their team's leads" on public.leads
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add leads to their team" on public.leads
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can edit their team's leads" on public.leads
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Managers and owners of the record can delete leads" on public.leads
  for delete to authenticated using (app.can_delete(team_id, owner_id));

create policy "Members can see their team's lead status history" on public.lead_status_changes
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
-- no write policies, and no write privileges: only the leads trigger writes history
revoke insert, update, delete on public.lead_status_changes from authenticated, anon;

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger leads_touch before update on public.leads for each row execute function app.touch_updated_at();
create trigger leads_audit after insert or update or delete on public.leads
  for each row execute function app.audit();
create trigger leads_soft_delete before update of deleted_at on public.leads
  for each row execute function app.guard_soft_delete();
