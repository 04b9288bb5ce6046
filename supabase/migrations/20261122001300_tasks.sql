-- Tasks: to-dos with due dates in a time zone, assignees, subtasks, dependencies and recurrence.
-- Who may do what follows the CRM core: every member reads; owners, admins, managers and reps write;
-- deleting (soft or hard) is for managers and up, or the task's owner.
-- Recurrence rules (RFC 5545 RRULE text) are validated and expanded in the application
-- (lib/tasks/recurrence.ts); the database only stores them and keeps the series together.

-- Tasks -------------------------------------------------------------------------------------------
create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  title text not null check (length(btrim(title)) between 1 and 200),
  description text check (length(description) <= 10000),
  status text not null default 'todo' check (status in ('todo', 'in_progress', 'done', 'cancelled')),
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'urgent')),
  -- the moment the task is due; for all-day tasks, local midnight of the due date in due_time_zone
  due_at timestamptz,
  -- IANA zone the due time was chosen in, so repeats keep their local wall-clock time across DST
  due_time_zone text not null default 'UTC' check (length(due_time_zone) between 1 and 64),
  all_day boolean not null default false,
  assignee_id uuid references auth.users (id) on delete set null,
  -- what the task is about: a contact, company, lead or deal of the same team (checked by a trigger;
  -- no foreign key because the target table varies)
  related_type text check (related_type in ('contact', 'company', 'lead', 'deal')),
  related_id uuid,
  tags text[] not null default '{}',
  -- subtasks point at their parent task in the same team
  parent_id uuid references public.tasks (id) on delete cascade,
  estimated_minutes int check (estimated_minutes between 0 and 1000000),
  actual_minutes int check (actual_minutes between 0 and 1000000),
  recurrence_rule text check (length(recurrence_rule) <= 500),
  -- the first task of a recurring series; null on the first task itself
  recurrence_parent_id uuid references public.tasks (id) on delete set null,
  -- the occurrence this task was created from when that one was completed; unique, so completing
  -- a task twice (or twice at the same time) never creates two next occurrences
  recurred_from_id uuid references public.tasks (id) on delete set null,
  completed_at timestamptz,
  completed_by uuid references auth.users (id) on delete set null,
  owner_id uuid references auth.users (id) on delete set null default auth.uid(),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check ((related_type is null) = (related_id is null)),
  check (parent_id is null or parent_id <> id),
  check (recurrence_rule is null or due_at is not null),
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(description, '')), 'B')
  ) stored
);
-- My tasks / Team / Overdue / Today lists: by assignee and status, in due order
create index tasks_team_assignee_idx on public.tasks (team_id, assignee_id, status, due_at) where deleted_at is null;
-- Calendar and Team lists: by due date
create index tasks_team_due_idx on public.tasks (team_id, due_at, id) where deleted_at is null;
create index tasks_parent_idx on public.tasks (parent_id) where parent_id is not null;
create index tasks_series_idx on public.tasks (recurrence_parent_id) where recurrence_parent_id is not null;
create unique index tasks_recurred_from_idx on public.tasks (recurred_from_id) where recurred_from_id is not null;
create index tasks_related_idx on public.tasks (team_id, related_type, related_id) where related_id is not null;
create index tasks_tags_idx on public.tasks using gin (tags);
create index tasks_search_idx on public.tasks using gin (search);
comment on table public.tasks is 'To-dos of a team: due in a time zone, assigned, related to a record, optionally repeating.';
comment on column public.tasks.recurrence_rule is 'RFC 5545 RRULE without DTSTART (e.g. FREQ=WEEKLY;BYDAY=MO,WE); the series starts at due_at.';

-- Task dependencies ---------------------------------------------------------------------------------
create table public.task_dependencies (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  task_id uuid not null references public.tasks (id) on delete cascade,
  blocked_by_id uuid not null references public.tasks (id) on delete cascade,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  unique (task_id, blocked_by_id),
  check (task_id <> blocked_by_id)
);
create index task_dependencies_team_idx on public.task_dependencies (team_id);
create index task_dependencies_blocked_by_idx on public.task_dependencies (blocked_by_id);
comment on table public.task_dependencies is 'Task task_id cannot be completed until blocked_by_id is done (finish-to-start).';

