-- Nothing a teammate sends goes unnoticed: direct messages notify their people (in the app, by push and in the
-- email digest, each a preference of its own), and every team starts with a #general channel that all its
-- members are in. (Unread counts over every page and thread replies counted as unread are in
-- lib/chat/unread.ts and lib/chat/channels.ts: they need no schema.)

-- The direct_message notification type ---------------------------------------------------------------------
alter table public.notifications drop constraint notifications_type_check;
alter table public.notifications add constraint notifications_type_check check (type in (
  'mention', 'task_assigned', 'task_due_soon', 'task_overdue', 'deal_stage_changed', 'lead_assigned',
  'invite_accepted', 'system', 'direct_message'
));
alter table public.notification_preferences drop constraint notification_preferences_type_check;
alter table public.notification_preferences add constraint notification_preferences_type_check check (type in (
  'mention', 'task_assigned', 'task_due_soon', 'task_overdue', 'deal_stage_changed', 'lead_assigned',
  'invite_accepted', 'system', 'direct_message'
));

-- A message in a direct or group conversation notifies everyone else in it, once per person and message
-- (dedupe_key), through app.notify: not the sender, only team members, honouring each person's preferences
-- (quiet hours hold the push and the email). People who muted the conversation are left out, and so are people
-- the message @mentions: they get the mention notification instead, so one message makes one notification.
-- Deferred to the end of the transaction, because app.chat_send stores the mentions after the message row.
create function app.notify_direct_message() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_type text;
  v_message public.messages;
  v_sender text;
  v_person uuid;
begin
  select type into v_type from public.channels where id = new.channel_id;
  if v_type is null or v_type not in ('dm', 'group_dm') then return null; end if;
  select * into v_message from public.messages where id = new.id;
  if v_message.id is null or v_message.deleted_at is not null then return null; end if;
  v_sender := coalesce(app.notify_name(v_message.sender_id), 'Someone');
  for v_person in
    select cm.user_id from public.channel_members cm
    where cm.channel_id = v_message.channel_id and cm.user_id is distinct from v_message.sender_id and not cm.muted
      and not exists (
        select 1 from public.message_mentions mm where mm.message_id = v_message.id and mm.mentioned_user_id = cm.user_id
      )
  loop
    perform app.notify(
      v_message.team_id, v_person, 'direct_message',
      v_sender || case when v_type = 'dm' then ' sent you a message' else ' wrote in your group conversation' end,
      left(regexp_replace(v_message.body, '@\[([^\]]*)\]\(user:[0-9a-fA-F-]+\)', '@\1', 'g'), 300),
      '/chat/' || v_message.channel_id::text || '?message=' || v_message.id::text,
      v_message.sender_id, 'message', v_message.id,
      jsonb_build_object(
        'channel_id', v_message.channel_id, 'message_id', v_message.id, 'parent_id', v_message.parent_id,
        'dedupe_key', 'message:' || v_message.id::text
      )
    );
  end loop;
  return null;
end
$$;
revoke execute on function app.notify_direct_message() from public;
create constraint trigger messages_notify_direct after insert on public.messages
  deferrable initially deferred for each row execute function app.notify_direct_message();

-- #general in every team -----------------------------------------------------------------------------------
-- Made with the team (app.create_team, which both the embedded signup and app.provision_signup_team use, or any
-- other insert), by whoever made the team. The team's #general is the public channel named "general".
create function app.create_general_channel() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.channels (team_id, type, name, topic, created_by)
  values (new.id, 'public', 'general', 'Everyone in ' || new.name || ' is here.', new.created_by)
  on conflict (team_id, name) where name is not null do nothing;
  return null;
end
$$;
revoke execute on function app.create_general_channel() from public;
create trigger teams_create_general after insert on public.teams
  for each row execute function app.create_general_channel();

-- Everyone who joins a team (its owner first, then invitees) is in its #general; owners as channel admins.
create function app.join_general_channel() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.channel_members (channel_id, team_id, user_id, role)
  select c.id, c.team_id, new.user_id, case when new.role = 'owner' then 'admin' else 'member' end
  from public.channels c
  where c.team_id = new.team_id and c.name = 'general' and c.type = 'public' and c.archived_at is null
  on conflict do nothing;
  return null;
end
$$;
revoke execute on function app.join_general_channel() from public;
create trigger team_members_join_general after insert on public.team_members
  for each row execute function app.join_general_channel();

-- Teams made before this migration that never used chat get their #general now, with everyone in it.
with created as (
  insert into public.channels (team_id, type, name, topic, created_by)
  select t.id, 'public', 'general', 'Everyone in ' || t.name || ' is here.', t.created_by
  from public.teams t
  where not exists (select 1 from public.channels c where c.team_id = t.id)
  returning id, team_id
)
insert into public.channel_members (channel_id, team_id, user_id, role)
select c.id, c.team_id, m.user_id, case when m.role = 'owner' then 'admin' else 'member' end
from created c join public.team_members m on m.team_id = c.team_id
on conflict do nothing;
