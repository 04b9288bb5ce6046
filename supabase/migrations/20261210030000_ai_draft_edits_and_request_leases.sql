-- AI gaps (issue 11):
--  1. bulk writer drafts a person edited are saved: each draft row gets a version (bumped by every edit, so two
--     people saving over each other is a conflict, not a silent loss) and who edited it when; members of the
--     run's team who may write records edit the variants, nothing else of the row;
--  2. leases on AI requests that must happen once per key (a proposal with an Idempotency-Key): the attempt
--     working on a key holds it and refreshes a heartbeat; a retry takes over a lease whose holder stopped
--     beating or that is older than any sane run, and the note, the charge and the lease's "done" commit in
--     one transaction that checks the holder, so two notes or two charges can never come out of one key.

-- Bulk draft edits ------------------------------------------------------------------------------------------
alter table public.ai_bulk_drafts
  add column version int not null default 0 check (version >= 0),
  add column edited_by uuid references auth.users (id) on delete set null,
  add column edited_at timestamptz;
comment on column public.ai_bulk_drafts.version is
  'Bumped by every saved edit; an edit names the version it started from and is refused when another came first.';

create policy "Writers in the run's team edit its drafts" on public.ai_bulk_drafts
  for update to authenticated
  using (team_id = any (array(select app.my_team_ids())) and app.can_write(team_id))
  with check (team_id = any (array(select app.my_team_ids())) and app.can_write(team_id));

-- Only the text and its bookkeeping change; which run, record and team a draft belongs to never does (a
-- trigger, since hosted Supabase grants table-wide updates to authenticated by default).
grant update (variants, version, edited_by, edited_at) on public.ai_bulk_drafts to authenticated;

create function app.ai_bulk_draft_edit_guard() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (new.team_id, new.run_id, new.record_id, new.record_name, new.position, new.status, new.error,
      new.generation_id, new.created_at)
     is distinct from (old.team_id, old.run_id, old.record_id, old.record_name, old.position, old.status,
      old.error, old.generation_id, old.created_at) then
    raise exception 'Only the text of a bulk draft can be edited.' using errcode = '42501';
  end if;
  return new;
end
$$;

create trigger ai_bulk_drafts_edit_guard before update on public.ai_bulk_drafts
  for each row execute function app.ai_bulk_draft_edit_guard();

-- Request leases --------------------------------------------------------------------------------------------
create table public.ai_request_leases (
  team_id uuid not null references public.teams (id) on delete cascade,
  -- the work's key, e.g. 'ai.proposal:<deal>:<Idempotency-Key>' (the same key its credits are charged with)
  key text not null check (length(key) between 1 and 200),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- the attempt holding the lease now (a random id per attempt) and the process it runs in
  holder uuid not null,
  process_id text not null check (length(process_id) between 1 and 100),
  status text not null default 'running' check (status in ('running', 'done')),
  -- what the finished work answers a retry with (ids and figures, never another team's data)
  result jsonb,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (team_id, key)
);
create index ai_request_leases_user_idx on public.ai_request_leases (user_id);
comment on table public.ai_request_leases is
  'Who is working on a once-per-key AI request now (heartbeat), or what it answered once done.';

alter table public.ai_request_leases enable row level security;

create policy "Members see their team's AI request leases" on public.ai_request_leases
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers take AI request leases as themselves" on public.ai_request_leases
  for insert to authenticated
  with check (app.can_write(team_id) and user_id = (select auth.uid()));
create policy "Writers renew, take over and finish their team's AI request leases" on public.ai_request_leases
  for update to authenticated
  using (team_id = any (array(select app.my_team_ids())) and app.can_write(team_id))
  with check (team_id = any (array(select app.my_team_ids())) and app.can_write(team_id));
create policy "Writers let go of their team's unfinished AI request leases" on public.ai_request_leases
  for delete to authenticated
  using (team_id = any (array(select app.my_team_ids())) and app.can_write(team_id) and status = 'running');

grant select, insert, delete on public.ai_request_leases to authenticated;
grant update (user_id, holder, process_id, status, result, started_at, heartbeat_at, finished_at)
  on public.ai_request_leases to authenticated;
