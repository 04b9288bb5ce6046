-- Lead scoring: each team's scoring rules (fit points for who a lead is, engagement points for what they did
-- lately), the team's learned model (logistic regression on won and lost deals, trained by a system job), and
-- the scores of leads and contacts with the factors that explain them.
-- Who may do what: every member reads rules, the model's status and scores; owners and admins add, change and
-- remove rules; only the scoring jobs (service role, lib/scoring/) write models and scores. A stored score is
-- copied into leads.score / contacts.lead_score so lists sort and filter by it with their usual parameters.
-- Freshness: triggers mark what a change touches (a lead, a contact, an activity on them, a company's size,
-- a team's rules) in app.score_dirty / app.score_dirty_teams; the every-minute job recomputes exactly those.

-- Rules -------------------------------------------------------------------------------------------
create table public.scoring_rules (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- fit: a field of the lead/contact matches a value; engagement: enough activities of a type lately
  kind text not null check (kind in ('fit', 'engagement')),
  -- fit rules: which field and how it is compared
  field text check (field in ('title', 'seniority', 'industry', 'company_size', 'source', 'country')),
  operator text check (operator in ('equals', 'contains', 'one_of')),
  value text check (length(btrim(value)) between 1 and 200),
  -- engagement rules: which activities, how many, within how many days
  activity_type text check (activity_type in ('email', 'call', 'meeting', 'meeting_held', 'any')),
  min_count int check (min_count between 1 and 1000),
  within_days int check (within_days between 1 and 3650),
  points int not null check (points between -100 and 100 and points <> 0),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (
    (kind = 'fit' and field is not null and operator is not null and value is not null
      and activity_type is null and min_count is null and within_days is null)
    or (kind = 'engagement' and activity_type is not null and min_count is not null and within_days is not null
      and field is null and operator is null and value is null)
  )
);
create index scoring_rules_team_idx on public.scoring_rules (team_id, created_at, id);
comment on table public.scoring_rules is
  'A team''s lead scoring rules: points for fit (field matches) and engagement (recent activities).';

-- Learned model -----------------------------------------------------------------------------------
create table public.scoring_models (
  team_id uuid primary key references public.teams (id) on delete cascade,
  -- trained: weights below are used; insufficient_data: too few won/lost examples, scores are rules only
  status text not null check (status in ('trained', 'insufficient_data')),
  -- { "features": [...], "weights": [...], "intercept": n, "vocabulary": {...} } (lib/scoring/model.ts)
  model jsonb,
  sample_size int not null default 0 check (sample_size >= 0),
  positives int not null default 0 check (positives >= 0),
  -- { "accuracy": 0..1, "log_loss": n, "holdout_accuracy": 0..1 | null, "iterations": n }
  metrics jsonb not null default '{}',
  message text not null default '' check (length(message) <= 500),
  trained_at timestamptz not null default now(),
  check (status <> 'trained' or model is not null)
);
comment on table public.scoring_models is
  'Each team''s learned lead score (logistic regression on won/lost deals), written by the nightly scoring-train job.';

-- Scores ------------------------------------------------------------------------------------------
create table public.record_scores (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  lead_id uuid unique references public.leads (id) on delete cascade,
  contact_id uuid unique references public.contacts (id) on delete cascade,
  rule_score int not null check (rule_score between 0 and 100),
  -- null when the team has no trained model
  learned_score int check (learned_score between 0 and 100),
  score int not null check (score between 0 and 100),
  -- [{ "label": "Industry is Retail", "points": 10, "source": "rule" | "model" }], biggest first
  factors jsonb not null default '[]' check (jsonb_typeof(factors) = 'array'),
  computed_at timestamptz not null default now(),
  check (num_nonnulls(lead_id, contact_id) = 1)
);
create index record_scores_team_idx on public.record_scores (team_id);
comment on table public.record_scores is
  'The computed score of a lead or contact: rule points, learned probability, combined, and the top factors.';

alter table public.scoring_rules enable row level security;
alter table public.scoring_models enable row level security;
alter table public.record_scores enable row level security;

create policy "Members can see their team's scoring rules" on public.scoring_rules
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can add scoring rules" on public.scoring_rules
  for insert to authenticated
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can change scoring rules" on public.scoring_rules
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can remove scoring rules" on public.scoring_rules
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create policy "Members can see their team's scoring model" on public.scoring_models
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members can see their team's scores" on public.record_scores
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));

