-- Presence and live records.
-- member_presence: who of a team is online, away, busy or offline, with a short custom status and when they were
-- last seen. Every member reads their team's rows; a person writes only their own row (the socket server does it
-- for them, under their own RLS).
-- Live records: statement-level triggers on the CRM tables tell the change bus (realtime/db-bridge.ts) what was
-- created, updated or deleted, whichever way it happened (pages, API, imports, jobs). One notification per row
-- for small statements; above 50 rows one `records.bulk_changed` event per team, so a 100k-row import does not
-- send 100k notifications. Payloads are ids, changed field names and a few display fields, far below NOTIFY's
-- 8000-byte limit.

-- Presence ------------------------------------------------------------------------------------------
create table public.member_presence (
  team_id uuid not null,
  user_id uuid not null,
  -- what teammates see: offline once the person's last socket closed
  status text not null default 'offline' check (status in ('online', 'away', 'busy', 'offline')),
  -- what the person picked; `status` falls back to it when they come back (away from idleness is not sticky)
  chosen_status text not null default 'online' check (chosen_status in ('online', 'away', 'busy')),
  custom_status text check (length(custom_status) <= 100),
  last_seen_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (team_id, user_id),
  -- only members have a presence, and leaving the team takes it away
  foreign key (team_id, user_id) references public.team_members (team_id, user_id) on delete cascade
);
create index member_presence_user_idx on public.member_presence (user_id);
comment on table public.member_presence is
  'Online / away / busy / offline of each team member, their custom status text and when they were last seen.';

