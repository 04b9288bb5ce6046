-- Enrichment (issue 11): what providers said about a contact or company, field by field with source and date;
-- the team's cache of provider answers; and list enrichment runs with their progress.

-- Per-record enrichment ------------------------------------------------------------------------------
-- fields: { "<field>": { "value", "source", "fetchedAt", "confidence"?, "guess"?, "applied", "column"? } }
--   applied: the value was written into the record's own column (an empty one, or on request over a typed one)
create table public.record_enrichments (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  contact_id uuid references public.contacts (id) on delete cascade,
  company_id uuid references public.companies (id) on delete cascade,
  fields jsonb not null default '{}' check (jsonb_typeof(fields) = 'object'),
  -- the email check of the record's address (syntax, MX, disposable, role), null for companies
  verification jsonb check (verification is null or jsonb_typeof(verification) = 'object'),
  providers text[] not null default '{}',
  enriched_at timestamptz not null default now(),
  enriched_by uuid references auth.users (id) on delete set null default auth.uid(),
  check (num_nonnulls(contact_id, company_id) = 1),
  unique (contact_id),
  unique (company_id)
);
create index record_enrichments_team_idx on public.record_enrichments (team_id);
comment on table public.record_enrichments is
  'What enrichment providers said about one contact or company, per field with its source and date.';

alter table public.record_enrichments enable row level security;
create policy "Members can see their team's enrichments" on public.record_enrichments
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
-- The record must be one of the same team's (read under the writer's own RLS).
create policy "Writers can enrich their team's records" on public.record_enrichments
  for insert to authenticated with check (
    app.can_write(team_id) and (
      exists (select 1 from public.contacts c where c.id = contact_id and c.team_id = record_enrichments.team_id)
      or exists (select 1 from public.companies co where co.id = company_id and co.team_id = record_enrichments.team_id)
    )
  );
create policy "Writers can update their team's enrichments" on public.record_enrichments
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Writers can remove their team's enrichments" on public.record_enrichments
  for delete to authenticated using (app.can_write(team_id));

-- Provider answer cache ------------------------------------------------------------------------------
-- Kept per team: one team's lookups (and the fact that it looked someone up) never serve another team.
-- lookup_key is "<provider>:<person|company>:<sha-256 of the normalised question>", so no question is stored.
create table public.enrichment_cache (
  team_id uuid not null references public.teams (id) on delete cascade,
  lookup_key text not null check (length(lookup_key) between 1 and 200),
  answer jsonb not null check (jsonb_typeof(answer) = 'object'),
  found boolean not null,
  fetched_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (team_id, lookup_key)
);
create index enrichment_cache_expiry_idx on public.enrichment_cache (expires_at);
comment on table public.enrichment_cache is
  'Provider answers reused until they expire, per team (never shared across teams).';

alter table public.enrichment_cache enable row level security;
create policy "Members can read their team's cached answers" on public.enrichment_cache
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can cache answers for their team" on public.enrichment_cache
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can refresh their team's cached answers" on public.enrichment_cache
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Writers can drop their team's expired answers" on public.enrichment_cache
  for delete to authenticated using (app.can_write(team_id));

-- List enrichment runs -------------------------------------------------------------------------------
-- record_ids is the list as it was when the run started; processed counts how many of them are done, moved
-- in the same transaction as each batch's results, so a restarted run continues after the last batch.
create table public.enrichment_runs (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  created_by uuid not null references auth.users (id) on delete cascade default auth.uid(),
  record_type text not null check (record_type in ('contacts', 'companies')),
  record_ids uuid[] not null check (cardinality(record_ids) between 1 and 10000),
  overwrite boolean not null default false,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  total integer not null check (total >= 0),
  processed integer not null default 0 check (processed >= 0),
  enriched integer not null default 0 check (enriched >= 0),
  skipped integer not null default 0 check (skipped >= 0),
  failed integer not null default 0 check (failed >= 0),
  credits_spent integer not null default 0 check (credits_spent >= 0),
  -- the first problems, for the person: [{ "id", "message" }]
  errors jsonb not null default '[]' check (jsonb_typeof(errors) = 'array'),
  message text check (length(message) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index enrichment_runs_team_idx on public.enrichment_runs (team_id, created_at desc);
comment on table public.enrichment_runs is 'Background enrichment of a list of contacts or companies, with progress.';

alter table public.enrichment_runs enable row level security;
create policy "Members can see their team's enrichment runs" on public.enrichment_runs
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can start enrichment runs as themselves" on public.enrichment_runs
  for insert to authenticated with check (app.can_write(team_id) and created_by = (select auth.uid()));
create policy "The person who started a run moves its progress" on public.enrichment_runs
  for update to authenticated
  using (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (created_by = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

create trigger enrichment_runs_touch before update on public.enrichment_runs
  for each row execute function app.touch_updated_at();

grant select, insert, update, delete on public.record_enrichments to authenticated;
grant select, insert, update, delete on public.enrichment_cache to authenticated;
grant select, insert, update on public.enrichment_runs to authenticated;
