-- AI features, round two (issue 11):
--  1. the bulk AI writer: "Write with AI" on a selection of contacts or leads writes drafts per record in the
--     background; a run and its drafts are rows here, so the progress view and the review read them back;
--  2. live scores: a changed score (or its factors) is announced on the record's room of the change bus, so a
--     record page's Score card updates without a reload (lists already see leads.score / contacts.lead_score
--     change through the records' own live triggers).

-- Bulk writer runs ----------------------------------------------------------------------------------------
create table public.ai_bulk_runs (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  created_by uuid not null references auth.users (id) on delete cascade default auth.uid(),
  record_type text not null check (record_type in ('contact', 'lead')),
  -- the selection as it was when started, in the list's order
  record_ids uuid[] not null check (cardinality(record_ids) between 1 and 200),
  -- channel, goal, tone, length, language, instructions: one form for every record
  settings jsonb not null check (jsonb_typeof(settings) = 'object'),
  -- the model's name, or 'offline' for the template writer
  provider text not null check (length(provider) between 1 and 120),
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  total int not null check (total between 1 and 200),
  processed int not null default 0 check (processed >= 0),
  written int not null default 0 check (written >= 0),
  failed int not null default 0 check (failed >= 0),
  credits_spent int not null default 0 check (credits_spent >= 0),
  message text check (length(message) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index ai_bulk_runs_team_idx on public.ai_bulk_runs (team_id, created_at desc);
create index ai_bulk_runs_created_by_idx on public.ai_bulk_runs (created_by);
comment on table public.ai_bulk_runs is
  'A bulk AI writer run: one goal, tone, channel and language for a selection of contacts or leads, with progress.';

-- One row per record of a run: its drafts (or why there are none).
create table public.ai_bulk_drafts (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  run_id uuid not null references public.ai_bulk_runs (id) on delete cascade,
  record_id uuid not null,
  -- the record's name when written, for the review list
  record_name text not null check (length(record_name) <= 300),
  position int not null check (position >= 0),
  status text not null check (status in ('written', 'failed')),
  -- [{ "subject": string | null, "body": string }]
  variants jsonb not null default '[]' check (jsonb_typeof(variants) = 'array'),
  error text check (length(error) <= 500),
  generation_id uuid references public.ai_generations (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (run_id, record_id)
);
create index ai_bulk_drafts_team_idx on public.ai_bulk_drafts (team_id);
create index ai_bulk_drafts_generation_idx on public.ai_bulk_drafts (generation_id);
comment on table public.ai_bulk_drafts is 'The drafts a bulk AI writer run wrote for one record, or why it could not.';

alter table public.ai_bulk_runs enable row level security;
alter table public.ai_bulk_drafts enable row level security;

create policy "Members can see their team's bulk writer runs" on public.ai_bulk_runs
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can start bulk writer runs as themselves" on public.ai_bulk_runs
  for insert to authenticated with check (app.can_write(team_id) and created_by = (select auth.uid()));
create policy "The person who started a bulk writer run moves its progress" on public.ai_bulk_runs
  for update to authenticated
  using (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create policy "Members can see their team's bulk drafts" on public.ai_bulk_drafts
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "The person who started a run saves its drafts" on public.ai_bulk_drafts
  for insert to authenticated with check (
    exists (
      select 1 from public.ai_bulk_runs r
      where r.id = run_id and r.team_id = ai_bulk_drafts.team_id and r.created_by = (select auth.uid())
    )
  );

create trigger ai_bulk_runs_touch before update on public.ai_bulk_runs
  for each row execute function app.touch_updated_at();

grant select, insert, update on public.ai_bulk_runs to authenticated;
grant select, insert on public.ai_bulk_drafts to authenticated;

-- Live scores ---------------------------------------------------------------------------------------------
-- A score written by the scoring-refresh job (or changed) goes out as 'score.changed' on the record's room,
-- with the score and its top factors (the Score card shows them as they are). Same path as every database
-- change: app.live_notify -> pg_notify('leadly_bus') -> the change bus -> socket.io.
create function app.publish_score_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_type text := case when new.lead_id is not null then 'lead' else 'contact' end;
  v_id uuid := coalesce(new.lead_id, new.contact_id);
begin
  perform app.live_notify(new.team_id, 'score.changed', v_type, v_id::text,
    jsonb_build_object('actor_id', null, 'score', new.score, 'rule_score', new.rule_score,
      'learned_score', new.learned_score, 'factors', coalesce(new.factors, '[]'::jsonb),
      'computed_at', new.computed_at),
    jsonb_build_array('record:' || v_type || ':' || v_id));
  return null;
end
$$;
revoke execute on function app.publish_score_change() from public;

create trigger record_scores_live_insert after insert on public.record_scores
  for each row execute function app.publish_score_change();
create trigger record_scores_live_update after update on public.record_scores
  for each row when (old.score is distinct from new.score or old.factors is distinct from new.factors
    or old.learned_score is distinct from new.learned_score)
  execute function app.publish_score_change();