create trigger scoring_rules_touch before update on public.scoring_rules
  for each row execute function app.touch_updated_at();
create trigger scoring_rules_audit after insert or update or delete on public.scoring_rules
  for each row execute function app.audit();

-- What needs recomputing ----------------------------------------------------------------------------
-- Written by the triggers below (security definer), read and emptied by the scoring-refresh job only.
create table app.score_dirty (
  record_type text not null check (record_type in ('lead', 'contact')),
  record_id uuid not null,
  team_id uuid not null,
  marked_at timestamptz not null default now(),
  primary key (record_type, record_id)
);
create index score_dirty_marked_idx on app.score_dirty (marked_at);
create table app.score_dirty_teams (
  team_id uuid primary key,
  marked_at timestamptz not null default now()
);
revoke all on app.score_dirty, app.score_dirty_teams from public, anon, authenticated;
comment on table app.score_dirty is 'Leads and contacts whose score is out of date (lib/scoring/refresh.ts).';
comment on table app.score_dirty_teams is 'Teams whose every score is out of date: rules or model changed.';

create function app.mark_score_dirty(p_record_type text, p_record_id uuid, p_team_id uuid) returns void
language sql security definer set search_path = '' as $$
  insert into app.score_dirty (record_type, record_id, team_id) values (p_record_type, p_record_id, p_team_id)
  on conflict (record_type, record_id) do nothing
$$;

-- A lead's own fields, its contact or company link, or deletion.
create function app.lead_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.mark_score_dirty('lead', new.id, new.team_id);
  return null;
end
$$;
create trigger leads_score_stale
  after insert or update of industry, country, source, company_id, contact_id, deleted_at on public.leads
  for each row execute function app.lead_score_stale();

-- A contact's fields feed its own score and the scores of the leads it is the contact of.
create function app.contact_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.mark_score_dirty('contact', new.id, new.team_id);
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'lead', l.id, l.team_id from public.leads l where l.contact_id = new.id and l.deleted_at is null
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;
create trigger contacts_score_stale
  after insert or update of job_title, industry, country, lead_source, company_id, deleted_at on public.contacts
  for each row execute function app.contact_score_stale();

-- A company's size, industry or country feeds the scores of its contacts and leads.
create function app.company_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'contact', c.id, c.team_id from public.contacts c where c.company_id = new.id and c.deleted_at is null
  union all
  select 'lead', l.id, l.team_id from public.leads l where l.company_id = new.id and l.deleted_at is null
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;
create trigger companies_score_stale after update of size, industry, country on public.companies
  for each row execute function app.company_score_stale();

-- An activity on a lead or contact changes its engagement (and a contact's, its leads').
create function app.activity_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_row public.activities := coalesce(new, old);
begin
  if v_row.is_system or v_row.record_type not in ('lead', 'contact') then return null; end if;
  perform app.mark_score_dirty(v_row.record_type, v_row.record_id, v_row.team_id);
  if v_row.record_type = 'contact' then
    insert into app.score_dirty (record_type, record_id, team_id)
    select 'lead', l.id, l.team_id from public.leads l where l.contact_id = v_row.record_id and l.deleted_at is null
    on conflict (record_type, record_id) do nothing;
  end if;
  return null;
end
$$;
create trigger activities_score_stale after insert or update or delete on public.activities
  for each row execute function app.activity_score_stale();

-- Rules changed: every score of the team is recomputed.
create function app.team_scores_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into app.score_dirty_teams (team_id) values (coalesce(new.team_id, old.team_id))
  on conflict (team_id) do update set marked_at = now();
  return null;
end
$$;
create trigger scoring_rules_scores_stale after insert or update or delete on public.scoring_rules
  for each row execute function app.team_scores_stale();

revoke execute on function app.mark_score_dirty(text, uuid, uuid), app.lead_score_stale(),
  app.contact_score_stale(), app.company_score_stale(), app.activity_score_stale(), app.team_scores_stale()
  from public;

-- Computed scores are bookkeeping, not "a change someone made": keep them off the records' timelines.
select app.track_changes('public.leads', 'lead', array['score']);
select app.track_changes('public.contacts', 'contact', array['lead_score']);
