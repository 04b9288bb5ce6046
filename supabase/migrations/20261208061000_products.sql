-- Products: the small catalogue proposals price from (lib/proposals/). A unit price in one currency (a
-- three-letter code, as deals and exchange rates write it: numeric(16, 2) amounts, upper-case codes), how often it
-- is billed, and whether it is still offered. Prices are read by code that computes a proposal's pricing table;
-- the AI never sets or sees a total it could change.
-- Who may do what: every member reads the catalogue; owners and admins add, change and remove products.

create table public.products (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  description text not null default '' check (length(description) <= 2000),
  unit_price numeric(16, 2) not null check (unit_price >= 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  billing_period text not null default 'one_time'
    check (billing_period in ('one_time', 'monthly', 'quarterly', 'yearly')),
  active boolean not null default true,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index products_team_name_key on public.products (team_id, lower(name));
create index products_team_idx on public.products (team_id, active, lower(name));
comment on table public.products is
  'The team''s product catalogue: what proposals offer, at which unit price, currency and billing period.';
comment on column public.products.billing_period is 'one_time, monthly, quarterly or yearly: how often the price is billed.';

alter table public.products enable row level security;
create policy "Members can see their team's products" on public.products
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can add products" on public.products
  for insert to authenticated
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can change products" on public.products
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can remove products" on public.products
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create trigger products_touch before update on public.products for each row execute function app.touch_updated_at();
create trigger products_audit after insert or update or delete on public.products
  for each row execute function app.audit();
