-- CRM core: companies and contacts, plus the role helpers every CRM table's policies use.
-- Who may do what: every member reads the team's records; owners, admins, managers and reps write;
-- viewers only read. Deleting is for managers and up, or the record's owner.

-- Role helpers ------------------------------------------------------------------------------------
create function app.can_write(p_team_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.has_team_role(p_team_id, array['owner', 'admin', 'manager', 'rep']::public.team_role[])
$$;

create function app.can_delete(p_team_id uuid, p_owner_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.has_team_role(p_team_id, array['owner', 'admin', 'manager']::public.team_role[])
      or (p_owner_id = (select auth.uid()) and app.can_write(p_team_id))
$$;

grant execute on function app.can_write(uuid), app.can_delete(uuid, uuid) to authenticated;

-- Companies ---------------------------------------------------------------------------------------
create table public.companies (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  domain text check (length(domain) <= 253),
  website text check (length(website) <= 500),
  linkedin_url text check (length(linkedin_url) <= 500),
  industry text check (length(industry) <= 80),
  size text check (size in ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5000+')),
  annual_revenue numeric(16, 2) check (annual_revenue >= 0),
  city text check (length(city) <= 120),
  country text check (length(country) <= 120),
  lead_source text check (length(lead_source) <= 80),
  lead_score int check (lead_score between 0 and 100),
  tags text[] not null default '{}',
  owner_id uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- soft delete, so "undo" can bring a record back; lists hide deleted rows
  deleted_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(domain, '') || ' ' || coalesce(industry, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(city, '') || ' ' || coalesce(country, '')), 'C')
  ) stored
);
create index companies_team_idx on public.companies (team_id, created_at desc, id) where deleted_at is null;
create index companies_team_name_idx on public.companies (team_id, lower(name), id) where deleted_at is null;
create index companies_domain_idx on public.companies (team_id, lower(domain)) where deleted_at is null;
create index companies_search_idx on public.companies using gin (search);
comment on table public.companies is 'Accounts the team sells to.';

-- Contacts ----------------------------------------------------------------------------------------
create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  company_id uuid references public.companies (id) on delete set null,
  first_name text not null default '' check (length(first_name) <= 100),
  last_name text not null default '' check (length(last_name) <= 100),
  email text check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  -- further addresses and numbers: [{ "label": "work", "value": "..." }]
  emails jsonb not null default '[]' check (jsonb_typeof(emails) = 'array'),
  phones jsonb not null default '[]' check (jsonb_typeof(phones) = 'array'),
  job_title text check (length(job_title) <= 120),
  industry text check (length(industry) <= 80),
  city text check (length(city) <= 120),
  country text check (length(country) <= 120),
  website text check (length(website) <= 500),
  linkedin_url text check (length(linkedin_url) <= 500),
  lead_source text check (length(lead_source) <= 80),
  lead_score int check (lead_score between 0 and 100),
  tags text[] not null default '{}',
  owner_id uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check (length(btrim(first_name || last_name || coalesce(email, ''))) > 0),
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(email, '') || ' ' || coalesce(job_title, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(city, '') || ' ' || coalesce(industry, '')), 'C')
  ) stored
);
create index contacts_team_idx on public.contacts (team_id, created_at desc, id) where deleted_at is null;
create index contacts_team_last_name_idx on public.contacts (team_id, lower(last_name), id) where deleted_at is null;
create index contacts_team_industry_idx on public.contacts (team_id, industry, created_at desc, id) where deleted_at is null;
create index contacts_email_idx on public.contacts (team_id, lower(email)) where deleted_at is null;
create index contacts_company_idx on public.contacts (company_id);
create index contacts_search_idx on public.contacts using gin (search);
comment on table public.contacts is 'People the team sells to, optionally at a company.';

-- A contact's company must belong to the same team.
create function app.check_same_team_company() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.company_id is not null and not exists (
    select 1 from public.companies where id = new.company_id and team_id = new.team_id
  ) then
    raise exception 'That company does not exist in this workspace.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger contacts_company_same_team before insert or update of company_id, team_id on public.contacts
  for each row execute function app.check_same_team_company();

-- RLS ---------------------------------------------------------------------------------------------
alter table public.companies enable row level security;
alter table public.contacts enable row level security;

create policy "Members can see their team's companies" on public.companies
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add companies to their team" on public.companies
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can edit their team's companies" on public.companies
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Managers and owners of the record can delete companies" on public.companies
  for delete to authenticated using (app.can_delete(team_id, owner_id));

create policy "Members can see their team's contacts" on public.contacts
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add contacts to their team" on public.contacts
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can edit their team's contacts" on public.contacts
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Managers and owners of the record can delete contacts" on public.contacts
  for delete to authenticated using (app.can_delete(team_id, owner_id));

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger companies_touch before update on public.companies for each row execute function app.touch_updated_at();
create trigger contacts_touch before update on public.contacts for each row execute function app.touch_updated_at();
create trigger companies_audit after insert or update or delete on public.companies
  for each row execute function app.audit();
create trigger contacts_audit after insert or update or delete on public.contacts
  for each row execute function app.audit();

-- Soft delete follows the delete rules: hiding a record is deleting it, whatever column it touches.
create function app.guard_soft_delete() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if (old.deleted_at is distinct from new.deleted_at) and (select auth.uid()) is not null
     and not app.can_delete(new.team_id, old.owner_id) then
    raise exception 'Only managers, admins, owners or the record''s owner can delete it.' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger companies_soft_delete before update of deleted_at on public.companies
  for each row execute function app.guard_soft_delete();
create trigger contacts_soft_delete before update of deleted_at on public.contacts
  for each row execute function app.guard_soft_delete();
