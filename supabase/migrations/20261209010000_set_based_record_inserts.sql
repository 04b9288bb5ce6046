-- Inserting many contacts or companies in one statement (CSV imports, 1,000 rows at a time) costs per
-- statement, not per row, wherever the rules allow it. Measured on PGlite with the csv_import benchmark's
-- rows, of the ~1.2 ms of CPU each imported contact cost, ~0.45 ms was the insert policy calling
-- app.can_write(team_id) for every row and ~0.4 ms row-level triggers (the audit log, the owner check, the
-- score bookkeeping); together with the set-based triggers already there, ~0.25 ms is left.
--
-- Nothing is allowed that was refused before, and nothing is written differently:
-- * the insert and update policies ask the same question (is the user an owner, admin, manager or rep of
--   the row's team?) through a list of such teams computed once per statement;
-- * on INSERT the audit log, the owner-is-a-member check and the score bookkeeping run once per statement
--   over the inserted rows (a transition table); UPDATE and DELETE keep their row-level triggers, whose
--   column lists a transition-table trigger cannot have. The owner check still runs after the rows are
--   written (they still roll back), so row-level security refuses an outsider's write first.

-- Teams the user may write records in (owner, admin, manager, rep), for policies: wrapped in
-- `array(select ...)` it is evaluated once per statement, where app.can_write(team_id) runs once per row.
create function app.my_writable_team_ids() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select team_id from public.team_members
  where user_id = (select auth.uid()) and role = any (array['owner', 'admin', 'manager', 'rep']::public.team_role[])
$$;
revoke execute on function app.my_writable_team_ids() from public;
grant execute on function app.my_writable_team_ids() to authenticated;
comment on function app.my_writable_team_ids() is
  'Teams where the user may add and edit records (the teams app.can_write is true for), for policies.';

drop policy "Writers can add companies to their team" on public.companies;
create policy "Writers can add companies to their team" on public.companies
  for insert to authenticated with check (team_id = any (array(select app.my_writable_team_ids())));
drop policy "Writers can edit their team's companies" on public.companies;
create policy "Writers can edit their team's companies" on public.companies
  for update to authenticated using (team_id = any (array(select app.my_writable_team_ids())))
  with check (team_id = any (array(select app.my_writable_team_ids())));

drop policy "Writers can add contacts to their team" on public.contacts;
create policy "Writers can add contacts to their team" on public.contacts
  for insert to authenticated with check (team_id = any (array(select app.my_writable_team_ids())));
drop policy "Writers can edit their team's contacts" on public.contacts;
create policy "Writers can edit their team's contacts" on public.contacts
  for update to authenticated using (team_id = any (array(select app.my_writable_team_ids())))
  with check (team_id = any (array(select app.my_writable_team_ids())));

-- The audit log of inserted rows, one statement for all of them (same rows as app.audit() writes).
create function app.audit_inserted() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.audit_logs (team_id, actor_id, service_reason, table_name, record_id, action, old_data, new_data)
  select n.team_id, (select auth.uid()), nullif(current_setting('app.service_reason', true), ''), tg_table_name,
         n.id::text, 'INSERT', null, to_jsonb(n) - 'token_hash'
  from new_rows n
  -- rows added to a team being deleted leave no log: the team's log goes with it
  where exists (select 1 from public.teams t where t.id = n.team_id);
  return null;
end
$$;
revoke execute on function app.audit_inserted() from public;
comment on function app.audit_inserted() is
  'Statement trigger on INSERT (transition table new_rows with id and team_id): audit rows as app.audit() writes.';

-- The owners of inserted rows are members of the rows' teams (as app.check_people_are_members('owner_id')).
create function app.check_inserted_owners_are_members() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (
    select 1 from new_rows n
    where n.owner_id is not null
      and not exists (select 1 from public.team_members m where m.team_id = n.team_id and m.user_id = n.owner_id)
  ) then
    raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
  end if;
  return null;
end
$$;
revoke execute on function app.check_inserted_owners_are_members() from public;

-- New contacts of scored teams need a score (a new contact has no leads yet to mark).
create function app.inserted_contacts_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'contact', n.id, n.team_id
  from new_rows n
  where n.team_id in (select t.team_id from (select distinct team_id from new_rows) t where app.team_is_scored(t.team_id))
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;
revoke execute on function app.inserted_contacts_score_stale() from public;

drop trigger companies_audit on public.companies;
create trigger companies_audit after update or delete on public.companies
  for each row execute function app.audit();
create trigger companies_audit_inserted after insert on public.companies
  referencing new table as new_rows for each statement execute function app.audit_inserted();

drop trigger contacts_audit on public.contacts;
create trigger contacts_audit after update or delete on public.contacts
  for each row execute function app.audit();
create trigger contacts_audit_inserted after insert on public.contacts
  referencing new table as new_rows for each statement execute function app.audit_inserted();

drop trigger companies_owner_is_member on public.companies;
create trigger companies_owner_is_member after update of owner_id on public.companies
  for each row execute function app.check_people_are_members('owner_id');
create trigger companies_owner_is_member_inserted after insert on public.companies
  referencing new table as new_rows for each statement execute function app.check_inserted_owners_are_members();

drop trigger contacts_owner_is_member on public.contacts;
create trigger contacts_owner_is_member after update of owner_id on public.contacts
  for each row execute function app.check_people_are_members('owner_id');
create trigger contacts_owner_is_member_inserted after insert on public.contacts
  referencing new table as new_rows for each statement execute function app.check_inserted_owners_are_members();

drop trigger contacts_score_stale on public.contacts;
create trigger contacts_score_stale
  after update of job_title, industry, country, lead_source, company_id, deleted_at on public.contacts
  for each row execute function app.contact_score_stale();
create trigger contacts_score_stale_inserted after insert on public.contacts
  referencing new table as new_rows for each statement execute function app.inserted_contacts_score_stale();
