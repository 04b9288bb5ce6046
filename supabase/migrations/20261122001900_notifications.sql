-- Notifications: what happened that a person should know about (mentions, assignments, due and overdue tasks,
-- deal moves, accepted invitations), how each person wants to hear about it (per type and channel, quiet hours,
-- email digest), where their browsers receive web push, and what was delivered outside the app.
-- Who may do what: a person sees and updates (read, archive, snooze) only their own notifications, in teams they
-- belong to; nobody inserts them directly: triggers here and the system jobs (lib/notifications/jobs.ts) call
-- app.notify, which is not executable by users. Preferences, settings and push subscriptions are each person's own.

-- Notifications -----------------------------------------------------------------------------------------
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  type text not null check (type in (
    'mention', 'task_assigned', 'task_due_soon', 'task_overdue', 'deal_stage_changed', 'lead_assigned',
    'invite_accepted', 'system'
  )),
  title text not null check (length(title) between 1 and 300),
  body text check (length(body) <= 1000),
  -- a path inside the app (/deals/<id>); the UI never follows absolute URLs from here
  url text check (length(url) <= 500 and url like '/%'),
  actor_id uuid references auth.users (id) on delete set null,
  record_type text check (length(record_type) <= 40),
  record_id uuid,
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  -- false when the person turned in-app off for this type but still wants email or push: kept for those
  -- channels, never listed or counted in the app
  in_app boolean not null default true,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  archived_at timestamptz,
  -- hidden from the inbox until then; it comes back on top
  snoozed_until timestamptz,
  emailed_at timestamptz,
  pushed_at timestamptz,
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  -- set by producers that may run more than once (the due-date scanner): one notification per key
  dedupe_key text check (length(dedupe_key) <= 200),
  -- where it sorts in the inbox: when it happened, or when its snooze ended
  sort_at timestamptz generated always as (greatest(created_at, snoozed_until)) stored
);
create index notifications_inbox_idx on public.notifications (user_id, team_id, sort_at desc, id desc) where in_app;
create index notifications_unread_idx on public.notifications (user_id, team_id)
  where in_app and read_at is null and archived_at is null;
create unique index notifications_dedupe_idx on public.notifications (user_id, type, dedupe_key)
  where dedupe_key is not null;
create index notifications_unpushed_idx on public.notifications (created_at) where pushed_at is null;
create index notifications_unemailed_idx on public.notifications (user_id, created_at) where emailed_at is null;
create index notifications_team_idx on public.notifications (team_id);
comment on table public.notifications is
  'One notice for one person in one team: written by app.notify only; read, archived and snoozed by its person.';

-- Preferences: per person, team and type; a missing row means in-app, email and push on, SMS off --------
create table public.notification_preferences (
  user_id uuid not null references auth.users (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  type text not null check (type in (
    'mention', 'task_assigned', 'task_due_soon', 'task_overdue', 'deal_stage_changed', 'lead_assigned',
    'invite_accepted', 'system'
  )),
  in_app boolean not null default true,
  email boolean not null default true,
  -- stored for when SMS delivery exists
  sms boolean not null default false,
  push boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (user_id, team_id, type)
);
create index notification_preferences_team_idx on public.notification_preferences (team_id);
comment on table public.notification_preferences is 'Which channels a person wants for each notification type, per team.';

-- Settings: quiet hours and the email digest, per person -------------------------------------------------
create table public.notification_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  dnd_enabled boolean not null default false,
  -- local wall-clock times in time_zone; start > end spans midnight (22:00 → 07:00)
  dnd_start time not null default '22:00',
  dnd_end time not null default '07:00',
  time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
  digest_frequency text not null default 'daily' check (digest_frequency in ('off', 'hourly', 'daily')),
  -- written by the digest job: claims the period, so two runs never send the same digest
  last_digest_at timestamptz,
  updated_at timestamptz not null default now(),
  check (dnd_start <> dnd_end)
);
comment on table public.notification_settings is
  'Do-not-disturb hours (deferring email and push, never in-app) and the email digest frequency of a person.';

create function app.check_notification_settings() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'INSERT' or new.time_zone is distinct from old.time_zone then
    begin
      perform now() at time zone new.time_zone;
    exception when others then
      raise exception 'Unknown time zone "%". Use a name like Europe/Berlin.', new.time_zone using errcode = 'P0001';
    end;
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger notification_settings_check before insert or update on public.notification_settings
  for each row execute function app.check_notification_settings();

