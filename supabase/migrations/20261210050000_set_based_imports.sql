-- Imports and other multi-row writes, cheaper per row with the same rules (profiled on PGlite with the
-- csv_import benchmark's 100,000 contacts; docs/import.md has the figures).
--
-- 1. Triggers that only ever did something for some rows now say so in a WHEN clause, so the other rows
--    never enter PL/pgSQL: every imported contact or company logs a system "created" activity, and
--    app.check_activity() and app.activity_score_stale() return at once for system activities; the
--    same-team checks of contacts, leads and deals return at once when the link is empty.
-- 2. The score bookkeeping of inserted contacts asks "is this team scored?" once per team of the
--    statement, not once per row.
-- 3. Leads, deals and tasks get what contacts and companies got in 20261209010000: insert and update
--    policies reading the writable teams once per statement (where app.can_write(team_id) ran per row),
--    and, on INSERT, the audit log, the owner (and assignee) membership check and the lead score
--    bookkeeping once per statement over the inserted rows. UPDATE and DELETE keep their row triggers.
-- 4. The import's duplicate lookups probe the index for all keys in one query instead of a loop.
--
-- Nothing is allowed that was refused before and nothing is written differently.

-- 1. System activities skip the checks that return at once for them ------------------------------------

drop trigger activities_check on public.activities;
create trigger activities_check before insert on public.activities
  for each row when (not new.is_system) execute function app.check_activity();

-- (app.activity_score_stale reads coalesce(new, old): NEW on insert and update, OLD on delete)
drop trigger activities_score_stale on public.activities;
create trigger activities_score_stale after insert or update on public.activities
  for each row when (not new.is_system) execute function app.activity_score_stale();
create trigger activities_score_stale_deleted after delete on public.activities
  for each row when (not old.is_system) execute function app.activity_score_stale();

-- The same-team checks raise only for a link that is set.
drop trigger contacts_company_same_team on public.contacts;
create trigger contacts_company_same_team before insert or update of company_id, team_id on public.contacts
  for each row when (new.company_id is not null) execute function app.check_same_team_company();
drop trigger leads_company_same_team on public.leads;
create trigger leads_company_same_team before insert or update of company_id, team_id on public.leads
  for each row when (new.company_id is not null) execute function app.check_same_team_company();
drop trigger leads_deal_same_team on public.leads;
create trigger leads_deal_same_team before insert or update of deal_id, team_id on public.leads
  for each row when (new.deal_id is not null) execute function app.check_lead_deal();
drop trigger deals_company_same_team on public.deals;
create trigger deals_company_same_team before insert or update of company_id, team_id on public.deals
  for each row when (new.company_id is not null) execute function app.check_same_team_company();
drop trigger deals_contact_same_team on public.deals;
create trigger deals_contact_same_team before insert or update of contact_id, team_id on public.deals
  for each row when (new.contact_id is not null) execute function app.check_same_team_contact();

-- 2. Scored teams looked up once per statement ----------------------------------------------------------

create or replace function app.inserted_contacts_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'contact', n.id, n.team_id
  from new_rows n
  -- array(...) is computed once: which of the statement's teams are scored
  where n.team_id = any (array(select t.team_id from (select distinct team_id from new_rows) t
                               where app.team_is_scored(t.team_id)))
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;

-- New leads of scored teams need a score (as app.lead_score_stale() marks them, once per statement).
create function app.inserted_leads_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'lead', n.id, n.team_id
  from new_rows n
  where n.team_id = any (array(select t.team_id from (select distinct team_id from new_rows) t
                               where app.team_is_scored(t.team_id)))
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;
revoke execute on function app.inserted_leads_score_stale() from public;

-- 3. Leads, deals and tasks: policies and insert triggers once per statement ----------------------------

drop policy "Writers can add leads to their team" on public.leads;
create policy "Writers can add leads to their team" on public.leads
  for insert to authenticated with check (team_id = any (array(select app.my_writable_team_ids())));
drop policy "Writers can edit their team's leads" on public.leads;
create policy "Writers can edit their team's leads" on public.leads
  for update to authenticated using (team_id = any (array(select app.my_writable_team_ids())))
  with check (team_id = any (array(select app.my_writable_team_ids())));

drop policy "Writers can add deals to their team" on public.deals;
create policy "Writers can add deals to their team" on public.deals
  for insert to authenticated with check (team_id = any (array(select app.my_writable_team_ids())));
drop policy "Writers can edit and move their team's deals" on public.deals;
create policy "Writers can edit and move their team's deals" on public.deals
  for update to authenticated using (team_id = any (array(select app.my_writable_team_ids())))
  with check (team_id = any (array(select app.my_writable_team_ids())));

drop policy "Writers can add tasks to their team" on public.tasks;
create policy "Writers can add tasks to their team" on public.tasks
  for insert to authenticated with check (team_id = any (array(select app.my_writable_team_ids())));
drop policy "Writers can edit their team's tasks" on public.tasks;
create policy "Writers can edit their team's tasks" on public.tasks
  for update to authenticated using (team_id = any (array(select app.my_writable_team_ids())))
  with check (team_id = any (array(select app.my_writable_team_ids())));

-- The people named in these columns of inserted rows are members of the rows' teams (as
-- app.check_people_are_members(columns...) checks each row on insert).
create function app.check_inserted_people_are_members() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_column text;
  v_outsider boolean;
