-- Money: each team's base currency and its dated exchange rates, so deals in several currencies add up to
-- one honest total ("€42,000 → $45,360 at 1.08"). A rate says what one unit of `currency` is worth in the
-- team's base currency from `valid_from` on; the latest rate on or before a day applies that day. Rates
-- remember the base they were given against: after the base changes, old rates no longer apply (deals in
-- those currencies show as unconverted until rates against the new base are entered), never silently wrong.
-- Who may do what: every member reads; owners and admins set the base currency (the teams update policy)
-- and add, change or remove rates.

-- Base currency -----------------------------------------------------------------------------------
alter table public.teams add column base_currency char(3) not null default 'USD'
  check (base_currency ~ '^[A-Z]{3}$');
comment on column public.teams.base_currency is
  'The currency totals are shown in (pipeline, dashboard); deals in other currencies are converted with exchange_rates.';

-- Exchange rates ----------------------------------------------------------------------------------
create table public.exchange_rates (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- the team's base currency when the rate was entered; only rates against the current base apply
  base_currency char(3) not null check (base_currency ~ '^[A-Z]{3}$'),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- one unit of `currency` in `base_currency`
  rate numeric(20, 10) not null check (rate > 0),
  valid_from date not null default current_date,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (currency <> base_currency),
  unique (team_id, base_currency, currency, valid_from)
);
create index exchange_rates_lookup_idx on public.exchange_rates (team_id, base_currency, currency, valid_from desc);
comment on table public.exchange_rates is
  'Dated exchange rates into a team''s base currency; the latest one on or before a day converts deal values that day.';

alter table public.exchange_rates enable row level security;
create policy "Members can see their team's exchange rates" on public.exchange_rates
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can add exchange rates" on public.exchange_rates
  for insert to authenticated
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can change exchange rates" on public.exchange_rates
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can remove exchange rates" on public.exchange_rates
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create trigger exchange_rates_touch before update on public.exchange_rates
  for each row execute function app.touch_updated_at();
create trigger exchange_rates_audit after insert or update or delete on public.exchange_rates
  for each row execute function app.audit();

-- A deal's stage name as a computed column ------------------------------------------------------
-- `select d.stage_name from public.deals d` reads this (Postgres' attribute notation for a function of the
-- row, what Supabase calls a computed column), so the deals list can show a Stage column without a join in
-- the generic record queries. Runs as the caller: RLS on pipeline_stages still decides.
create function public.stage_name(d public.deals) returns text
language sql stable set search_path = '' as $$
  select s.name from public.pipeline_stages s where s.id = d.stage_id
$$;
comment on function public.stage_name(public.deals) is 'The name of the stage a deal is in (computed column deals.stage_name).';
grant execute on function public.stage_name(public.deals) to authenticated, service_role;
