-- Activity timeline: calls, emails, meetings and notes people log, and the entries Leadly writes itself when a
-- record is created or changed; comment threads on activities and the @mentions in them.
-- Who may do what: every member reads the team's timeline; writers (owner, admin, manager, rep) log calls,
-- emails, meetings and notes as themselves and comment; authors edit and delete their own manual activities and
-- comments; managers and up delete any. Automatic entries ('created', 'field_update', 'status_change',
-- 'stage_change', 'task_created', 'task_completed') are written only by the triggers below (security definer),
-- so the history of who changed what can be trusted.
-- Tracked tables: companies and contacts here; leads, deals and tasks when their tables exist. Migrations that
-- add a table later call app.track_changes('public.<table>', '<record type>').

-- Activities ---------------------------------------------------------------------------------------
create table public.activities (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- what the activity is about; no foreign key because the target table varies (checked by a trigger)
  record_type text not null check (record_type in ('contact', 'company', 'lead', 'deal', 'task')),
  record_id uuid not null,
  type text not null check (type in (
    'call', 'email', 'meeting', 'note',
    'task_created', 'task_completed', 'status_change', 'stage_change', 'field_update', 'created'
  )),
  subject text check (length(subject) <= 200),
  -- plain text, always: the application turns pasted HTML into text and renderers escape it
  body text check (length(body) <= 20000),
  occurred_at timestamptz not null default now(),
  duration_seconds int check (duration_seconds between 0 and 86400),
  outcome text,
  -- automatic entries: [{ "field": "city", "old": "Paris", "new": "Lyon" }]
  changes jsonb check (jsonb_typeof(changes) = 'array'),
  -- who did it: the author of a manual entry, the person who made the change for automatic ones
  -- (null when a system job made it)
  actor_id uuid references auth.users (id) on delete set null default auth.uid(),
  is_system boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check (is_system = (
    type in ('task_created', 'task_completed', 'status_change', 'stage_change', 'field_update', 'created')
  )),
  check (duration_seconds is null or type in ('call', 'meeting')),
  check (
    outcome is null
    or (type = 'call' and outcome in ('connected', 'voicemail', 'no_answer', 'busy', 'wrong_number'))
    or (type = 'meeting' and outcome in ('held', 'no_show', 'rescheduled'))
  )
);
-- a record's timeline, newest first, keyset on (occurred_at, id)
create index activities_record_idx on public.activities (team_id, record_type, record_id, occurred_at desc, id);
-- "what did this person do"
create index activities_actor_idx on public.activities (team_id, actor_id, occurred_at desc);
comment on table public.activities is
  'The timeline of a record: logged calls, emails, meetings and notes, and automatic entries for changes.';

-- Comments ----------------------------------------------------------------------------------------
create table public.activity_comments (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  activity_id uuid not null references public.activities (id) on delete cascade,
  author_id uuid references auth.users (id) on delete set null default auth.uid(),
  body text not null check (length(btrim(body)) between 1 and 5000),
  created_at timestamptz not null default now(),
  -- set when the body changes, so the thread can say "edited"
  edited_at timestamptz,
  deleted_at timestamptz
);
create index activity_comments_activity_idx on public.activity_comments (activity_id, created_at, id);
create index activity_comments_team_idx on public.activity_comments (team_id);
comment on table public.activity_comments is 'A discussion thread under an activity (plain text).';

