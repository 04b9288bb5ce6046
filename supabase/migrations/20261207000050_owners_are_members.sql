-- Owners and assignees are members of the record's team ---------------------------------------------
-- The foreign keys only say the user exists somewhere: another team's user could be made the owner of a
-- record (and would then be named, notified and counted in reports of a team they are not in). Checked when
-- the person is set, so records of someone who left the team stay editable until they are reassigned. After
-- the row is written (it still rolls back), so row-level security refuses an outsider's write first.
create function app.check_people_are_members() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  column_name text;
  person uuid;
begin
  foreach column_name in array tg_argv loop
    person := (to_jsonb(new) ->> column_name)::uuid;
    if person is not null
      and (tg_op = 'INSERT' or person is distinct from (to_jsonb(old) ->> column_name)::uuid)
      and not exists (select 1 from public.team_members where team_id = new.team_id and user_id = person)
    then
      raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
    end if;
  end loop;
  return null;
end
$$;
comment on function app.check_people_are_members() is
  'Trigger: the user ids in the named columns (trigger arguments) must be members of the row''s team.';

create trigger companies_owner_is_member after insert or update of owner_id on public.companies
  for each row execute function app.check_people_are_members('owner_id');
create trigger contacts_owner_is_member after insert or update of owner_id on public.contacts
  for each row execute function app.check_people_are_members('owner_id');
create trigger leads_owner_is_member after insert or update of owner_id on public.leads
  for each row execute function app.check_people_are_members('owner_id');
create trigger deals_owner_is_member after insert or update of owner_id on public.deals
  for each row execute function app.check_people_are_members('owner_id');
create trigger tasks_people_are_members after insert or update of owner_id, assignee_id on public.tasks
  for each row execute function app.check_people_are_members('owner_id', 'assignee_id');
create trigger notes_owner_is_member after insert or update of owner_id on public.notes
  for each row execute function app.check_people_are_members('owner_id');
