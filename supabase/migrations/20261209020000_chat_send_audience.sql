-- Chat latency (issue 10, docs/chat-protocol.md "What a send costs"): a chat:send is one statement that stores the
-- message and also says who hears about it; a message turns into JSON without a per-call search_path switch; and
-- messages are queued for embedding again only when their text changes.

-- app.chat_send as before (20261122001800_chat.sql), plus the audience of the unread hints. The caller used to read
-- it with a second query as the user, under the RLS of channels and channel_members (two app.my_channel_ids() calls
-- and a plan each time): on the embedded database that cost about as much as storing the message itself. Here it
-- is read inside the security definer function, after its own membership check, so the same people come back.
create or replace function app.chat_send(p_channel_id uuid, p_client_id uuid, p_body text, p_body_html text,
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
    'parent', case when v_parent.id is not null then app.chat_message_json(v_parent) end,
    -- who hears the unread hint (lib/chat/unread.ts): the channel's people who did not mute it, read here
    -- where the sender's membership was just checked, rather than again under RLS by the caller
    'audience', jsonb_build_object('team_id', v_channel.team_id, 'type', v_channel.type, 'members', coalesce(
      (select array_agg(m.user_id) from public.channel_members m where m.channel_id = p_channel_id and not m.muted),
      '{}'))
  );
end
$$;



-- A message as clients see it, as before (20261122001800_chat.sql) but without `set search_path = ''`. A SET clause
-- makes Postgres change the setting on every call and back, and the function's cached plans are checked again
-- each time: measured on the embedded database, that made this function about six times slower (~1 ms a call under
-- load), on every send and for every row of history and sync. It needs no pinned path: it is not security definer
-- (it runs with the caller's rights and RLS), every table is schema-qualified, and pg_catalog, where all the
-- functions and operators it uses live, is searched first whatever the caller's search_path says.
create or replace function app.chat_message_json(m public.messages) returns jsonb
language plpgsql stable as $$
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

-- The embeddings-refresh job reads only body and deleted_at of a message (lib/search/semantic/sources.ts), so an
-- update queues the message again only when one of those changed. A thread reply (reply_count of its first
-- message), a reaction or a pin (change_seq) and stored mentions used to queue it again each time. A row trigger
-- with a WHEN clause, because a statement trigger with a transition table cannot name columns.
create function app.queue_message_embedding() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.embedding_queue (record_kind, record_id, team_id)
  select 'message', new.id, new.team_id
  where exists (select 1 from public.teams t where t.id = new.team_id)
  on conflict (record_kind, record_id) do update set queued_at = excluded.queued_at;
  return null;
end $$;
comment on function app.queue_message_embedding() is
  'Queues a message whose text changed (body or deleted_at) for the embeddings-refresh job.';
revoke execute on function app.queue_message_embedding() from public;
drop trigger if exists messages_embed_update on public.messages;
create trigger messages_embed_update after update on public.messages
  for each row when (old.body is distinct from new.body or old.deleted_at is distinct from new.deleted_at)
  execute function app.queue_message_embedding();
