-- Deals: pipelines, their stages, the deals that move through them, and each deal's stage history.
-- Who may do what: every member reads; owners and admins build pipelines and stages (the pipeline
-- builder); writers (owner, admin, manager, rep) create, edit and move deals; deleting a deal follows
-- app.can_delete; the stage history is written by triggers only, so time spent in a stage can be trusted.

-- Pipelines ---------------------------------------------------------------------------------------
create table public.pipelines (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 80),
  -- the pipeline the deals board opens with; one per team (partial unique index below)
  is_default boolean not null default false,
  position int not null default 0,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- lets stages and deals point at (pipeline, team) pairs, so a row can never cross teams
  unique (id, team_id)
);
create index pipelines_team_idx on public.pipelines (team_id, position, id);
create unique index pipelines_team_name_idx on public.pipelines (team_id, lower(name));
create unique index pipelines_one_default_idx on public.pipelines (team_id) where is_default;
comment on table public.pipelines is 'A sales process: an ordered set of stages deals move through. A team can have several.';

-- Stages ------------------------------------------------------------------------------------------
create table public.pipeline_stages (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  pipeline_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 60),
  position int not null default 0,
  -- the chance a deal in this stage closes as won; new deals and moved deals take it over
  probability int not null default 0 check (probability between 0 and 100),
  -- won and lost stages close a deal (and ask for a reason)
  kind text not null default 'open' check (kind in ('open', 'won', 'lost')),
  color text check (color ~* '^#[0-9a-f]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (pipeline_id, team_id) references public.pipelines (id, team_id) on delete cascade,
  unique (id, pipeline_id)
);
create index pipeline_stages_pipeline_idx on public.pipeline_stages (pipeline_id, position, id);
create index pipeline_stages_team_idx on public.pipeline_stages (team_id);
comment on table public.pipeline_stages is 'The columns of a pipeline, in order, with a win probability and a kind (open, won, lost).';

-- Deals -------------------------------------------------------------------------------------------
create table public.deals (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- both may be left out on insert: the team's default pipeline and its first open stage are used
  pipeline_id uuid not null,
  stage_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  value numeric(16, 2) not null default 0 check (value >= 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  -- taken from the stage when left out and whenever the stage changes (like Salesforce)
  probability int not null check (probability between 0 and 100),
  expected_close_date date,
  owner_id uuid references auth.users (id) on delete set null,
  company_id uuid references public.companies (id) on delete set null,
  contact_id uuid references public.contacts (id) on delete set null,
  next_step text check (length(next_step) <= 500),
  competitor text check (length(competitor) <= 200),
  win_reason text check (length(win_reason) <= 1000),
  loss_reason text check (length(loss_reason) <= 1000),
  -- set when the deal enters a won or lost stage, cleared when it is reopened
  closed_at timestamptz,
  stage_entered_at timestamptz not null default now(),
  -- order within a board column; a float so a card dropped between two others needs one update
  position double precision not null default 0,
  tags text[] not null default '{}',
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(competitor, '')), 'B') ||
    setweight(to_tsvector('simple', coalesce(next_step, '')), 'C')
  ) stored,
  -- "no action" (checked at the end of the statement) so deleting a whole team cascades cleanly
  foreign key (pipeline_id, team_id) references public.pipelines (id, team_id),
  foreign key (stage_id, pipeline_id) references public.pipeline_stages (id, pipeline_id)
);
create index deals_board_idx on public.deals (team_id, pipeline_id, stage_id, position, id) where deleted_at is null;
create index deals_team_idx on public.deals (team_id, created_at desc, id) where deleted_at is null;
create index deals_team_stage_idx on public.deals (team_id, stage_id, created_at desc, id) where deleted_at is null;
create index deals_team_close_idx on public.deals (team_id, expected_close_date, id) where deleted_at is null;
create index deals_team_owner_idx on public.deals (team_id, owner_id, created_at desc, id) where deleted_at is null;
create index deals_stage_idx on public.deals (stage_id);
create index deals_company_idx on public.deals (company_id);
create index deals_contact_idx on public.deals (contact_id);
create index deals_search_idx on public.deals using gin (search);
comment on table public.deals is 'Opportunities: a value the team hopes to win, moving through the stages of one pipeline.';

-- Stage history -----------------------------------------------------------------------------------
create table public.deal_stage_history (
  -- a sequence, not a uuid: stays written in one transaction share entered_at and still need an order
  id bigint generated always as identity primary key,
  team_id uuid not null references public.teams (id) on delete cascade,
  deal_id uuid not null references public.deals (id) on delete cascade,
  -- null for the deal's first stage; both become null if the stage is deleted later
  from_stage_id uuid references public.pipeline_stages (id) on delete set null,
  to_stage_id uuid references public.pipeline_stages (id) on delete set null,
  changed_by uuid references auth.users (id) on delete set null,
  entered_at timestamptz not null default now(),
  -- null while the deal is still in to_stage: time in stage = coalesce(left_at, now()) - entered_at
  left_at timestamptz,
  check (left_at is null or left_at >= entered_at)
);
create index deal_stage_history_deal_idx on public.deal_stage_history (deal_id, entered_at, id);
create index deal_stage_history_team_idx on public.deal_stage_history (team_id, entered_at desc);
create index deal_stage_history_to_stage_idx on public.deal_stage_history (to_stage_id);
create index deal_stage_history_from_stage_idx on public.deal_stage_history (from_stage_id);
comment on table public.deal_stage_history is
  'One row per stay of a deal in a stage (entered, left), written by triggers; feeds time-in-stage and velocity.';

