-- Reports and dashboards (issue 12): saved report configs, dashboards of widgets, read-only share links and
-- emailed schedules, plus the indexes the report queries lean on at 100,000+ records.
-- Who may do what: a member sees their own reports and dashboards and the ones teammates shared with the team;
-- only the person who saved one may change or delete it. Any member (viewers too) may save reports: a report
-- reads records, it never changes one, and it always runs as the person viewing it (RLS on the records).
-- Share links and schedules belong to the person who made them; a link runs its report as the report's owner,
-- so only that owner may make one. Schedule sends are written by the scheduler job only.

-- Reports -----------------------------------------------------------------------------------------
create table public.reports (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  -- validated by lib/reports/config.ts before it is written: { source, filters, groupBy, measures, chart, ... }
  config jsonb not null check (jsonb_typeof(config) = 'object'),
  visibility text not null default 'private' check (visibility in ('private', 'team')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index reports_team_idx on public.reports (team_id, lower(name), id);
create index reports_owner_idx on public.reports (owner_id);
comment on table public.reports is
  'Saved report configs (source, filters, grouping, measures, chart); private to their owner or shared with the team.';

-- Dashboards --------------------------------------------------------------------------------------
create table public.dashboards (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  visibility text not null default 'private' check (visibility in ('private', 'team')),
  -- [{ id, title, reportId?, config?, x, y, w, h }] on a 12-column grid (lib/reports/dashboards.ts checks it)
  widgets jsonb not null default '[]' check (jsonb_typeof(widgets) = 'array' and jsonb_array_length(widgets) <= 40),
  -- set on the dashboard made for a person on their first visit, so it is made once
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index dashboards_team_idx on public.dashboards (team_id, lower(name), id);
create index dashboards_owner_idx on public.dashboards (owner_id);
create unique index dashboards_one_default_idx on public.dashboards (team_id, owner_id) where is_default;
comment on table public.dashboards is 'A grid of report widgets; private to their owner or shared with the team.';

-- Share links -------------------------------------------------------------------------------------
create table public.report_share_links (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  report_id uuid not null references public.reports (id) on delete cascade,
  created_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- SHA-256 of the token in the URL: the token itself is shown once and never stored
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index report_share_links_report_idx on public.report_share_links (report_id);
create index report_share_links_team_idx on public.report_share_links (team_id);
comment on table public.report_share_links is
  'Read-only links to a report that run it as its owner, until they expire or are revoked.';

-- Schedules ---------------------------------------------------------------------------------------
create table public.report_schedules (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  report_id uuid references public.reports (id) on delete cascade,
  dashboard_id uuid references public.dashboards (id) on delete cascade,
  rrule text not null check (length(rrule) between 1 and 500),
  timezone text not null check (length(timezone) between 1 and 64),
  recipients text[] not null check (cardinality(recipients) between 1 and 50),
  -- the next occurrence to send (an instant), computed from rrule in the time zone by lib/reports/schedules.ts
  next_run_at timestamptz,
  last_sent_at timestamptz,
  created_at timestamptz not null default now(),
  check ((report_id is null) <> (dashboard_id is null))
);
create index report_schedules_due_idx on public.report_schedules (next_run_at) where next_run_at is not null;
create index report_schedules_report_idx on public.report_schedules (report_id) where report_id is not null;
create index report_schedules_dashboard_idx on public.report_schedules (dashboard_id) where dashboard_id is not null;
create index report_schedules_team_idx on public.report_schedules (team_id);
comment on table public.report_schedules is 'Emailing a report or dashboard to teammates on an RRULE, in a time zone.';

create table public.report_schedule_sends (
  schedule_id uuid not null references public.report_schedules (id) on delete cascade,
  occurrence_at timestamptz not null,
  team_id uuid not null references public.teams (id) on delete cascade,
  sent_at timestamptz not null default now(),
  primary key (schedule_id, occurrence_at)
);
create index report_schedule_sends_team_idx on public.report_schedule_sends (team_id);
comment on table public.report_schedule_sends is 'One row per sent occurrence of a schedule: a retried job never mails twice.';

-- RLS ---------------------------------------------------------------------------------------------
alter table public.reports enable row level security;
alter table public.dashboards enable row level security;
alter table public.report_share_links enable row level security;
alter table public.report_schedules enable row level security;
alter table public.report_schedule_sends enable row level security;

create policy "Members can see their own reports and reports shared with their team" on public.reports
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (owner_id = (select auth.uid()) or visibility = 'team')
  );
create policy "Members can save reports for themselves in their team" on public.reports
  for insert to authenticated with check (
    team_id = any (array(select app.my_team_ids())) and owner_id = (select auth.uid())
  );
create policy "Only the owner can edit a report" on public.reports
  for update to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "Only the owner can delete a report" on public.reports
  for delete to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create policy "Members can see their own dashboards and dashboards shared with their team" on public.dashboards
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (owner_id = (select auth.uid()) or visibility = 'team')
  );
create policy "Members can save dashboards for themselves in their team" on public.dashboards
  for insert to authenticated with check (
    team_id = any (array(select app.my_team_ids())) and owner_id = (select auth.uid())
  );
create policy "Only the owner can edit a dashboard" on public.dashboards
  for update to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "Only the owner can delete a dashboard" on public.dashboards
  for delete to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create policy "People see the share links they made" on public.report_share_links
  for select to authenticated using (
    created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids()))
  );