-- Web push subscriptions: one per browser (endpoint) ------------------------------------------------------
create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade default auth.uid(),
  endpoint text not null unique check (endpoint ~ '^https?://' and length(endpoint) <= 1000),
  p256dh text not null check (length(p256dh) between 20 and 200),
  auth text not null check (length(auth) between 8 and 100),
  user_agent text check (length(user_agent) <= 300),
  created_at timestamptz not null default now(),
  last_success_at timestamptz,
  failures int not null default 0
);
create index push_subscriptions_user_idx on public.push_subscriptions (user_id);
comment on table public.push_subscriptions is 'Browsers where a person allowed web push (endpoint and keys).';

-- What went out by email and push ---------------------------------------------------------------------------
create table public.notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid not null references public.notifications (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  channel text not null check (channel in ('email', 'push', 'sms')),
  status text not null check (status in ('sent', 'failed', 'skipped')),
  error text check (length(error) <= 1000),
  created_at timestamptz not null default now()
);
create index notification_deliveries_notification_idx on public.notification_deliveries (notification_id);
create index notification_deliveries_user_idx on public.notification_deliveries (user_id, created_at desc);
comment on table public.notification_deliveries is 'One row per email digest or push attempt for a notification.';

-- Deal watchers: people who follow a deal besides its owner --------------------------------------------------
create table public.deal_watchers (
  team_id uuid not null references public.teams (id) on delete cascade,
  deal_id uuid not null references public.deals (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade default auth.uid(),
  created_at timestamptz not null default now(),
  primary key (deal_id, user_id)
);
create index deal_watchers_team_idx on public.deal_watchers (team_id);
create index deal_watchers_user_idx on public.deal_watchers (user_id);
comment on table public.deal_watchers is 'Who follows a deal (gets its stage changes) besides the owner.';

create function app.check_deal_watcher() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.deals where id = new.deal_id and team_id = new.team_id) then
    raise exception 'That deal does not exist in this workspace.' using errcode = 'P0002';
  end if;
  if not exists (select 1 from public.team_members where team_id = new.team_id and user_id = new.user_id) then
    raise exception 'Only members of this workspace can watch its deals.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger deal_watchers_check before insert or update on public.deal_watchers
  for each row execute function app.check_deal_watcher();

-- VAPID keys of this installation: generated at first start by the app, never readable by users -----------
create table app.push_keys (
  id boolean primary key default true check (id),
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null default now()
);
comment on table app.push_keys is 'The web push (VAPID) key pair of this Leadly installation; one row.';