-- Default pipeline --------------------------------------------------------------------------------
create function app.create_default_pipeline(p_team_id uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_pipeline uuid;
begin
  insert into public.pipelines (team_id, name, is_default, position, created_by)
  values (p_team_id, 'Sales', true, 0, null)
  returning id into v_pipeline;
  insert into public.pipeline_stages (team_id, pipeline_id, name, position, probability, kind, color)
  values
    (p_team_id, v_pipeline, 'New', 0, 10, 'open', '#94a3b8'),
    (p_team_id, v_pipeline, 'Qualified', 1, 25, 'open', '#60a5fa'),
    (p_team_id, v_pipeline, 'Demo', 2, 40, 'open', '#818cf8'),
    (p_team_id, v_pipeline, 'Proposal', 3, 60, 'open', '#c084fc'),
    (p_team_id, v_pipeline, 'Negotiation', 4, 80, 'open', '#f59e0b'),
    (p_team_id, v_pipeline, 'Closed Won', 5, 100, 'won', '#22c55e'),
    (p_team_id, v_pipeline, 'Closed Lost', 6, 0, 'lost', '#ef4444');
  return v_pipeline;
end
$$;
revoke execute on function app.create_default_pipeline(uuid) from public, authenticated;
comment on function app.create_default_pipeline(uuid) is 'Creates the "Sales" pipeline with the standard seven stages.';

create function app.team_default_pipeline() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.create_default_pipeline(new.id);
  return new;
end
$$;
create trigger teams_default_pipeline after insert on public.teams
  for each row execute function app.team_default_pipeline();

-- teams that existed before this migration get theirs too
select app.create_default_pipeline(t.id) from public.teams t
where not exists (select 1 from public.pipelines p where p.team_id = t.id);

-- Deal rules --------------------------------------------------------------------------------------
-- Fills pipeline, stage and probability; keeps the stage inside the deal's pipeline; stamps
-- stage_entered_at and closed_at; asks for a reason when a deal is won or lost.
create function app.deal_stage_rules() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_stage public.pipeline_stages;
  v_stage_changed boolean := tg_op = 'INSERT' or new.stage_id is distinct from old.stage_id;
begin
  if new.stage_id is null then
    if new.pipeline_id is null then
      select id into new.pipeline_id from public.pipelines where team_id = new.team_id and is_default;
    end if;
    select id into new.stage_id from public.pipeline_stages
    where pipeline_id = new.pipeline_id and team_id = new.team_id and kind = 'open'
    order by position, id limit 1;
    if new.stage_id is null then
      raise exception 'Choose a stage for this deal.' using errcode = 'P0001';
    end if;
  end if;

  select * into v_stage from public.pipeline_stages where id = new.stage_id and team_id = new.team_id;
  if v_stage.id is null then
    raise exception 'That stage does not exist in this workspace.' using errcode = 'P0002';
  end if;
  if new.pipeline_id is null then
    new.pipeline_id := v_stage.pipeline_id;
  elsif v_stage.pipeline_id <> new.pipeline_id then
    raise exception 'That stage belongs to another pipeline. Pick a stage of this deal''s pipeline.'
      using errcode = 'P0001';
  end if;

  if v_stage_changed then
    new.stage_entered_at := case when tg_op = 'INSERT' then coalesce(new.stage_entered_at, now()) else now() end;
    -- the stage's probability, unless this very statement sets one
    if new.probability is null or (tg_op = 'UPDATE' and new.probability is not distinct from old.probability) then
      new.probability := v_stage.probability;
    end if;
    if v_stage.kind = 'open' then
      new.closed_at := null;
    elsif tg_op = 'INSERT' or new.closed_at is null
       or (select kind from public.pipeline_stages where id = old.stage_id) is distinct from v_stage.kind then
      new.closed_at := case when tg_op = 'INSERT' then coalesce(new.closed_at, now()) else now() end;
    end if;
  end if;

  if v_stage.kind = 'won' and coalesce(btrim(new.win_reason), '') = '' then
    raise exception 'Say why this deal was won.' using errcode = 'P0001';
  end if;
  if v_stage.kind = 'lost' and coalesce(btrim(new.loss_reason), '') = '' then
    raise exception 'Say why this deal was lost.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger deals_stage_rules before insert or update of stage_id, pipeline_id, team_id, win_reason, loss_reason
  on public.deals for each row execute function app.deal_stage_rules();

-- A deal's company (app.check_same_team_company, from crm_core) and contact must be in the deal's team.
create function app.check_same_team_contact() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.contact_id is not null and not exists (
    select 1 from public.contacts where id = new.contact_id and team_id = new.team_id
  ) then
    raise exception 'That contact does not exist in this workspace.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger deals_company_same_team before insert or update of company_id, team_id on public.deals
  for each row execute function app.check_same_team_company();
create trigger deals_contact_same_team before insert or update of contact_id, team_id on public.deals
  for each row execute function app.check_same_team_contact();

-- Stage history: one row per stay in a stage, closed (left_at) when the deal moves on.
create function app.record_deal_stage() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    update public.deal_stage_history set left_at = greatest(new.stage_entered_at, entered_at)
    where deal_id = new.id and left_at is null;
  end if;
  insert into public.deal_stage_history (team_id, deal_id, from_stage_id, to_stage_id, changed_by, entered_at)
  values (
    new.team_id, new.id, case when tg_op = 'UPDATE' then old.stage_id end, new.stage_id,
    (select auth.uid()), new.stage_entered_at
  );
  return new;
end
$$;
create trigger deals_stage_history_insert after insert on public.deals
  for each row execute function app.record_deal_stage();
create trigger deals_stage_history_update after update of stage_id on public.deals
  for each row when (old.stage_id is distinct from new.stage_id) execute function app.record_deal_stage();

-- Pipeline builder rules --------------------------------------------------------------------------
-- Deals are never deleted by removing their stage or pipeline; a whole team's removal is the exception.
create function app.guard_pipeline_delete() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.teams where id = old.team_id) then return old; end if;
  if old.is_default then
    raise exception 'Make another pipeline the default before deleting this one.' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.deals where pipeline_id = old.id and deleted_at is null) then
    raise exception 'Move or delete this pipeline''s deals first.' using errcode = 'P0001';
  end if;
  if exists (select 1 from public.deals where pipeline_id = old.id) then
    raise exception 'Deleted deals are still in this pipeline. Delete them for good first.' using errcode = 'P0001';
  end if;
  return old;