-- Mentions ----------------------------------------------------------------------------------------
create table public.activity_mentions (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- always the activity the mention belongs to; comment_id too when the mention is in a comment
  -- (null when it is in the activity's own body)
  activity_id uuid not null references public.activities (id) on delete cascade,
  comment_id uuid references public.activity_comments (id) on delete cascade,
  mentioned_user_id uuid not null references auth.users (id) on delete cascade,
  mentioned_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  -- set by the notifications job once the mention was delivered
  notified_at timestamptz
);
create unique index activity_mentions_comment_user_idx on public.activity_mentions (comment_id, mentioned_user_id)
  where comment_id is not null;
create unique index activity_mentions_activity_user_idx on public.activity_mentions (activity_id, mentioned_user_id)
  where comment_id is null;
create index activity_mentions_user_idx on public.activity_mentions (mentioned_user_id, created_at desc);
create index activity_mentions_pending_idx on public.activity_mentions (created_at) where notified_at is null;
create index activity_mentions_team_idx on public.activity_mentions (team_id);
comment on table public.activity_mentions is
  'People @mentioned in an activity or a comment; the notifications job delivers them and sets notified_at.';

-- Record lookups ----------------------------------------------------------------------------------
-- Tables are looked up by name, so this file works whichever of leads, deals and tasks exist yet.
create function app.activity_record_table(p_record_type text) returns regclass
language sql stable set search_path = '' as $$
  select to_regclass(case p_record_type
    when 'contact' then 'public.contacts' when 'company' then 'public.companies'
    when 'lead' then 'public.leads' when 'deal' then 'public.deals' when 'task' then 'public.tasks' end)
$$;

create function app.activity_record_exists(p_team_id uuid, p_record_type text, p_record_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  v_table regclass := app.activity_record_table(p_record_type);
  v_exists boolean;
begin
  if v_table is null then return null; end if;
  execute format('select exists (select 1 from %s where id = $1 and team_id = $2)', v_table)
    into v_exists using p_record_id, p_team_id;
  return v_exists;
end
$$;

-- A stage's name, when deals (and so pipeline_stages) exist.
create function app.activity_stage_name(p_stage_id uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_name text;
begin
  if p_stage_id is null or to_regclass('public.pipeline_stages') is null then return null; end if;
  execute 'select name from public.pipeline_stages where id = $1' into v_name using p_stage_id;
  return v_name;
end
$$;
revoke execute on function app.activity_record_table(text), app.activity_record_exists(uuid, text, uuid),
  app.activity_stage_name(uuid) from public;

-- Automatic entries ---------------------------------------------------------------------------------
-- Statement-level triggers with transition tables: an import of 100k rows writes its 100k 'created' entries in
-- one insert ... select rather than 100k trigger calls. TG_ARGV[0] is the record type; TG_ARGV[1] lists extra
-- columns of that table that are bookkeeping rather than user-facing.
create function app.log_record_created() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_type text := tg_argv[0];
  v_actor uuid := (select auth.uid());
begin
  insert into public.activities (team_id, record_type, record_id, type, subject, actor_id, is_system)
  select n.team_id, v_type, n.id, 'created', initcap(v_type) || ' created', v_actor, true
  from new_rows n;

  -- a task about a record also shows on that record's timeline
  if v_type = 'task' then
    insert into public.activities (team_id, record_type, record_id, type, subject, changes, actor_id, is_system)
    select n.team_id, j ->> 'related_type', (j ->> 'related_id')::uuid, 'task_created',
           left('Task created: ' || coalesce(j ->> 'title', ''), 200),
           jsonb_build_array(jsonb_build_object('field', 'task_id', 'old', null, 'new', n.id)), v_actor, true
    from new_rows n cross join lateral (select to_jsonb(n) as j) r
    where j ->> 'related_id' is not null and j ->> 'related_type' in ('contact', 'company', 'lead', 'deal');
    insert into public.activities (team_id, record_type, record_id, type, subject, actor_id, is_system)
    select n.team_id, 'task', n.id, 'task_completed', 'Task completed', v_actor, true
    from new_rows n where to_jsonb(n) ->> 'status' = 'done';
  end if;
  return null;
end
$$;

create function app.log_record_updated() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_type text := tg_argv[0];
  v_actor uuid := (select auth.uid());
  -- bookkeeping and derived columns: never "a change someone made"
  v_ignored text[] := array[
    'id', 'team_id', 'created_at', 'created_by', 'updated_at', 'deleted_at', 'search',
    'stage_entered_at', 'status_changed_at', 'closed_at', 'position', 'completed_at', 'completed_by',
    'recurrence_parent_id', 'recurred_from_id', 'last_activity_at', 'last_contacted_at'
  ] || coalesce(nullif(tg_argv[1], '')::text[], '{}');
begin
  with pairs as (
    select n.team_id, n.id, to_jsonb(o) as o, to_jsonb(n) as n
    from old_rows o join new_rows n on n.id = o.id
  ),
  diffs as (
    select p.team_id, p.id, p.o, p.n, k as field, p.o -> k as old_value, p.n -> k as new_value
    from pairs p cross join lateral jsonb_object_keys(p.n) k
    where k <> all (v_ignored) and (p.o -> k) is distinct from (p.n -> k)
  ),
  entries as (
    -- status: a task moved to done is "completed", everything else a status change
    select team_id, id,
           case when v_type = 'task' and new_value = '"done"' then 'task_completed' else 'status_change' end as type,
           case when v_type = 'task' and new_value = '"done"' then 'Task completed'
                else left('Status: ' || coalesce(old_value #>> '{}', '—') || ' → '
                          || coalesce(new_value #>> '{}', '—'), 200)
           end as subject,
           jsonb_build_array(jsonb_build_object('field', 'status', 'old', old_value, 'new', new_value)) as changes
    from diffs where field = 'status'
    union all
    select team_id, id, 'stage_change',
           left('Stage: ' || coalesce(app.activity_stage_name((old_value #>> '{}')::uuid), '—') || ' → '
                || coalesce(app.activity_stage_name((new_value #>> '{}')::uuid), '—'), 200),
           jsonb_build_array(jsonb_build_object(
             'field', 'stage', 'old', app.activity_stage_name((old_value #>> '{}')::uuid),
             'new', app.activity_stage_name((new_value #>> '{}')::uuid), 'old_id', old_value, 'new_id', new_value))
    from diffs where field = 'stage_id'
    union all
    select team_id, id, 'field_update',
           left('Updated ' || string_agg(field, ', ' order by field), 200),
           jsonb_agg(jsonb_build_object('field', field, 'old', old_value, 'new', new_value) order by field)
    from diffs where field not in ('status', 'stage_id')
    group by team_id, id
  )
  insert into public.activities (team_id, record_type, record_id, type, subject, changes, actor_id, is_system)
  select team_id, v_type, id, type, subject, changes, v_actor, true from entries;

  -- a completed task also shows on the timeline of the record it is about
  if v_type = 'task' then
    insert into public.activities (team_id, record_type, record_id, type, subject, changes, actor_id, is_system)
    select n.team_id, j ->> 'related_type', (j ->> 'related_id')::uuid, 'task_completed',
           left('Task completed: ' || coalesce(j ->> 'title', ''), 200),
           jsonb_build_array(jsonb_build_object('field', 'task_id', 'old', null, 'new', n.id)), v_actor, true
    from old_rows o join new_rows n on n.id = o.id cross join lateral (select to_jsonb(n) as j) r
    where j ->> 'status' = 'done' and to_jsonb(o) ->> 'status' is distinct from 'done'
      and j ->> 'related_id' is not null and j ->> 'related_type' in ('contact', 'company', 'lead', 'deal');
  end if;
  return null;
end
$$;

-- A record deleted for good takes its timeline with it (the audit log keeps the history).
create function app.forget_record_activities() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.activities a
  using old_rows o
  where a.team_id = o.team_id and a.record_type = tg_argv[0] and a.record_id = o.id;
  return null;
end
$$;

-- Attaches the three triggers to a table; safe to call again. Later migrations call it for their tables.
create function app.track_changes(p_table regclass, p_record_type text, p_ignored_columns text[] default '{}')
returns void
language plpgsql security definer set search_path = '' as $$
declare
  v_name text := (select relname from pg_catalog.pg_class where oid = p_table);
  v_ignored text := quote_literal(coalesce(p_ignored_columns, '{}')::text);
begin
  if p_record_type not in ('contact', 'company', 'lead', 'deal', 'task') then
    raise exception 'Unknown record type "%".', p_record_type using errcode = 'P0001';
  end if;
  execute format('drop trigger if exists %I on %s', v_name || '_activity_created', p_table);
  execute format('drop trigger if exists %I on %s', v_name || '_activity_updated', p_table);
  execute format('drop trigger if exists %I on %s', v_name || '_activity_forget', p_table);
  execute format(
    'create trigger %I after insert on %s referencing new table as new_rows '
    'for each statement execute function app.log_record_created(%L)',
    v_name || '_activity_created', p_table, p_record_type);
  execute format(
    'create trigger %I after update on %s referencing old table as old_rows new table as new_rows '
    'for each statement execute function app.log_record_updated(%L, %s)',
    v_name || '_activity_updated', p_table, p_record_type, v_ignored);
  execute format(
    'create trigger %I after delete on %s referencing old table as old_rows '
    'for each statement execute function app.forget_record_activities(%L)',
    v_name || '_activity_forget', p_table, p_record_type);
end
$$;
revoke execute on function app.log_record_created(), app.log_record_updated(), app.forget_record_activities(),
  app.track_changes(regclass, text, text[]) from public;
comment on function app.track_changes(regclass, text, text[]) is
  'Makes a table write automatic timeline entries (created, field_update, status_change, stage_change).';

select app.track_changes('public.companies', 'company');
select app.track_changes('public.contacts', 'contact');
select app.track_changes(to_regclass('public.leads'), 'lead') where to_regclass('public.leads') is not null;
select app.track_changes(to_regclass('public.deals'), 'deal') where to_regclass('public.deals') is not null;
select app.track_changes(to_regclass('public.tasks'), 'task') where to_regclass('public.tasks') is not null;

-- Business rules the policies cannot express ------------------------------------------------------
-- A manual activity is about a record of its own team. People who cannot write to the team are left to RLS,
-- so a refusal never tells an outsider whether a record exists.
create function app.check_activity() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_exists boolean;
begin
  if new.is_system or ((select auth.uid()) is not null and not app.can_write(new.team_id)) then
    return new;
  end if;
  v_exists := app.activity_record_exists(new.team_id, new.record_type, new.record_id);
  if v_exists is null then
    raise exception 'Activities cannot be logged on a % yet.', new.record_type using errcode = 'P0001';
  elsif not v_exists then
    raise exception 'That % does not exist in this workspace.', new.record_type using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger activities_check before insert on public.activities
  for each row execute function app.check_activity();

-- What the record, the author and the kind of entry are never change; automatic entries and other people's
-- entries can only be deleted (deleted_at), never rewritten.
create function app.guard_activity_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null then return new; end if;
  if (new.team_id, new.record_type, new.record_id, new.actor_id, new.is_system, new.created_at)
     is distinct from (old.team_id, old.record_type, old.record_id, old.actor_id, old.is_system, old.created_at) then
    raise exception 'An activity''s record, author and kind cannot be changed.' using errcode = 'P0001';
  end if;
  if (to_jsonb(new) - 'deleted_at' - 'updated_at') is distinct from (to_jsonb(old) - 'deleted_at' - 'updated_at')
     and (old.is_system or old.actor_id is distinct from v_user) then
    raise exception 'Only the author can edit this activity.' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger activities_guard before update on public.activities
  for each row execute function app.guard_activity_change();

-- A comment belongs to a live activity of its team; the author and the activity never change.
create function app.check_activity_comment() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
begin
  if tg_op = 'INSERT' then
    if v_user is not null and not app.can_write(new.team_id) then return new; end if;
    if not exists (
      select 1 from public.activities where id = new.activity_id and team_id = new.team_id and deleted_at is null
    ) then
      raise exception 'That activity does not exist in this workspace.' using errcode = 'P0002';
    end if;
    return new;
  end if;
  if v_user is not null and (new.team_id, new.activity_id, new.author_id, new.created_at)
     is distinct from (old.team_id, old.activity_id, old.author_id, old.created_at) then
    raise exception 'A comment''s activity and author cannot be changed.' using errcode = 'P0001';
  end if;
  if v_user is not null and new.body is distinct from old.body and old.author_id is distinct from v_user then
    raise exception 'Only the author can edit this comment.' using errcode = '42501';
  end if;
  if new.body is distinct from old.body then
    new.edited_at := now();
  end if;
  return new;
end
$$;
create trigger activity_comments_check before insert or update on public.activity_comments
  for each row execute function app.check_activity_comment();

-- A mention points at a member of the same team, from the comment (or activity) the mentioning user wrote.
create function app.check_activity_mention() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_author uuid;
  v_team uuid;
  v_activity uuid;
begin
  if v_user is not null and not app.can_write(new.team_id) then return new; end if;
  if new.comment_id is not null then
    select author_id, team_id, activity_id into v_author, v_team, v_activity
    from public.activity_comments where id = new.comment_id;
  else
    select actor_id, team_id, id into v_author, v_team, v_activity
    from public.activities where id = new.activity_id and not is_system;
  end if;
  if v_team is null or v_team <> new.team_id or v_activity is distinct from new.activity_id then
    raise exception 'That comment or activity does not exist in this workspace.' using errcode = 'P0002';
  end if;
  if v_user is not null and v_author is distinct from v_user then
    raise exception 'You can only mention people in what you wrote yourself.' using errcode = '42501';
  end if;
  if not exists (select 1 from public.team_members where team_id = new.team_id and user_id = new.mentioned_user_id) then
    raise exception 'You can only mention people in this workspace.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger activity_mentions_check before insert on public.activity_mentions
  for each row execute function app.check_activity_mention();

revoke execute on function app.check_activity(), app.guard_activity_change(), app.check_activity_comment(),
  app.check_activity_mention() from public;

-- RLS ---------------------------------------------------------------------------------------------
alter table public.activities enable row level security;
alter table public.activity_comments enable row level security;
alter table public.activity_mentions enable row level security;

create policy "Members can see their team's activities" on public.activities
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can log calls, emails, meetings and notes as themselves" on public.activities
  for insert to authenticated
  with check (
    app.can_write(team_id) and actor_id = (select auth.uid()) and not is_system
    and type in ('call', 'email', 'meeting', 'note')
  );
create policy "Authors edit their own manual activities, managers and up may delete any" on public.activities
  for update to authenticated
  using (
    (actor_id = (select auth.uid()) and not is_system and app.can_write(team_id))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  )
  with check (
    (actor_id = (select auth.uid()) and not is_system and app.can_write(team_id))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  );
create policy "Authors delete their own manual activities, managers and up any" on public.activities
  for delete to authenticated
  using (
    (actor_id = (select auth.uid()) and not is_system and app.can_write(team_id))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  );

create policy "Members can see their team's activity comments" on public.activity_comments
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can comment as themselves" on public.activity_comments
  for insert to authenticated with check (app.can_write(team_id) and author_id = (select auth.uid()));
create policy "Authors edit their own comments, managers and up may delete any" on public.activity_comments
  for update to authenticated
  using (
    (author_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  )
  with check (
    (author_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  );
create policy "Authors delete their own comments, managers and up any" on public.activity_comments
  for delete to authenticated
  using (
    (author_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  );

create policy "Members can see their team's mentions" on public.activity_mentions
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can mention teammates in what they wrote" on public.activity_mentions
  for insert to authenticated with check (app.can_write(team_id) and mentioned_by = (select auth.uid()));
create policy "Authors remove their own mentions, managers and up any" on public.activity_mentions
  for delete to authenticated
  using (
    (mentioned_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
    or app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[])
  );
-- notified_at is set by the notifications job (service role); people never edit a mention
revoke update on public.activity_mentions from authenticated;

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger activities_touch before update on public.activities for each row execute function app.touch_updated_at();
-- automatic entries repeat what the audit log already holds for the record itself
create trigger activities_audit_insert after insert on public.activities
  for each row when (not new.is_system) execute function app.audit();
create trigger activities_audit after update or delete on public.activities
  for each row execute function app.audit();
create trigger activity_comments_audit after insert or update or delete on public.activity_comments
  for each row execute function app.audit();
create trigger activity_mentions_audit after insert or delete on public.activity_mentions
  for each row execute function app.audit();
