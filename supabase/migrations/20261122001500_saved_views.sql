-- Saved list views: a named set of filters, a sort and the visible columns of a record list.
-- Who may do what: a member sees their own views and the views teammates shared with the team;
-- only the person who saved a view may change or delete it. Any member (viewers too) may save views:
-- a view changes how a list looks, never a record.

-- Saved views -------------------------------------------------------------------------------------
create table public.saved_views (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  resource text not null check (resource in ('contacts', 'companies', 'leads', 'deals')),
  name text not null check (length(btrim(name)) between 1 and 80),
  -- list query parameters as the list page and the API read them: { "industry": "Retail", "sort": "-created_at" }
  query jsonb not null default '{}' check (jsonb_typeof(query) = 'object'),
  -- visible columns in order; empty means the list's default columns
  columns text[] not null default '{}' check (cardinality(columns) <= 40),
  is_shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index saved_views_team_resource_idx on public.saved_views (team_id, resource, lower(name));
create index saved_views_owner_idx on public.saved_views (owner_id);
comment on table public.saved_views is
  'Named filters, sort and columns of a record list; private to their owner unless shared with the team.';
comment on column public.saved_views.query is 'List query parameters (filters and sort), as in the page URL.';
comment on column public.saved_views.is_shared is 'Visible to every member of the team; still edited only by its owner.';

-- RLS ---------------------------------------------------------------------------------------------
alter table public.saved_views enable row level security;

create policy "Members can see their own views and views shared with their team" on public.saved_views
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (owner_id = (select auth.uid()) or is_shared)
  );
create policy "Members can save views for themselves in their team" on public.saved_views
  for insert to authenticated with check (
    team_id = any (array(select app.my_team_ids())) and owner_id = (select auth.uid())
  );
create policy "Only the owner can edit a view" on public.saved_views
  for update to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())))
  with check (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));
create policy "Only the owner can delete a view" on public.saved_views
  for delete to authenticated
  using (owner_id = (select auth.uid()) and team_id = any (array(select app.my_team_ids())));

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger saved_views_touch before update on public.saved_views
  for each row execute function app.touch_updated_at();
create trigger saved_views_audit after insert or update or delete on public.saved_views
  for each row execute function app.audit();
