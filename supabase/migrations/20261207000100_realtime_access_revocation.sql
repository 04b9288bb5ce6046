-- Access revocation for open sockets.
-- A socket is authorised once, at its handshake. When a person loses access (removed from a team, role changed,
-- a session ended by logout, a password change or a replayed refresh token, the account deleted) the database
-- says so on the `leadly_access` channel, in the same transaction as the change, whichever way it happened
-- (pages, API, SQL, cascades). Every app process listens (realtime/revocation.ts) and closes that person's or
-- that session's sockets at once; the client reconnects through a fresh handshake if it still may.
-- Payloads: {"reason": "member_removed" | "role_changed", "user_id", "team_id"}
--           {"reason": "session_ended", "user_id", "session_ids": [...]} (no session_ids: all of the user's)

-- Team membership -----------------------------------------------------------------------------------
create function app.notify_member_access() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform pg_notify('leadly_access', json_build_object(
    'reason', case when tg_op = 'DELETE' then 'member_removed' else 'role_changed' end,
    'user_id', old.user_id,
    'team_id', old.team_id
  )::text);
  return null;
end
$$;
comment on function app.notify_member_access() is
  'Tells the socket servers (pg_notify leadly_access) that a member left a team or got another role.';

create trigger team_members_access_removed after delete on public.team_members
  for each row execute function app.notify_member_access();
create trigger team_members_access_role after update of role on public.team_members
  for each row when (old.role is distinct from new.role) execute function app.notify_member_access();

-- Sessions ------------------------------------------------------------------------------------------
-- One notification per user and statement, so a global logout or a cleanup of many sessions stays small.
create function app.notify_sessions_ended() returns trigger
language plpgsql set search_path = '' as $$
declare
  r record;
  v_text text;
begin
  for r in select user_id, json_agg(id) as ids from old_rows group by user_id loop
    v_text := json_build_object('reason', 'session_ended', 'user_id', r.user_id, 'session_ids', r.ids)::text;
    -- NOTIFY refuses 8000 bytes or more: then every socket of the user goes
    if octet_length(v_text) >= 7900 then
      v_text := json_build_object('reason', 'session_ended', 'user_id', r.user_id)::text;
    end if;
    perform pg_notify('leadly_access', v_text);
  end loop;
  return null;
end
$$;
comment on function app.notify_sessions_ended() is
  'Tells the socket servers (pg_notify leadly_access) which sign-in sessions ended, so their sockets close.';

create trigger sessions_access_ended after delete on identity.sessions
  referencing old table as old_rows
  for each statement execute function app.notify_sessions_ended();