-- Producing notifications ------------------------------------------------------------------------------------
-- A person's display name (profile name, else email); null for null.
create function app.notify_name(p_user_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select coalesce(nullif(btrim(p.full_name), ''), u.email)
  from auth.users u left join public.profiles p on p.id = u.id
  where u.id = p_user_id
$$;

-- The page of a record.
create function app.notify_record_url(p_record_type text, p_record_id uuid) returns text
language sql immutable set search_path = '' as $$
  select case p_record_type
    when 'contact' then '/contacts/' when 'company' then '/companies/' when 'lead' then '/leads/'
    when 'deal' then '/deals/' when 'task' then '/tasks/' end || p_record_id::text
$$;

-- The one way notifications are made. Skips the actor (nobody hears about their own action) and people who
-- are not in the team; honours the person's preferences: nothing at all when every channel of the type is
-- off, hidden in-app (kept for email/push) when only in-app is off. With p_metadata ->> 'dedupe_key', a second
-- call with the same key for the same person and type does nothing. Announces new in-app notifications on
-- the change bus (room user:<id>, event notification.created) after commit. Returns the new id or null.
create function app.notify(
  p_team_id uuid, p_user_id uuid, p_type text, p_title text, p_body text, p_url text, p_actor_id uuid,
  p_record_type text, p_record_id uuid, p_metadata jsonb default '{}'
) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_in_app boolean;
  v_email boolean;
  v_push boolean;
  v_id uuid;
  v_title text := left(coalesce(nullif(btrim(p_title), ''), 'Notification'), 300);
  v_body text := left(p_body, 1000);
  v_created timestamptz;
begin
  if p_team_id is null or p_user_id is null or p_user_id is not distinct from p_actor_id then
    return null;
  end if;
  if not exists (select 1 from public.team_members where team_id = p_team_id and user_id = p_user_id) then
    return null;
  end if;
  select in_app, email, push into v_in_app, v_email, v_push
  from public.notification_preferences where user_id = p_user_id and team_id = p_team_id and type = p_type;
  v_in_app := coalesce(v_in_app, true);
  v_email := coalesce(v_email, true);
  v_push := coalesce(v_push, true);
  if not (v_in_app or v_email or v_push) then
    return null;
  end if;
  insert into public.notifications (
    team_id, user_id, type, title, body, url, actor_id, record_type, record_id, priority, in_app, metadata, dedupe_key
  ) values (
    p_team_id, p_user_id, p_type, v_title, v_body, p_url, p_actor_id, p_record_type, p_record_id,
    coalesce(p_metadata ->> 'priority', 'normal'), v_in_app, coalesce(p_metadata, '{}') - 'dedupe_key' - 'priority',
    p_metadata ->> 'dedupe_key'
  )
  on conflict (user_id, type, dedupe_key) where dedupe_key is not null do nothing
  returning id, created_at into v_id, v_created;
  if v_id is not null and v_in_app then
    perform pg_notify('leadly_bus', json_build_object(
      'team_id', p_team_id, 'type', 'notification.created', 'record_type', 'notification', 'record_id', v_id,
      'payload', json_build_object(
        'id', v_id, 'team_id', p_team_id, 'type', p_type, 'title', v_title, 'body', left(v_body, 200),
        'url', p_url, 'actor_id', p_actor_id, 'actor_name', app.notify_name(p_actor_id),
        'record_type', p_record_type, 'record_id', p_record_id, 'created_at', v_created
      ),
      'rooms', json_build_array('user:' || p_user_id::text)
    )::text);
  end if;
  return v_id;
end
$$;
revoke execute on function app.notify(uuid, uuid, text, text, text, text, uuid, text, uuid, jsonb) from public;
revoke execute on function app.notify_name(uuid) from public;
grant execute on function app.notify(uuid, uuid, text, text, text, text, uuid, text, uuid, jsonb) to service_role;
comment on function app.notify(uuid, uuid, text, text, text, text, uuid, text, uuid, jsonb) is
  'Creates a notification for a person (not the actor), honouring their preferences; announces it live.';

-- Task assigned: a new task with an assignee, or a task handed to someone else.
create function app.notify_task_assigned() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_actor uuid := (select auth.uid());
begin
  if new.assignee_id is null or new.deleted_at is not null then return null; end if;
  if tg_op = 'UPDATE' and new.assignee_id is not distinct from old.assignee_id then return null; end if;
  -- the next occurrence of a repeating task is not a new assignment
  if tg_op = 'INSERT' and new.recurred_from_id is not null then return null; end if;
  perform app.notify(
    new.team_id, new.assignee_id, 'task_assigned',
    coalesce(app.notify_name(v_actor) || ' assigned you a task', 'A task was assigned to you'),
    new.title, '/tasks/' || new.id::text, v_actor, 'task', new.id,
    jsonb_build_object('due_at', new.due_at, 'priority', case when new.priority = 'urgent' then 'high' else 'normal' end)
  );
  return null;
end
$$;
create trigger tasks_notify_assigned after insert or update of assignee_id on public.tasks
  for each row execute function app.notify_task_assigned();

-- Deal stage changed: the owner and the watchers hear about it.
create function app.notify_deal_stage() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_actor uuid := (select auth.uid());
  v_from text := (select name from public.pipeline_stages where id = old.stage_id);
  v_to text := (select name from public.pipeline_stages where id = new.stage_id);
  v_user uuid;
begin
  if new.deleted_at is not null or new.stage_id is not distinct from old.stage_id then return null; end if;
  for v_user in
    select new.owner_id where new.owner_id is not null
    union
    select user_id from public.deal_watchers where deal_id = new.id
  loop
    perform app.notify(
      new.team_id, v_user, 'deal_stage_changed',
      left(new.name, 200) || ' moved to ' || coalesce(v_to, 'another stage'),
      coalesce(app.notify_name(v_actor), 'Leadly') || ' moved it from ' || coalesce(v_from, '—') || ' to '
        || coalesce(v_to, '—') || '.',
      '/deals/' || new.id::text, v_actor, 'deal', new.id,
      jsonb_build_object('from_stage_id', old.stage_id, 'to_stage_id', new.stage_id, 'from', v_from, 'to', v_to)
    );
  end loop;
  return null;
end
$$;
create trigger deals_notify_stage after update of stage_id on public.deals
  for each row when (old.stage_id is distinct from new.stage_id) execute function app.notify_deal_stage();

-- Lead assigned: a lead created for someone else, or handed to someone.
create function app.notify_lead_assigned() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_actor uuid := (select auth.uid());
begin
  if new.owner_id is null or new.deleted_at is not null then return null; end if;
  if tg_op = 'UPDATE' and new.owner_id is not distinct from old.owner_id then return null; end if;
  perform app.notify(
    new.team_id, new.owner_id, 'lead_assigned',
    coalesce(app.notify_name(v_actor) || ' assigned you a lead', 'A lead was assigned to you'),
    new.business_name || coalesce(' · ' || new.contact_name, ''), '/leads/' || new.id::text, v_actor, 'lead', new.id
  );
  return null;
end
$$;
create trigger leads_notify_assigned after insert or update of owner_id on public.leads
  for each row execute function app.notify_lead_assigned();

-- Invitation accepted: the person who invited hears who joined.
create function app.notify_invite_accepted() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_team text := (select name from public.teams where id = new.team_id);
begin
  if new.invited_by is null or old.accepted_at is not null or new.accepted_at is null then return null; end if;
  perform app.notify(
    new.team_id, new.invited_by, 'invite_accepted',
    coalesce(app.notify_name(new.accepted_by), new.email) || ' accepted your invitation',
    'They joined ' || coalesce(v_team, 'your workspace') || ' as ' || new.role::text || '.',
    '/settings/team', new.accepted_by, 'user', new.accepted_by
  );
  return null;
end
$$;
create trigger invitations_notify_accepted after update of accepted_at on public.invitations
  for each row execute function app.notify_invite_accepted();

-- Mentions in activities and comments: delivered as the mention is written (after its checks), so
-- notified_at is set on the row itself.
create function app.notify_activity_mention() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_activity public.activities;
  v_comment text;
  v_where text;
begin
  if new.notified_at is not null then return new; end if;
  select * into v_activity from public.activities where id = new.activity_id and team_id = new.team_id;
  if v_activity.id is null then return new; end if;
  if new.comment_id is not null then
    select body into v_comment from public.activity_comments where id = new.comment_id;
    v_where := 'a comment';
  else
    v_where := 'a' || case when v_activity.type in ('email') then 'n ' else ' ' end || v_activity.type;
  end if;
  perform app.notify(
    new.team_id, new.mentioned_user_id, 'mention',
    coalesce(app.notify_name(new.mentioned_by), 'Someone') || ' mentioned you in ' || v_where,
    left(coalesce(v_comment, v_activity.body, v_activity.subject, ''), 300),
    app.notify_record_url(v_activity.record_type, v_activity.record_id) || '#activity-' || v_activity.id::text,
    new.mentioned_by, v_activity.record_type, v_activity.record_id,
    jsonb_build_object('activity_id', v_activity.id, 'comment_id', new.comment_id, 'mention_id', new.id)
  );
  new.notified_at := now();
  return new;
end
$$;
-- named to run after activity_mentions_check (before-triggers fire in name order)
create trigger activity_mentions_notify before insert on public.activity_mentions
  for each row execute function app.notify_activity_mention();

-- Mentions in chat messages (public.message_mentions, from the chat migration when it exists).
create function app.notify_message_mention() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_channel text;
  v_body text;
begin
  execute 'select name from public.channels where id = $1' into v_channel using new.channel_id;
  execute 'select body from public.messages where id = $1' into v_body using new.message_id;
  perform app.notify(
    new.team_id, new.mentioned_user_id, 'mention',
    coalesce(app.notify_name(new.mentioned_by), 'Someone')
      || case when to_jsonb(new) ->> 'kind' = 'channel' then ' mentioned @channel' else ' mentioned you' end
      || coalesce(' in #' || v_channel, ' in a message'),
    left(regexp_replace(coalesce(v_body, ''), '@\[([^\]]*)\]\(user:[0-9a-f-]+\)', '@\1', 'g'), 300),
    '/chat/' || new.channel_id::text || '?message=' || new.message_id::text,
    new.mentioned_by, 'message', new.message_id,
    jsonb_build_object('channel_id', new.channel_id, 'message_id', new.message_id)
  );
  return null;
end
$$;
do $$
begin
  if to_regclass('public.message_mentions') is not null then
    execute 'create trigger message_mentions_notify after insert on public.message_mentions '
      'for each row execute function app.notify_message_mention()';
  end if;
end
$$;

-- Due soon (next 24 hours) and overdue (up to a week late) open tasks, for the assignee (else the owner).
-- Run by the notifications:due-scan job; idempotent: one notification per task, kind and due time.
create function app.notify_due_tasks(p_now timestamptz default now(), p_soon interval default '24 hours')
returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_count int := 0;
begin
  with due as (
    select t.*, coalesce(t.assignee_id, t.owner_id) as recipient,
           case when t.due_at <= p_now then 'task_overdue' else 'task_due_soon' end as kind
    from public.tasks t
    where t.deleted_at is null and t.status in ('todo', 'in_progress') and t.due_at is not null
      and t.due_at > p_now - interval '7 days' and t.due_at <= p_now + p_soon
      and coalesce(t.assignee_id, t.owner_id) is not null
  ),
  fresh as (
    select d.* from due d
    where not exists (
      select 1 from public.notifications n
      where n.user_id = d.recipient and n.type = d.kind
        and n.dedupe_key = d.kind || ':' || d.id::text || ':' || extract(epoch from d.due_at)::bigint::text
    )
  )
  select count(app.notify(
    f.team_id, f.recipient, f.kind,
    case when f.kind = 'task_overdue' then 'Overdue: ' else 'Due soon: ' end || left(f.title, 200),
    'Due ' || to_char(f.due_at at time zone f.due_time_zone, 'Dy DD Mon YYYY HH24:MI') || ' ('
      || replace(f.due_time_zone, '_', ' ') || ')',
    '/tasks/' || f.id::text, null, 'task', f.id,
    jsonb_build_object(
      'due_at', f.due_at, 'priority', case when f.kind = 'task_overdue' then 'high' else 'normal' end,
      'dedupe_key', f.kind || ':' || f.id::text || ':' || extract(epoch from f.due_at)::bigint::text
    )
  ))
  into v_count from fresh f;
  return v_count;
end
$$;
revoke execute on function app.notify_due_tasks(timestamptz, interval) from public;
grant execute on function app.notify_due_tasks(timestamptz, interval) to service_role;

revoke execute on function app.notify_task_assigned(), app.notify_deal_stage(), app.notify_lead_assigned(),
  app.notify_invite_accepted(), app.notify_activity_mention(), app.notify_message_mention(),
  app.check_deal_watcher(), app.check_notification_settings() from public;

-- RLS ----------------------------------------------------------------------------------------------------
alter table public.notifications enable row level security;
alter table public.notification_preferences enable row level security;
alter table public.notification_settings enable row level security;
alter table public.push_subscriptions enable row level security;
alter table public.notification_deliveries enable row level security;
alter table public.deal_watchers enable row level security;

create policy "People see their own notifications in their teams" on public.notifications
  for select to authenticated
  using (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People mark their own notifications read, archived or snoozed" on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
-- only app.notify writes notifications; people change only these three columns
revoke insert, update, delete on public.notifications from authenticated;
grant update (read_at, archived_at, snoozed_until) on public.notifications to authenticated;

create policy "People see their own preferences" on public.notification_preferences
  for select to authenticated
  using (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People set their own preferences in their teams" on public.notification_preferences
  for insert to authenticated
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People change their own preferences" on public.notification_preferences
  for update to authenticated
  using (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People remove their own preferences" on public.notification_preferences
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "People see their own notification settings" on public.notification_settings
  for select to authenticated using (user_id = (select auth.uid()));
create policy "People create their own notification settings" on public.notification_settings
  for insert to authenticated with check (user_id = (select auth.uid()) and last_digest_at is null);
create policy "People change their own notification settings" on public.notification_settings
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
-- last_digest_at belongs to the digest job
revoke insert, update on public.notification_settings from authenticated;
grant insert (user_id, dnd_enabled, dnd_start, dnd_end, time_zone, digest_frequency)
  on public.notification_settings to authenticated;
grant update (dnd_enabled, dnd_start, dnd_end, time_zone, digest_frequency) on public.notification_settings
  to authenticated;

create policy "People see their own push subscriptions" on public.push_subscriptions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "People add their own push subscriptions" on public.push_subscriptions
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "People remove their own push subscriptions" on public.push_subscriptions
  for delete to authenticated using (user_id = (select auth.uid()));
revoke update on public.push_subscriptions from authenticated;

create policy "People see deliveries of their own notifications" on public.notification_deliveries
  for select to authenticated using (user_id = (select auth.uid()));
revoke insert, update, delete on public.notification_deliveries from authenticated;

create policy "Members see who watches their team's deals" on public.deal_watchers
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members watch deals of their team themselves" on public.deal_watchers
  for insert to authenticated
  with check (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "Members stop watching, owners and admins remove anyone" on public.deal_watchers
  for delete to authenticated
  using (
    (user_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
    or app.has_team_role(team_id, array['owner', 'admin']::public.team_role[])
  );
revoke update on public.deal_watchers from authenticated;

-- Bookkeeping --------------------------------------------------------------------------------------------
create trigger notification_preferences_touch before update on public.notification_preferences
  for each row execute function app.touch_updated_at();
create trigger deal_watchers_audit after insert or delete on public.deal_watchers
  for each row execute function app.audit();