alter table public.member_presence enable row level security;
create policy "Members can see their team's presence" on public.member_presence
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "People set their own presence" on public.member_presence
  for insert to authenticated
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People update their own presence" on public.member_presence
  for update to authenticated
  using (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People clear their own presence" on public.member_presence
  for delete to authenticated using (user_id = (select auth.uid()));

create trigger member_presence_touch before update on public.member_presence
  for each row execute function app.touch_updated_at();

-- Live records --------------------------------------------------------------------------------------
-- A few fields a board, list or record page can show without fetching the record: strings cut to 120 characters.
create function app.live_display(p_type text, p_row jsonb) returns jsonb
language sql immutable set search_path = '' as $$
  select coalesce(jsonb_object_agg(
    coalesce(case key when 'record_type' then 'parent_type' when 'record_id' then 'parent_id' end, key),
    case when jsonb_typeof(value) = 'string' then to_jsonb(left(value #>> '{}', 120)) else value end
  ), '{}')
  from jsonb_each(p_row)
  where key = any (case p_type
    when 'contact' then array['first_name', 'last_name', 'email', 'job_title', 'company_id', 'owner_id']
    when 'company' then array['name', 'domain', 'industry', 'owner_id']
    when 'lead' then array['business_name', 'contact_name', 'email', 'status', 'owner_id']
    when 'deal' then array['name', 'pipeline_id', 'stage_id', 'position', 'value', 'currency', 'probability',
      'owner_id', 'expected_close_date', 'closed_at', 'stage_entered_at', 'company_id', 'contact_id', 'next_step']
    when 'task' then array['title', 'status', 'priority', 'assignee_id', 'due_at', 'related_type', 'related_id']
    when 'activity' then array['type', 'subject', 'record_type', 'record_id', 'is_system', 'occurred_at']
    else array[]::text[] end)
$$;

-- Rooms of a row's event: its team, its own record room, and for an activity the room of the record it is on
-- (a record page's timeline listens there).
create function app.live_rooms(p_type text, p_team_id uuid, p_id uuid, p_row jsonb) returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_array('team:' || p_team_id, 'record:' || p_type || ':' || p_id)
    || case when p_type = 'activity' and p_row ->> 'record_type' is not null
         then jsonb_build_array('record:' || (p_row ->> 'record_type') || ':' || (p_row ->> 'record_id'))
         else '[]'::jsonb end
$$;

create function app.live_notify(p_team_id uuid, p_type text, p_record_type text, p_record_id text, p_payload jsonb,
  p_rooms jsonb) returns void
language plpgsql set search_path = '' as $$
declare
  v_text text := jsonb_build_object('team_id', p_team_id, 'type', p_type, 'record_type', p_record_type,
    'record_id', p_record_id, 'payload', p_payload, 'rooms', p_rooms)::text;
begin
  -- NOTIFY refuses payloads of 8000 bytes or more: drop the display fields rather than the event.
  if octet_length(v_text) >= 7900 then
    v_text := jsonb_build_object('team_id', p_team_id, 'type', p_type, 'record_type', p_record_type,
      'record_id', p_record_id, 'payload', jsonb_build_object('actor_id', p_payload -> 'actor_id', 'truncated', true),
      'rooms', p_rooms)::text;
  end if;
  perform pg_notify('leadly_bus', v_text);
end
$$;

-- TG_ARGV[0] is the record type. Above this many rows a statement is announced as one bulk change per team.
create function app.publish_record_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_type text := tg_argv[0];
  v_actor uuid := (select auth.uid());
  v_bulk constant int := 50;
  v_count bigint;
  v_kind text;
  v_changed text[];
  r record;
begin
  if tg_op = 'INSERT' then
    select count(*) into v_count from new_rows;
  else
    select count(*) into v_count from old_rows;
  end if;
  if v_count = 0 then return null; end if;

  if v_count > v_bulk then
    -- (the transition table a DELETE has is old_rows; INSERT and UPDATE have new_rows)
    if tg_op = 'DELETE' then
      for r in select team_id, count(*) as n from old_rows group by team_id loop
        perform app.live_notify(r.team_id, 'records.bulk_changed', v_type, r.team_id::text,
          jsonb_build_object('record_type', v_type, 'count', r.n, 'actor_id', v_actor, 'op', 'deleted'),
          jsonb_build_array('team:' || r.team_id));
      end loop;
    else
      for r in select team_id, count(*) as n from new_rows group by team_id loop
        perform app.live_notify(r.team_id, 'records.bulk_changed', v_type, r.team_id::text,
          jsonb_build_object('record_type', v_type, 'count', r.n, 'actor_id', v_actor,
            'op', case tg_op when 'INSERT' then 'created' else 'updated' end),
          jsonb_build_array('team:' || r.team_id));
      end loop;
    end if;
    return null;
  end if;

  if tg_op = 'INSERT' then
    for r in select n.team_id, n.id, to_jsonb(n) as j from new_rows n loop
      continue when r.j ->> 'deleted_at' is not null;
      perform app.live_notify(r.team_id, 'record.created', v_type, r.id::text,
        jsonb_build_object('changed', '[]'::jsonb, 'actor_id', v_actor) || app.live_display(v_type, r.j),
        app.live_rooms(v_type, r.team_id, r.id, r.j));
    end loop;
  elsif tg_op = 'DELETE' then
    for r in select o.team_id, o.id, to_jsonb(o) as j from old_rows o loop
      -- a soft-deleted row was announced when it was soft-deleted
      continue when r.j ->> 'deleted_at' is not null;
      perform app.live_notify(r.team_id, 'record.deleted', v_type, r.id::text,
        jsonb_build_object('changed', '[]'::jsonb, 'actor_id', v_actor, 'hard', true) || app.live_display(v_type, r.j),
        app.live_rooms(v_type, r.team_id, r.id, r.j));
    end loop;
  else
    for r in
      select n.team_id, n.id, to_jsonb(o) as o, to_jsonb(n) as j
      from old_rows o join new_rows n on n.id = o.id
    loop
      v_changed := array(
        select k from jsonb_object_keys(r.j) k
        where k not in ('updated_at', 'search') and (r.o -> k) is distinct from (r.j -> k)
        order by k
      );
      continue when cardinality(v_changed) = 0;
      v_kind := case
        when r.o ->> 'deleted_at' is null and r.j ->> 'deleted_at' is not null then 'record.deleted'
        when r.o ->> 'deleted_at' is not null and r.j ->> 'deleted_at' is null then 'record.created'
        when r.j ->> 'deleted_at' is not null then null
        else 'record.updated' end;
      continue when v_kind is null;
      perform app.live_notify(r.team_id, v_kind, v_type, r.id::text,
        jsonb_build_object('changed', to_jsonb(v_changed[1:60]), 'actor_id', v_actor,
          'restored', v_kind = 'record.created') || app.live_display(v_type, r.j),
        app.live_rooms(v_type, r.team_id, r.id, r.j));
    end loop;
  end if;
  return null;
end
$$;

-- A comment under an activity: the activity (and the record page it is on) changed.
create function app.publish_comment_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_actor uuid := (select auth.uid());
  r record;
begin
  for r in
    -- a statement of many comments (an import, a merge) announces the first 50 activities
    select distinct c.team_id, c.activity_id, a.record_type, a.record_id
    from new_rows c
    join public.activities a on a.id = c.activity_id
    limit 50
  loop
    perform app.live_notify(r.team_id, 'record.updated', 'activity', r.activity_id::text,
      jsonb_build_object('changed', jsonb_build_array('comments'), 'actor_id', v_actor,
        'parent_type', r.record_type, 'parent_id', r.record_id),
      jsonb_build_array('record:activity:' || r.activity_id, 'record:' || r.record_type || ':' || r.record_id));
  end loop;
  return null;
end
$$;

-- Attaches the live triggers to a table; safe to call again.
create function app.track_live(p_table regclass, p_record_type text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  v_name text := (select relname from pg_catalog.pg_class where oid = p_table);
begin
  execute format('drop trigger if exists %I on %s', v_name || '_live_insert', p_table);
  execute format('drop trigger if exists %I on %s', v_name || '_live_update', p_table);
  execute format('drop trigger if exists %I on %s', v_name || '_live_delete', p_table);
  execute format(
    'create trigger %I after insert on %s referencing new table as new_rows '
    'for each statement execute function app.publish_record_changes(%L)',
    v_name || '_live_insert', p_table, p_record_type);
  execute format(
    'create trigger %I after update on %s referencing old table as old_rows new table as new_rows '
    'for each statement execute function app.publish_record_changes(%L)',
    v_name || '_live_update', p_table, p_record_type);
  execute format(
    'create trigger %I after delete on %s referencing old table as old_rows '
    'for each statement execute function app.publish_record_changes(%L)',
    v_name || '_live_delete', p_table, p_record_type);
end
$$;

select app.track_live('public.contacts', 'contact');
select app.track_live('public.companies', 'company');
select app.track_live('public.leads', 'lead');
select app.track_live('public.deals', 'deal');
select app.track_live('public.tasks', 'task');
select app.track_live('public.activities', 'activity');

create trigger activity_comments_live_insert after insert on public.activity_comments
  referencing new table as new_rows for each statement execute function app.publish_comment_changes();
create trigger activity_comments_live_update after update on public.activity_comments
  referencing old table as old_rows new table as new_rows for each statement execute function app.publish_comment_changes();

revoke execute on function app.live_display(text, jsonb), app.live_rooms(text, uuid, uuid, jsonb),
  app.live_notify(uuid, text, text, text, jsonb, jsonb), app.publish_record_changes(), app.publish_comment_changes(),
  app.track_live(regclass, text) from public;
comment on function app.track_live(regclass, text) is
  'Makes a table announce its created, updated and deleted rows to the change bus (pg_notify leadly_bus).';
