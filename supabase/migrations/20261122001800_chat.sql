-- Team chat: public and private channels, direct messages (dm: two people, group_dm: three to nine), messages
-- with threads, reactions, pins and @mentions.
-- Who may do what: a team member reads the public channels of their team and the channels they belong to;
-- only members post, react and pin; authors edit their own messages; authors, channel admins and team
-- owners/admins delete them. Every write goes through the security-definer functions below (tables are
-- read-only for `authenticated`), so the sender, the timestamps and the numbering always come from here.
-- Numbering: every stored change to a message takes the next value of its channel's `last_seq`, bumped
-- while the channel row is locked, so commit order is seq order. `messages.seq` is the seq of a message's
-- creation, `messages.change_seq` the seq of its latest change; `sync since N` reads change_seq > N.

-- Channels ----------------------------------------------------------------------------------------
create table public.channels (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  type text not null check (type in ('public', 'private', 'dm', 'group_dm')),
  -- "general", "deals": lower case, no spaces; direct messages have no name
  name text check (length(name) between 1 and 80 and name = lower(name) and name !~ '[[:space:]#,]'),
  topic text not null default '' check (length(topic) <= 250),
  description text not null default '' check (length(description) <= 1000),
  -- the sorted member ids of a direct message, so "find or create" finds the same conversation again
  dm_key text,
  archived_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the newest change's number (see the header)
  last_seq bigint not null default 0,
  last_message_at timestamptz,
  check ((type in ('public', 'private')) = (name is not null)),
  check ((type in ('dm', 'group_dm')) = (dm_key is not null)),
  check (archived_at is null or type in ('public', 'private')),
  unique (id, team_id)
);
create unique index channels_team_name_idx on public.channels (team_id, name) where name is not null;
create unique index channels_team_dm_idx on public.channels (team_id, dm_key) where dm_key is not null;
create index channels_team_public_idx on public.channels (team_id) where type = 'public';
comment on table public.channels is 'Chat conversations of a team: public and private channels, direct and group messages.';

create table public.channel_members (
  channel_id uuid not null,
  team_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('member', 'admin')),
  -- read receipts: the highest seq this member has seen; never moves back
  last_read_seq bigint not null default 0 check (last_read_seq >= 0),
  -- no notifications for this channel (except direct mentions)
  muted boolean not null default false,
  joined_at timestamptz not null default now(),
  primary key (channel_id, user_id),
  foreign key (channel_id, team_id) references public.channels (id, team_id) on delete cascade,
  -- leaving the team takes a person out of its channels
  foreign key (team_id, user_id) references public.team_members (team_id, user_id) on delete cascade
);
create index channel_members_user_idx on public.channel_members (user_id, team_id);
comment on table public.channel_members is 'Who is in which channel, as member or admin, and how far they have read.';

-- Messages ----------------------------------------------------------------------------------------
create table public.messages (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null,
  channel_id uuid not null,
  seq bigint not null,
  change_seq bigint not null,
  -- chosen by the sending browser; sending the same one twice stores one message
  client_id uuid not null,
  sender_id uuid references auth.users (id) on delete set null,
  -- the author's source (small markdown with @[Name](user:<id>) mentions); '' once deleted
  body text not null check (length(body) <= 4000),
  -- rendered and sanitized by the server (lib/chat/render.ts); '' once deleted
  body_html text not null check (length(body_html) <= 100000),
  body_tsv tsvector generated always as (
    to_tsvector('english', regexp_replace(body, '@\[([^]]*)\]\(user:[0-9a-fA-F-]{36}\)', '\1', 'g'))
  ) stored,
  -- thread replies point at the thread's first message (never at another reply)
  parent_id uuid references public.messages (id) on delete cascade,
  reply_count int not null default 0,
  last_reply_at timestamptz,
  -- people @mentioned by name (the rows in message_mentions also cover @channel)
  mentions uuid[] not null default '{}',
  mention_channel boolean not null default false,
  -- cards for links to records of the app: [{record_type, record_id, title, subtitle, url}]
  unfurls jsonb not null default '[]' check (jsonb_typeof(unfurls) = 'array'),
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  deleted_by uuid references auth.users (id) on delete set null,
  pinned_at timestamptz,
  pinned_by uuid references auth.users (id) on delete set null,
  foreign key (channel_id, team_id) references public.channels (id, team_id) on delete cascade,
  unique (sender_id, client_id),
  unique (channel_id, seq),
  check (change_seq >= seq),
  check ((pinned_at is null) = (pinned_by is null))
);
create index messages_change_idx on public.messages (channel_id, change_seq);
create index messages_thread_idx on public.messages (parent_id, seq) where parent_id is not null;
create index messages_pinned_idx on public.messages (channel_id, pinned_at desc) where pinned_at is not null;
create index messages_sender_idx on public.messages (team_id, sender_id, created_at desc);
create index messages_search_idx on public.messages using gin (body_tsv);
comment on table public.messages is 'Chat messages and thread replies, numbered per channel (seq, change_seq).';