end
$$;
create trigger pipelines_guard_delete before delete on public.pipelines
  for each row execute function app.guard_pipeline_delete();

create function app.guard_stage_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'DELETE' then
    -- stages removed together with their pipeline or team need no check
    if not exists (select 1 from public.pipelines where id = old.pipeline_id) then return old; end if;
    if exists (select 1 from public.deals where stage_id = old.id and deleted_at is null) then
      raise exception 'Move this stage''s deals first.' using errcode = 'P0001';
    end if;
    if exists (select 1 from public.deals where stage_id = old.id) then
      raise exception 'Deleted deals are still in this stage. Delete them for good first.' using errcode = 'P0001';
    end if;
    if not exists (select 1 from public.pipeline_stages where pipeline_id = old.pipeline_id and id <> old.id) then
      raise exception 'A pipeline needs at least one stage.' using errcode = 'P0001';
    end if;
    return old;
  end if;
  if new.kind <> old.kind and exists (select 1 from public.deals where stage_id = old.id) then
    raise exception 'Move this stage''s deals before changing whether it is open, won or lost.' using errcode = 'P0001';
  end if;
  if new.pipeline_id <> old.pipeline_id or new.team_id <> old.team_id then
    raise exception 'A stage cannot move to another pipeline. Create a new stage there instead.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger pipeline_stages_guard before update or delete on public.pipeline_stages
  for each row execute function app.guard_stage_change();

-- RLS ---------------------------------------------------------------------------------------------
alter table public.pipelines enable row level security;
alter table public.pipeline_stages enable row level security;
alter table public.deals enable row level security;
alter table public.deal_stage_history enable row level security;

create policy "Members can see their team's pipelines" on public.pipelines
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can add pipelines" on public.pipelines
  for insert to authenticated
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can edit pipelines" on public.pipelines
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can delete pipelines" on public.pipelines
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create policy "Members can see their team's pipeline stages" on public.pipeline_stages
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can add pipeline stages" on public.pipeline_stages
  for insert to authenticated
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can edit pipeline stages" on public.pipeline_stages
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can delete pipeline stages" on public.pipeline_stages
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

create policy "Members can see their team's deals" on public.deals
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add deals to their team" on public.deals
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can edit and move their team's deals" on public.deals
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Managers and owners of the record can delete deals" on public.deals
  for delete to authenticated using (app.can_delete(team_id, owner_id));

create policy "Members can see their team's deal stage history" on public.deal_stage_history
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
-- written by app.record_deal_stage only
revoke insert, update, delete on public.deal_stage_history from authenticated;

-- Bookkeeping ---------------------------------------------------------------------------------------
create trigger pipelines_touch before update on public.pipelines for each row execute function app.touch_updated_at();
create trigger pipeline_stages_touch before update on public.pipeline_stages
  for each row execute function app.touch_updated_at();
create trigger deals_touch before update on public.deals for each row execute function app.touch_updated_at();
create trigger pipelines_audit after insert or update or delete on public.pipelines
  for each row execute function app.audit();
create trigger pipeline_stages_audit after insert or update or delete on public.pipeline_stages
  for each row execute function app.audit();
create trigger deals_audit after insert or update or delete on public.deals
  for each row execute function app.audit();
create trigger deals_soft_delete before update of deleted_at on public.deals
  for each row execute function app.guard_soft_delete();