-- Business rules the columns cannot express ---------------------------------------------------------
-- Same team for assignee, parent and related record; a valid time zone; no loops of subtasks.
-- Leads and deals come from their own migrations: their tables are looked up by name, so this file does
-- not depend on the order migrations run in, and a database without them says so instead of failing.
create function app.task_related_exists(p_team_id uuid, p_type text, p_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  v_table regclass := to_regclass(case p_type
    when 'contact' then 'public.contacts' when 'company' then 'public.companies'
    when 'lead' then 'public.leads' when 'deal' then 'public.deals' end);
  v_exists boolean;
begin
  if v_table is null then return null; end if;
  execute format('select exists (select 1 from %s where id = $1 and team_id = $2)', v_table)
    into v_exists using p_id, p_team_id;
  return v_exists;
end
$$;
revoke execute on function app.task_related_exists(uuid, text, uuid) from public;

create function app.check_task() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_related boolean;
begin
  -- The next task of a series is created when the previous one is completed; if its assignee has left
  -- the team or its related record is gone, it is created without them rather than blocking completion.
  if tg_op = 'INSERT' and new.recurred_from_id is not null then
    if new.assignee_id is not null and not exists (
      select 1 from public.team_members where team_id = new.team_id and user_id = new.assignee_id
    ) then
      new.assignee_id := null;
    end if;
    if new.related_id is not null and not coalesce(app.task_related_exists(new.team_id, new.related_type, new.related_id), false) then
      new.related_type := null;
      new.related_id := null;
    end if;
  end if;

  if new.assignee_id is not null and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id
     or new.team_id is distinct from old.team_id) and not exists (
    select 1 from public.team_members where team_id = new.team_id and user_id = new.assignee_id
  ) then
    raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
  end if;

  if tg_op = 'INSERT' or new.due_time_zone is distinct from old.due_time_zone then
    begin
      perform now() at time zone new.due_time_zone;
    exception when others then
      raise exception 'Unknown time zone "%". Use a name like Europe/Berlin.', new.due_time_zone using errcode = 'P0001';
    end;
  end if;

  if new.parent_id is not null and (tg_op = 'INSERT' or new.parent_id is distinct from old.parent_id
     or new.team_id is distinct from old.team_id) then
    if not exists (select 1 from public.tasks where id = new.parent_id and team_id = new.team_id) then
      raise exception 'That parent task does not exist in this workspace.' using errcode = 'P0002';
    end if;
    if exists (
      with recursive ancestors (id) as (
        select parent_id from public.tasks where id = new.parent_id
        union
        select t.parent_id from public.tasks t join ancestors a on t.id = a.id where t.parent_id is not null
      )
      select 1 from ancestors where id = new.id
    ) then
      raise exception 'A task cannot be a subtask of its own subtask.' using errcode = 'P0001';
    end if;
  end if;

  if new.related_id is not null and (tg_op = 'INSERT' or new.related_id is distinct from old.related_id
     or new.related_type is distinct from old.related_type or new.team_id is distinct from old.team_id) then
    v_related := app.task_related_exists(new.team_id, new.related_type, new.related_id);
    if v_related is null then
      raise exception 'Tasks cannot be linked to a % yet.', new.related_type using errcode = 'P0001';
    elsif not v_related then
      raise exception 'That % does not exist in this workspace.', new.related_type using errcode = 'P0002';
    end if;
  end if;
  return new;
end
$$;
create trigger tasks_check before insert or update on public.tasks
  for each row execute function app.check_task();

-- Completing: blockers first, then who and when. Cancelled and deleted blockers no longer block.
create function app.on_task_status() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_blocker text;
begin
  if new.status = 'done' and (tg_op = 'INSERT' or old.status <> 'done') then
    select b.title into v_blocker
    from public.task_dependencies d join public.tasks b on b.id = d.blocked_by_id
    where d.task_id = new.id and b.status not in ('done', 'cancelled') and b.deleted_at is null
    order by b.due_at nulls last, b.title
    limit 1;
    if v_blocker is not null then
      raise exception 'Finish “%” first: it blocks this task.', v_blocker using errcode = 'P0001';
    end if;
    new.completed_at := coalesce(new.completed_at, now());
    new.completed_by := coalesce(new.completed_by, (select auth.uid()));
  elsif new.status <> 'done' then
    new.completed_at := null;
    new.completed_by := null;
  end if;
  return new;
end
$$;
create trigger tasks_status before insert or update of status on public.tasks
  for each row execute function app.on_task_status();

-- A dependency joins two tasks of its own team and never closes a loop.
create function app.check_task_dependency() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.task_id = new.blocked_by_id then
    raise exception 'A task cannot wait for itself.' using errcode = 'P0001';
  end if;
  if (select count(*) from public.tasks where id in (new.task_id, new.blocked_by_id) and team_id = new.team_id) < 2 then
    raise exception 'Both tasks must exist in this workspace.' using errcode = 'P0002';
  end if;
  -- two people adding A->B and B->A at once must not both pass the loop check
  perform pg_advisory_xact_lock(hashtext('task_dependencies:' || new.team_id::text));
  if exists (
    with recursive blockers (id) as (
      select new.blocked_by_id
      union
      select d.blocked_by_id from public.task_dependencies d join blockers b on d.task_id = b.id
    )
    select 1 from blockers where id = new.task_id
  ) then
    raise exception 'That would make the tasks wait for each other forever.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger task_dependencies_check before insert or update on public.task_dependencies
  for each row execute function app.check_task_dependency();

-- RLS ---------------------------------------------------------------------------------------------
alter table public.tasks enable row level security;
alter table public.task_dependencies enable row level security;

create policy "Members can see their team's tasks" on public.tasks
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add tasks to their team" on public.tasks
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can edit their team's tasks" on public.tasks
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Managers and owners of the task can delete tasks" on public.tasks
  for delete to authenticated using (app.can_delete(team_id, owner_id));

create policy "Members can see their team's task dependencies" on public.task_dependencies
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add task dependencies in their team" on public.task_dependencies
  for insert to authenticated with check (app.can_write(team_id));
-- removing a dependency edits the tasks, it deletes no record of value: writers may do it
create policy "Writers can remove task dependencies in their team" on public.task_dependencies
  for delete to authenticated using (app.can_write(team_id));
-- dependencies are added and removed, never edited

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger tasks_touch before update on public.tasks for each row execute function app.touch_updated_at();
create trigger tasks_audit after insert or update or delete on public.tasks
  for each row execute function app.audit();
create trigger task_dependencies_audit after insert or update or delete on public.task_dependencies
  for each row execute function app.audit();
create trigger tasks_soft_delete before update of deleted_at on public.tasks
  for each row execute function app.guard_soft_delete();