create table public.message_reactions (
  message_id uuid not null references public.messages (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  channel_id uuid not null references public.channels (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  emoji text not null check (length(emoji) between 1 and 64),
  created_at timestamptz not null default now(),
  primary key (message_id, user_id, emoji)
);
create index message_reactions_channel_idx on public.message_reactions (channel_id);
comment on table public.message_reactions is 'Emoji reactions: one per person, message and emoji.';

create table public.message_mentions (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  message_id uuid not null references public.messages (id) on delete cascade,
  channel_id uuid not null references public.channels (id) on delete cascade,
  mentioned_user_id uuid not null references auth.users (id) on delete cascade,
  mentioned_by uuid references auth.users (id) on delete set null,
  -- 'user' for @[Name](user:<id>), 'channel' for everyone reached by @channel
  kind text not null default 'user' check (kind in ('user', 'channel')),
  created_at timestamptz not null default now(),
  unique (message_id, mentioned_user_id)
);
create index message_mentions_user_idx on public.message_mentions (mentioned_user_id, channel_id, created_at desc);
create index message_mentions_team_idx on public.message_mentions (team_id);
comment on table public.message_mentions is
  'People a chat message mentions (by name or through @channel); the notifications migration notifies them.';

-- Who reads what ----------------------------------------------------------------------------------
-- The channels the signed-in user may read: the ones they are in, and the public ones of their teams.
-- (plpgsql rather than sql throughout this file: its plans are cached per session, which matters on the
-- hot path of every message.)
create function app.my_channel_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  return query
    select m.channel_id from public.channel_members m where m.user_id = (select auth.uid())
    union
    select c.id from public.channels c join public.team_members t on t.team_id = c.team_id
    where c.type = 'public' and t.user_id = (select auth.uid());
end
$$;

create function app.is_channel_member(p_channel_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (
    select 1 from public.channel_members where channel_id = p_channel_id and user_id = (select auth.uid())
  );
end
$$;

-- A message as clients see it (the Chat protocol in .scratch/plan.md). Runs with the caller's rights.
create function app.chat_message_json(m public.messages) returns jsonb
language plpgsql stable set search_path = '' as $$
begin
  return jsonb_build_object(
    'id', m.id, 'channel_id', m.channel_id, 'seq', m.seq, 'change_seq', m.change_seq, 'client_id', m.client_id,
    'sender_id', m.sender_id,
    'sender_name', coalesce((select nullif(p.full_name, '') from public.profiles p where p.id = m.sender_id), 'Someone'),
    'body', m.body, 'body_html', m.body_html, 'parent_id', m.parent_id, 'reply_count', m.reply_count,
    'last_reply_at', m.last_reply_at, 'created_at', m.created_at, 'edited_at', m.edited_at,
    'deleted_at', m.deleted_at, 'pinned_at', m.pinned_at, 'pinned_by', m.pinned_by,
    'reactions', case when m.deleted_at is not null or m.change_seq = m.seq then '[]'::jsonb else coalesce((
      select jsonb_agg(jsonb_build_object('emoji', r.emoji, 'count', r.n, 'user_ids', r.user_ids) order by r.first_at, r.emoji)
      from (
        select emoji, count(*) as n, jsonb_agg(user_id order by created_at, user_id) as user_ids, min(created_at) as first_at
        from public.message_reactions where message_id = m.id group by emoji
      ) r
    ), '[]'::jsonb) end,
    'mentions', to_jsonb(m.mentions), 'mention_channel', m.mention_channel, 'unfurls', m.unfurls
  );
end
$$;

-- Writing: shared checks ----------------------------------------------------------------------------
-- The channel, locked for numbering, when the caller may read it (404 otherwise); with p_post also a member
-- of it (403) and not archived (409).
create function app.chat_lock_channel(p_channel_id uuid, p_post boolean,
  p_missing text default 'That channel does not exist or is not yours.') returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_channel public.channels;
  v_member boolean;
begin
  if v_user is null then
    raise exception 'Sign in to chat.' using errcode = '42501';
  end if;
  select * into v_channel from public.channels where id = p_channel_id for update;
  v_member := found and exists (
    select 1 from public.channel_members where channel_id = p_channel_id and user_id = v_user
  );
  if not v_member and not (found and v_channel.type = 'public' and exists (
    select 1 from public.team_members where team_id = v_channel.team_id and user_id = v_user
  )) then
    raise exception '%', p_missing using errcode = 'P0002';
  end if;
  if p_post and not v_member then
    raise exception 'Join % first.', coalesce('#' || v_channel.name, 'this conversation') using errcode = '42501';
  end if;
  if p_post and v_channel.archived_at is not null then
    raise exception 'This channel is archived: nothing can be posted or changed in it.' using errcode = 'P0001';
  end if;
  return v_channel;
end
$$;

-- The next number of a channel locked by app.chat_lock_channel.
create function app.chat_next_seq(p_channel_id uuid) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  v_seq bigint;
begin
  update public.channels set last_seq = last_seq + 1 where id = p_channel_id returning last_seq into v_seq;
  return v_seq;
end
$$;

-- The channel of a message the caller may read, locked (see app.chat_lock_channel).
create function app.chat_lock_message(p_message_id uuid, p_post boolean) returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_channel_id uuid;
begin
  select channel_id into v_channel_id from public.messages where id = p_message_id;
  if v_channel_id is null then
    raise exception 'That message does not exist or is not yours.' using errcode = 'P0002';
  end if;
  return app.chat_lock_channel(v_channel_id, p_post, 'That message does not exist or is not yours.');
end
$$;

-- Stores who a message mentions: people by name (team members who can read the channel) and, with @channel,
-- every member of it. Returns the named people that were kept.
create function app.chat_store_mentions(p_message public.messages, p_channel public.channels, p_user_ids uuid[],
  p_channel_mention boolean) returns uuid[]
language plpgsql security definer set search_path = '' as $$
declare
  v_named uuid[];
begin
  select coalesce(array_agg(distinct u), '{}') into v_named
  from unnest(coalesce(p_user_ids, '{}')) u
  where exists (select 1 from public.team_members t where t.team_id = p_channel.team_id and t.user_id = u)
    and (p_channel.type = 'public'
         or exists (select 1 from public.channel_members cm where cm.channel_id = p_channel.id and cm.user_id = u));

  delete from public.message_mentions
  where message_id = p_message.id
    and not (mentioned_user_id = any (v_named))
    and not (p_channel_mention and mentioned_user_id in (
      select user_id from public.channel_members where channel_id = p_channel.id));

  insert into public.message_mentions (team_id, message_id, channel_id, mentioned_user_id, mentioned_by, kind)
  select p_channel.team_id, p_message.id, p_channel.id, u, p_message.sender_id, k
  from (
    select u, 'user' as k from unnest(v_named) u
    union all
    select cm.user_id, 'channel' from public.channel_members cm
    where p_channel_mention and cm.channel_id = p_channel.id and not (cm.user_id = any (v_named))
  ) x
  where u is distinct from p_message.sender_id
  on conflict (message_id, mentioned_user_id) do nothing;
  return v_named;
end
$$;

-- Messages ----------------------------------------------------------------------------------------
-- Sends a message (or a thread reply) as the signed-in user. Idempotent on (sender, client_id): a repeat
-- returns the stored message with created = false and changes nothing.
-- Returns {created, message, parent} (parent: the thread's first message after its reply count changed).
create function app.chat_send(p_channel_id uuid, p_client_id uuid, p_body text, p_body_html text,
  p_parent_id uuid default null, p_mentions uuid[] default '{}', p_mention_channel boolean default false,
  p_unfurls jsonb default '[]') returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_channel public.channels;
  v_message public.messages;
  v_parent public.messages;
  v_seq bigint;
begin
  v_channel := app.chat_lock_channel(p_channel_id, false);
  -- checked under the channel's lock, so a resend racing the first send finds it once that one committed;
  -- and before the rights to post, so a resend after leaving or archiving still gets its message
  select * into v_message from public.messages where sender_id = v_user and client_id = p_client_id;
  if found then
    if v_message.channel_id <> p_channel_id then
      raise exception 'That client_id was already used for a message in another conversation.' using errcode = 'P0001';
    end if;
    return jsonb_build_object('created', false, 'message', app.chat_message_json(v_message), 'parent', null);
  end if;
  if not exists (select 1 from public.channel_members where channel_id = p_channel_id and user_id = v_user) then
    raise exception 'Join % first.', coalesce('#' || v_channel.name, 'this conversation') using errcode = '42501';
  end if;
  if v_channel.archived_at is not null then
    raise exception 'This channel is archived: nothing can be posted or changed in it.' using errcode = 'P0001';
  end if;

  if length(btrim(coalesce(p_body, ''))) = 0 then
    raise exception 'Write something first: a message cannot be empty.' using errcode = 'P0001';
  end if;
  if p_parent_id is not null then
    select * into v_parent from public.messages where id = p_parent_id and channel_id = p_channel_id;
    if not found then
      raise exception 'That message does not exist in this conversation.' using errcode = 'P0002';
    end if;
    if v_parent.parent_id is not null then
      select * into v_parent from public.messages where id = v_parent.parent_id;
    end if;
    if v_parent.deleted_at is not null then
      raise exception 'That message was deleted: its thread is closed.' using errcode = 'P0001';
    end if;
  end if;

  update public.channels
  set last_seq = last_seq + 1, last_message_at = case when v_parent.id is null then now() else last_message_at end
  where id = p_channel_id returning last_seq into v_seq;
  insert into public.messages (team_id, channel_id, seq, change_seq, client_id, sender_id, body, body_html, parent_id,
                               mention_channel, unfurls)
  values (v_channel.team_id, p_channel_id, v_seq, v_seq, p_client_id, v_user, p_body, coalesce(p_body_html, ''),
          v_parent.id, coalesce(p_mention_channel, false), coalesce(p_unfurls, '[]'))
  returning * into v_message;
  if coalesce(cardinality(p_mentions), 0) > 0 or p_mention_channel then
    update public.messages set mentions = app.chat_store_mentions(v_message, v_channel, p_mentions, p_mention_channel)
    where id = v_message.id returning * into v_message;
  end if;

  if v_parent.id is not null then
    v_seq := app.chat_next_seq(p_channel_id);
    update public.messages set reply_count = reply_count + 1, last_reply_at = v_message.created_at, change_seq = v_seq
    where id = v_parent.id returning * into v_parent;
  end if;
  -- writing in a conversation means having read it
  update public.channel_members set last_read_seq = greatest(last_read_seq, v_seq)
  where channel_id = p_channel_id and user_id = v_user;

  return jsonb_build_object(
    'created', true,
    'message', app.chat_message_json(v_message),
    'parent', case when v_parent.id is not null then app.chat_message_json(v_parent) end
  );
end
$$;

-- Edits one's own message. Returns {changed, message}; an edit that changes nothing is not numbered.
create function app.chat_edit(p_message_id uuid, p_body text, p_body_html text, p_mentions uuid[] default '{}',
  p_mention_channel boolean default false, p_unfurls jsonb default '[]') returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_message public.messages;
  v_channel public.channels;
  v_seq bigint;
begin
  v_channel := app.chat_lock_message(p_message_id, false);
  select * into v_message from public.messages where id = p_message_id;
  if v_message.sender_id is distinct from (select auth.uid()) then
    raise exception 'Only the author can edit this message.' using errcode = '42501';
  end if;
  if v_message.deleted_at is not null then
    raise exception 'That message was deleted and cannot be edited.' using errcode = 'P0001';
  end if;
  if v_channel.archived_at is not null then
    raise exception 'This channel is archived: nothing can be posted or changed in it.' using errcode = 'P0001';
  end if;
  if length(btrim(coalesce(p_body, ''))) = 0 then
    raise exception 'A message cannot be empty: delete it instead.' using errcode = 'P0001';
  end if;
  if v_message.body = p_body then
    return jsonb_build_object('changed', false, 'message', app.chat_message_json(v_message));
  end if;
  v_seq := app.chat_next_seq(v_channel.id);
  update public.messages
  set body = p_body, body_html = coalesce(p_body_html, ''), mention_channel = coalesce(p_mention_channel, false),
      unfurls = coalesce(p_unfurls, '[]'), edited_at = now(), change_seq = v_seq
  where id = p_message_id returning * into v_message;
  update public.messages
  set mentions = app.chat_store_mentions(v_message, v_channel, p_mentions, coalesce(p_mention_channel, false))
  where id = p_message_id returning * into v_message;
  return jsonb_build_object('changed', true, 'message', app.chat_message_json(v_message));
end
$$;

-- Deletes a message: its author, a channel admin, or a team owner or admin. The row stays (threads keep their
-- place, clients show "deleted") with its text, reactions and pin removed. Returns {changed, message}.
create function app.chat_delete(p_message_id uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_message public.messages;
  v_channel public.channels;
  v_seq bigint;
begin
  v_channel := app.chat_lock_message(p_message_id, false);
  select * into v_message from public.messages where id = p_message_id;
  if v_message.sender_id is distinct from v_user
     and not app.has_team_role(v_channel.team_id, array['owner', 'admin']::public.team_role[])
     and not exists (
       select 1 from public.channel_members
       where channel_id = v_channel.id and user_id = v_user and role = 'admin'
     ) then
    raise exception 'Only the author, a channel admin or a workspace admin can delete this message.' using errcode = '42501';
  end if;
  if v_message.deleted_at is not null then
    return jsonb_build_object('changed', false, 'message', app.chat_message_json(v_message));
  end if;
  v_seq := app.chat_next_seq(v_channel.id);
  delete from public.message_reactions where message_id = p_message_id;
  update public.messages
  set body = '', body_html = '', mentions = '{}', mention_channel = false, unfurls = '[]', pinned_at = null,
      pinned_by = null, deleted_at = now(), deleted_by = v_user, change_seq = v_seq
  where id = p_message_id returning * into v_message;
  return jsonb_build_object('changed', true, 'message', app.chat_message_json(v_message));
end
$$;

-- Adds (p_on) or takes back one's reaction. Members only. Returns {changed, message}.
create function app.chat_react(p_message_id uuid, p_emoji text, p_on boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_message public.messages;
  v_channel public.channels;
  v_count int;
begin
  v_channel := app.chat_lock_message(p_message_id, true);
  select * into v_message from public.messages where id = p_message_id;
  if v_message.deleted_at is not null then
    raise exception 'That message was deleted.' using errcode = 'P0001';
  end if;
  if p_on then
    if (select count(distinct emoji) from public.message_reactions where message_id = p_message_id
        and emoji <> p_emoji) >= 50 then
      raise exception 'This message has as many different reactions as it can take.' using errcode = 'P0001';
    end if;
    insert into public.message_reactions (message_id, team_id, channel_id, user_id, emoji)
    values (p_message_id, v_channel.team_id, v_channel.id, v_user, p_emoji)
    on conflict do nothing;
  else
    delete from public.message_reactions where message_id = p_message_id and user_id = v_user and emoji = p_emoji;
  end if;
  get diagnostics v_count = row_count;
  if v_count = 0 then
    return jsonb_build_object('changed', false, 'message', app.chat_message_json(v_message));
  end if;
  update public.messages set change_seq = app.chat_next_seq(v_channel.id) where id = p_message_id
  returning * into v_message;
  return jsonb_build_object('changed', true, 'message', app.chat_message_json(v_message));
end
$$;

-- Pins or unpins a message. Members only. Returns {changed, message}.
create function app.chat_pin(p_message_id uuid, p_pinned boolean) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  v_message public.messages;
  v_channel public.channels;
begin
  v_channel := app.chat_lock_message(p_message_id, true);
  select * into v_message from public.messages where id = p_message_id;
  if v_message.deleted_at is not null then
    raise exception 'That message was deleted.' using errcode = 'P0001';
  end if;
  if (v_message.pinned_at is not null) = p_pinned then
    return jsonb_build_object('changed', false, 'message', app.chat_message_json(v_message));
  end if;
  update public.messages
  set pinned_at = case when p_pinned then now() end, pinned_by = case when p_pinned then (select auth.uid()) end,
      change_seq = app.chat_next_seq(v_channel.id)
  where id = p_message_id returning * into v_message;
  return jsonb_build_object('changed', true, 'message', app.chat_message_json(v_message));
end
$$;

-- Read receipts: moves the caller's last_read_seq forward (never back, never past the channel's last seq).
create function app.chat_mark_read(p_channel_id uuid, p_seq bigint) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  v_seq bigint;
begin
  update public.channel_members m
  set last_read_seq = greatest(m.last_read_seq, least(greatest(p_seq, 0), c.last_seq))
  from public.channels c
  where c.id = m.channel_id and m.channel_id = p_channel_id and m.user_id = (select auth.uid())
  returning m.last_read_seq into v_seq;
  if v_seq is null then
    raise exception 'You are not a member of this conversation.' using errcode = '42501';
  end if;
  return v_seq;
end
$$;

-- Channels ----------------------------------------------------------------------------------------
create function app.chat_require_team_member(p_team_id uuid) returns public.team_role
language plpgsql stable security definer set search_path = '' as $$
declare
  v_role public.team_role;
begin
  select role into v_role from public.team_members where team_id = p_team_id and user_id = (select auth.uid());
  if v_role is null then
    raise exception 'You are not a member of that workspace.' using errcode = '42501';
  end if;
  return v_role;
end
$$;

-- Adds people to a channel; all of them must be in its team.
create function app.chat_add_people(p_channel public.channels, p_user_ids uuid[]) returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_count int;
begin
  if exists (
    select 1 from unnest(coalesce(p_user_ids, '{}')) u
    where not exists (select 1 from public.team_members t where t.team_id = p_channel.team_id and t.user_id = u)
  ) then
    raise exception 'Everyone you add must be a member of this workspace.' using errcode = 'P0002';
  end if;
  insert into public.channel_members (channel_id, team_id, user_id)
  select distinct p_channel.id, p_channel.team_id, u from unnest(coalesce(p_user_ids, '{}')) u
  on conflict do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;

-- Creates a public or private channel with the caller as its admin. Viewers cannot create channels.
create function app.chat_create_channel(p_team_id uuid, p_name text, p_type text, p_topic text default '',
  p_description text default '', p_member_ids uuid[] default '{}') returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_channel public.channels;
begin
  if app.chat_require_team_member(p_team_id) = 'viewer' then
    raise exception 'Viewers cannot create channels.' using errcode = '42501';
  end if;
  if p_type not in ('public', 'private') then
    raise exception 'A channel is public or private.' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.channels where team_id = p_team_id and name = p_name) then
    raise exception 'A channel named #% already exists.', p_name using errcode = 'P0001';
  end if;
  insert into public.channels (team_id, type, name, topic, description, created_by)
  values (p_team_id, p_type, p_name, coalesce(p_topic, ''), coalesce(p_description, ''), v_user)
  returning * into v_channel;
  insert into public.channel_members (channel_id, team_id, user_id, role)
  values (v_channel.id, p_team_id, v_user, 'admin');
  perform app.chat_add_people(v_channel, p_member_ids);
  return v_channel;
end
$$;

-- Finds or creates the direct conversation between the caller and p_user_ids (one other: dm, 2-8: group_dm).
create function app.chat_direct(p_team_id uuid, p_user_ids uuid[]) returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_people uuid[];
  v_key text;
  v_channel public.channels;
begin
  perform app.chat_require_team_member(p_team_id);
  select array_agg(distinct u order by u) into v_people
  from unnest(coalesce(p_user_ids, '{}') || v_user) u;
  if cardinality(v_people) < 2 or cardinality(v_people) > 9 then
    raise exception 'A direct message is with 1 to 8 other people.' using errcode = 'P0001';
  end if;
  v_key := array_to_string(v_people, ',');
  select * into v_channel from public.channels where team_id = p_team_id and dm_key = v_key;
  if found then return v_channel; end if;
  insert into public.channels (team_id, type, dm_key, created_by)
  values (p_team_id, case when cardinality(v_people) = 2 then 'dm' else 'group_dm' end, v_key, v_user)
  on conflict (team_id, dm_key) where dm_key is not null do nothing
  returning * into v_channel;
  if v_channel.id is null then
    -- created by the same people a moment ago
    select * into v_channel from public.channels where team_id = p_team_id and dm_key = v_key;
    return v_channel;
  end if;
  perform app.chat_add_people(v_channel, v_people);
  return v_channel;
end
$$;

-- Joins a public channel of one's team.
create function app.chat_join(p_channel_id uuid) returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_channel public.channels;
begin
  v_channel := app.chat_lock_channel(p_channel_id, false);
  if v_channel.type <> 'public' and not app.is_channel_member(p_channel_id) then
    raise exception 'This conversation is private: ask a member to add you.' using errcode = '42501';
  end if;
  if v_channel.archived_at is not null then
    raise exception 'This channel is archived: it cannot be joined.' using errcode = 'P0001';
  end if;
  perform app.chat_add_people(v_channel, array[(select auth.uid())]);
  return v_channel;
end
$$;

-- Takes people out of a channel: oneself (leaving), or anyone for a channel admin or a team owner/admin.
-- Direct messages keep their people.
create function app.chat_remove_member(p_channel_id uuid, p_user_id uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_channel public.channels;
begin
  v_channel := app.chat_lock_channel(p_channel_id, false);
  if v_channel.type in ('dm', 'group_dm') then
    raise exception 'People cannot leave or be removed from a direct message.' using errcode = 'P0001';
  end if;
  if p_user_id is distinct from v_user
     and not app.has_team_role(v_channel.team_id, array['owner', 'admin']::public.team_role[])
     and not exists (
       select 1 from public.channel_members where channel_id = p_channel_id and user_id = v_user and role = 'admin'
     ) then
    raise exception 'Only a channel admin or a workspace admin can remove people.' using errcode = '42501';
  end if;
  delete from public.channel_members where channel_id = p_channel_id and user_id = p_user_id;
  return found;
end
$$;

-- Adds people to a channel: any member may, unless it is archived or a direct message.
create function app.chat_add_members(p_channel_id uuid, p_user_ids uuid[]) returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_channel public.channels;
begin
  v_channel := app.chat_lock_channel(p_channel_id, true);
  if v_channel.type in ('dm', 'group_dm') then
    raise exception 'Start a new direct message to talk with more people.' using errcode = 'P0001';
  end if;
  return app.chat_add_people(v_channel, p_user_ids);
end
$$;

-- Changes a channel: any member sets topic and description; channel admins and team owners/admins rename,
-- archive and unarchive. Keys of p_changes: name, topic, description, archived (boolean).
create function app.chat_update_channel(p_channel_id uuid, p_changes jsonb) returns public.channels
language plpgsql security definer set search_path = '' as $$
declare
  v_user uuid := (select auth.uid());
  v_channel public.channels;
  v_manager boolean;
begin
  v_channel := app.chat_lock_channel(p_channel_id, false);
  if not app.is_channel_member(p_channel_id) then
    raise exception 'Join % first.', coalesce('#' || v_channel.name, 'this conversation') using errcode = '42501';
  end if;
  v_manager := app.has_team_role(v_channel.team_id, array['owner', 'admin']::public.team_role[]) or exists (
    select 1 from public.channel_members where channel_id = p_channel_id and user_id = v_user and role = 'admin'
  );
  if (p_changes ? 'name' or p_changes ? 'archived') and not v_manager then
    raise exception 'Only a channel admin or a workspace admin can rename or archive a channel.' using errcode = '42501';
  end if;
  if (p_changes ? 'name' or p_changes ? 'archived') and v_channel.type in ('dm', 'group_dm') then
    raise exception 'Direct messages cannot be renamed or archived.' using errcode = 'P0001';
  end if;
  if v_channel.archived_at is not null and not (p_changes ? 'archived' and not (p_changes ->> 'archived')::boolean) then
    raise exception 'This channel is archived: unarchive it first.' using errcode = 'P0001';
  end if;
  if p_changes ? 'name' and exists (
    select 1 from public.channels where team_id = v_channel.team_id and name = p_changes ->> 'name' and id <> p_channel_id
  ) then
    raise exception 'A channel named #% already exists.', p_changes ->> 'name' using errcode = 'P0001';
  end if;
  update public.channels set
    name = case when p_changes ? 'name' then p_changes ->> 'name' else name end,
    topic = case when p_changes ? 'topic' then coalesce(p_changes ->> 'topic', '') else topic end,
    description = case when p_changes ? 'description' then coalesce(p_changes ->> 'description', '') else description end,
    archived_at = case when not p_changes ? 'archived' then archived_at
                       when (p_changes ->> 'archived')::boolean then coalesce(archived_at, now()) end
  where id = p_channel_id returning * into v_channel;
  return v_channel;
end
$$;

revoke execute on function app.chat_message_json(public.messages), app.chat_lock_channel(uuid, boolean, text),
  app.chat_next_seq(uuid), app.chat_lock_message(uuid, boolean),
  app.chat_store_mentions(public.messages, public.channels, uuid[], boolean),
  app.chat_add_people(public.channels, uuid[]), app.chat_require_team_member(uuid) from public;
grant execute on function app.chat_message_json(public.messages) to authenticated, service_role;

-- RLS ---------------------------------------------------------------------------------------------
alter table public.channels enable row level security;
alter table public.channel_members enable row level security;
alter table public.messages enable row level security;
alter table public.message_reactions enable row level security;
alter table public.message_mentions enable row level security;

create policy "Members see their channels, the team sees its public channels" on public.channels
  for select to authenticated using (id = any (array(select app.my_channel_ids())));
create policy "Readers of a channel see who is in it" on public.channel_members
  for select to authenticated using (channel_id = any (array(select app.my_channel_ids())));
-- read position and muting are one's own; everything else goes through the functions above
create policy "Members keep their own read position and mute setting" on public.channel_members
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Readers of a channel see its messages" on public.messages
  for select to authenticated using (channel_id = any (array(select app.my_channel_ids())));
create policy "Readers of a channel see its reactions" on public.message_reactions
  for select to authenticated using (channel_id = any (array(select app.my_channel_ids())));
create policy "Readers of a channel see its mentions" on public.message_mentions
  for select to authenticated using (channel_id = any (array(select app.my_channel_ids())));

revoke insert, update, delete on public.channels, public.channel_members, public.messages,
  public.message_reactions, public.message_mentions from authenticated;
grant update (last_read_seq, muted) on public.channel_members to authenticated;

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger channels_touch before update on public.channels for each row execute function app.touch_updated_at();
-- channels and memberships are audited; messages are the conversation itself and are not copied to the log
create trigger channels_audit after insert or delete on public.channels for each row execute function app.audit();
create trigger channels_audit_update after update on public.channels
  for each row when ((old.name, old.topic, old.description, old.archived_at, old.type)
                     is distinct from (new.name, new.topic, new.description, new.archived_at, new.type))
  execute function app.audit();
create trigger channel_members_audit after insert or delete on public.channel_members
  for each row execute function app.audit();