begin
  foreach v_column in array tg_argv loop
    execute format(
      'select exists (select 1 from new_rows n where n.%1$I is not null and not exists
         (select 1 from public.team_members m where m.team_id = n.team_id and m.user_id = n.%1$I))',
      v_column) into v_outsider;
    if v_outsider then
      raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
    end if;
  end loop;
  return null;
end
$$;
revoke execute on function app.check_inserted_people_are_members() from public;

drop trigger leads_audit on public.leads;
create trigger leads_audit after update or delete on public.leads
  for each row execute function app.audit();
create trigger leads_audit_inserted after insert on public.leads
  referencing new table as new_rows for each statement execute function app.audit_inserted();
drop trigger leads_owner_is_member on public.leads;
create trigger leads_owner_is_member after update of owner_id on public.leads
  for each row execute function app.check_people_are_members('owner_id');
create trigger leads_owner_is_member_inserted after insert on public.leads
  referencing new table as new_rows for each statement execute function app.check_inserted_owners_are_members();
drop trigger leads_score_stale on public.leads;
create trigger leads_score_stale
  after update of industry, country, source, company_id, contact_id, deleted_at on public.leads
  for each row execute function app.lead_score_stale();
create trigger leads_score_stale_inserted after insert on public.leads
  referencing new table as new_rows for each statement execute function app.inserted_leads_score_stale();

drop trigger deals_audit on public.deals;
create trigger deals_audit after update or delete on public.deals
  for each row execute function app.audit();
create trigger deals_audit_inserted after insert on public.deals
  referencing new table as new_rows for each statement execute function app.audit_inserted();
drop trigger deals_owner_is_member on public.deals;
create trigger deals_owner_is_member after update of owner_id on public.deals
  for each row execute function app.check_people_are_members('owner_id');
create trigger deals_owner_is_member_inserted after insert on public.deals
  referencing new table as new_rows for each statement execute function app.check_inserted_owners_are_members();

drop trigger tasks_audit on public.tasks;
create trigger tasks_audit after update or delete on public.tasks
  for each row execute function app.audit();
create trigger tasks_audit_inserted after insert on public.tasks
  referencing new table as new_rows for each statement execute function app.audit_inserted();
drop trigger tasks_people_are_members on public.tasks;
create trigger tasks_people_are_members after update of owner_id, assignee_id on public.tasks
  for each row execute function app.check_people_are_members('owner_id', 'assignee_id');
create trigger tasks_people_are_members_inserted after insert on public.tasks
  referencing new table as new_rows for each statement
  execute function app.check_inserted_people_are_members('owner_id', 'assignee_id');

-- 4. Duplicate lookups in one query ----------------------------------------------------------------------
-- The same probe of the email (domain) index per key, the oldest record first, but as one lateral join:
-- a loop of `return query` started the executor once per key (~15 µs each, 1.5 s of a 100k-row import).

create or replace function app.import_find_contacts(p_team_id uuid, p_emails jsonb)
returns table (key text, id uuid)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
begin
  if not p_team_id = any (array(select app.my_team_ids())) then return; end if;
  -- the fence (offset 0) keeps "oldest first" from picking another index than contacts_email_idx
  return query
    select k.key, m.id
    from (select distinct jsonb_array_elements_text(p_emails) as key) k
    cross join lateral (
      select f.id from (
        select c.id, c.created_at from public.contacts c
        where c.team_id = p_team_id and lower(c.email) = k.key and c.deleted_at is null offset 0
      ) f order by f.created_at, f.id limit 1
    ) m;
end
$$;

create or replace function app.import_find_companies_by_domain(p_team_id uuid, p_domains jsonb)
returns table (key text, id uuid)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
begin
  if not p_team_id = any (array(select app.my_team_ids())) then return; end if;
  return query
    select k.key, m.id
    from (select distinct jsonb_array_elements_text(p_domains) as key) k
    cross join lateral (
      select f.id from (
        select c.id, c.created_at from public.companies c
        where c.team_id = p_team_id and lower(c.domain) = k.key and c.deleted_at is null offset 0
      ) f order by f.created_at, f.id limit 1
    ) m;
end
$$;
