-- Report rollups: per-day counts and sums of deals and activities, so dashboards stay fast at 100,000+ deals.
-- Tables, not materialized views: a materialized view has no row-level security, a table does, and these
-- carry the same visibility as their source rows (every member of a team sees the team's deals and
-- activities, so every member sees the team's rollup rows; nobody else sees any).
--
-- Freshness: statement triggers on deals and activities append the (team, day) pairs a change touched to
-- report_rollup_dirty. The report query builder (lib/reports/rollups/) answers a config from the rollup only
-- for clean days and reads the raw rows for dirty days and for the partial days at the edges of a range, so a
-- rollup answer always equals the raw query. The reports-rollup-refresh job (every minute, and nudged by the
-- change bus) rebuilds the dirty days and empties the list; reports-rollup-rebuild rebuilds everything nightly.
-- Only the jobs write rollups (as the service role); the triggers write the dirty list as security definer.

-- Deals per team × owner × pipeline × stage × currency × creation day -------------------------------
create table public.report_deal_rollups (
  team_id uuid not null references public.teams (id) on delete cascade,
  owner_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  currency text not null,
  -- the UTC day the deals were created on
  day date not null,
  n integer not null,
  value_sum numeric not null,
  weighted_sum numeric not null
);
create index report_deal_rollups_team_day_idx on public.report_deal_rollups (team_id, day);
comment on table public.report_deal_rollups is
  'Deals counted and summed per owner, pipeline, stage, currency and creation day (lib/reports/rollups/).';

-- Activities per team × actor × type × about × outcome × day they happened -------------------------
create table public.report_activity_rollups (
  team_id uuid not null references public.teams (id) on delete cascade,
  actor_id uuid,
  type text not null,
  record_type text not null,
  outcome text,
  -- the UTC day the activities occurred on
  day date not null,
  n integer not null,
  duration_minutes_sum numeric
);
create index report_activity_rollups_team_day_idx on public.report_activity_rollups (team_id, day);
comment on table public.report_activity_rollups is
  'Activities counted per actor, type, record type, outcome and day (lib/reports/rollups/).';

-- Days whose rollup is out of date -------------------------------------------------------------------
-- Append-only from the triggers (no conflicts, so writers never wait on each other), emptied by the job.
create table public.report_rollup_dirty (
  id bigint generated always as identity primary key,
  team_id uuid not null references public.teams (id) on delete cascade,
  source text not null check (source in ('deals', 'activities')),
  day date not null
);
create index report_rollup_dirty_team_idx on public.report_rollup_dirty (team_id, source, day);
comment on table public.report_rollup_dirty is
  'Days of a team''s deals or activities changed since their rollup was built; reports read them raw.';

-- Who sees what ------------------------------------------------------------------------------------
alter table public.report_deal_rollups enable row level security;
alter table public.report_activity_rollups enable row level security;
alter table public.report_rollup_dirty enable row level security;

create policy "Members can see their team's deal rollups" on public.report_deal_rollups
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members can see their team's activity rollups" on public.report_activity_rollups
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members can see which of their team's rollup days are out of date" on public.report_rollup_dirty
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
-- No insert, update or delete policies: members never write these; the jobs run as the service role.
revoke insert, update, delete, truncate on public.report_deal_rollups, public.report_activity_rollups,
  public.report_rollup_dirty from anon, authenticated;

-- The triggers -------------------------------------------------------------------------------------
-- Rows removed with their team (the cascade of a team's deletion) mark nothing: the team's rollups go with it,
-- and its dirty rows could not reference it.
create function app.deals_rollup_dirty() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.report_rollup_dirty (team_id, source, day)
    select distinct n.team_id, 'deals', (n.created_at at time zone 'UTC')::date from new_rows n;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into public.report_rollup_dirty (team_id, source, day)
    select distinct o.team_id, 'deals', (o.created_at at time zone 'UTC')::date from old_rows o
     where exists (select from public.teams t where t.id = o.team_id);
  end if;
  return null;
end
$$;
create trigger deals_rollup_dirty_insert after insert on public.deals
  referencing new table as new_rows for each statement execute function app.deals_rollup_dirty();
create trigger deals_rollup_dirty_update after update on public.deals
  referencing old table as old_rows new table as new_rows for each statement execute function app.deals_rollup_dirty();
create trigger deals_rollup_dirty_delete after delete on public.deals
  referencing old table as old_rows for each statement execute function app.deals_rollup_dirty();

create function app.activities_rollup_dirty() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.report_rollup_dirty (team_id, source, day)
    select distinct n.team_id, 'activities', (n.occurred_at at time zone 'UTC')::date from new_rows n;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into public.report_rollup_dirty (team_id, source, day)
    select distinct o.team_id, 'activities', (o.occurred_at at time zone 'UTC')::date from old_rows o
     where exists (select from public.teams t where t.id = o.team_id);
  end if;
  return null;
end
$$;
create trigger activities_rollup_dirty_insert after insert on public.activities
  referencing new table as new_rows for each statement execute function app.activities_rollup_dirty();
create trigger activities_rollup_dirty_update after update on public.activities
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.activities_rollup_dirty();
create trigger activities_rollup_dirty_delete after delete on public.activities
  referencing old table as old_rows for each statement execute function app.activities_rollup_dirty();

revoke execute on function app.deals_rollup_dirty(), app.activities_rollup_dirty() from public, anon, authenticated;

-- The rollups of the data already there ------------------------------------------------------------
insert into public.report_deal_rollups (team_id, owner_id, pipeline_id, stage_id, currency, day, n, value_sum,
                                        weighted_sum)
select team_id, owner_id, pipeline_id, stage_id, currency::text, (created_at at time zone 'UTC')::date, count(*),
       coalesce(sum(value), 0), coalesce(sum(value * probability / 100.0), 0)
from public.deals where deleted_at is null
group by 1, 2, 3, 4, 5, 6;

insert into public.report_activity_rollups (team_id, actor_id, type, record_type, outcome, day, n,
                                            duration_minutes_sum)
select team_id, actor_id, type, record_type, outcome, (occurred_at at time zone 'UTC')::date, count(*),
       sum(duration_seconds / 60.0)
from public.activities where deleted_at is null
group by 1, 2, 3, 4, 5, 6;