create policy "Only a report's owner can share it by link" on public.report_share_links
  for insert to authenticated with check (
    created_by = (select auth.uid())
    and team_id = any (array(select app.my_team_ids()))
    and exists (
      select 1 from public.reports r
      where r.id = report_id and r.team_id = report_share_links.team_id and r.owner_id = (select auth.uid())
    )
  );
create policy "People revoke the share links they made" on public.report_share_links
  for update to authenticated
  using (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "People delete the share links they made" on public.report_share_links
  for delete to authenticated
  using (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create policy "People see the schedules they made" on public.report_schedules
  for select to authenticated using (
    owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids()))
  );
-- the report or dashboard must be one the person can see (the subqueries run under its RLS)
create policy "Members schedule reports and dashboards they can see" on public.report_schedules
  for insert to authenticated with check (
    owner_id = (select auth.uid())
    and team_id = any (array(select app.my_team_ids()))
    and (
      exists (select 1 from public.reports r where r.id = report_id and r.team_id = report_schedules.team_id)
      or exists (select 1 from public.dashboards d where d.id = dashboard_id and d.team_id = report_schedules.team_id)
    )
  );
create policy "People delete the schedules they made" on public.report_schedules
  for delete to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create policy "People see the sends of their own schedules" on public.report_schedule_sends
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and exists (select 1 from public.report_schedules s where s.id = schedule_id and s.owner_id = (select auth.uid()))
  );

-- Indexes for report queries ------------------------------------------------------------------------
-- Reports group and filter by these on every dashboard load; with them the aggregates stay index-driven
-- (and visible to RLS, unlike a materialized view) at 100,000+ records.
create index if not exists deals_team_close_report_idx on public.deals (team_id, closed_at) where deleted_at is null;
create index if not exists activities_team_occurred_idx on public.activities (team_id, occurred_at)
  where deleted_at is null;
create index if not exists tasks_team_status_idx on public.tasks (team_id, status, completed_at) where deleted_at is null;
create index if not exists leads_team_source_idx on public.leads (team_id, source, status) where deleted_at is null;

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger reports_touch before update on public.reports for each row execute function app.touch_updated_at();
create trigger dashboards_touch before update on public.dashboards
  for each row execute function app.touch_updated_at();
create trigger reports_audit after insert or update or delete on public.reports
  for each row execute function app.audit();
create trigger dashboards_audit after insert or update or delete on public.dashboards
  for each row execute function app.audit();
create trigger report_share_links_audit after insert or update or delete on public.report_share_links
  for each row execute function app.audit();
create trigger report_schedules_audit after insert or update or delete on public.report_schedules
  for each row execute function app.audit();
