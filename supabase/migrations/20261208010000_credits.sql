-- Credits: what metered work (AI, enrichment) costs a team. One balance row per team, an append-only ledger
-- of grants, charges and refunds, per-user monthly limits set by owners and admins, and a cost per action.
-- Members never write these tables directly: charging goes through app.spend_credits (checks membership from
-- the JWT, locks the balance row, refuses an empty balance or a user over their limit with SQLSTATE LC402,
-- which the app answers as 402), refunds through app.refund_credits, grants through app.grant_credits.

-- Tables ----------------------------------------------------------------------------------------------
create table public.credit_costs (
  action text primary key check (action ~ '^[a-z]+\.[a-z]+$'),
  cost integer not null check (cost between 1 and 10000),
  label text not null check (length(label) between 1 and 80)
);
comment on table public.credit_costs is 'Credits one unit of each metered action costs.';

insert into public.credit_costs (action, cost, label) values
  ('ai.write', 2, 'AI writing'),
  ('ai.classify', 1, 'AI lead classification'),
  ('ai.proposal', 5, 'AI proposal'),
  ('ai.search', 1, 'AI search'),
  ('enrich.contact', 3, 'Contact enrichment'),
  ('enrich.company', 3, 'Company enrichment');

create table public.credit_balances (
  team_id uuid primary key references public.teams (id) on delete cascade,
  balance integer not null check (balance between 0 and 1000000000),
  updated_at timestamptz not null default now()
);
comment on table public.credit_balances is 'Credits a team has left; the sum of its ledger, kept under a row lock.';

create table public.credit_ledger (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  -- no foreign key: the history stays when a person's account is deleted
  user_id uuid,
  kind text not null check (kind in ('grant', 'charge', 'refund')),
  action text references public.credit_costs (action),
  units integer not null default 1 check (units between 1 and 1000),
  -- +grant, -charge, +refund
  amount integer not null check (amount <> 0),
  idempotency_key text not null check (length(idempotency_key) between 1 and 200),
  -- a key whose charge was refunded may be charged again: the next attempt
  attempt integer not null default 1 check (attempt >= 1),
  refers_to uuid references public.credit_ledger (id),
  note text check (length(note) <= 200),
  created_at timestamptz not null default now(),
  check (
    (kind = 'grant' and amount > 0 and refers_to is null)
    or (kind = 'charge' and amount < 0 and action is not null and user_id is not null and refers_to is null)
    or (kind = 'refund' and amount > 0 and refers_to is not null)
  )
);
create unique index credit_ledger_key_idx on public.credit_ledger (team_id, kind, idempotency_key, attempt);
create unique index credit_ledger_refund_once_idx on public.credit_ledger (refers_to) where refers_to is not null;
create index credit_ledger_team_idx on public.credit_ledger (team_id, created_at desc, id desc);
create index credit_ledger_usage_idx on public.credit_ledger (team_id, user_id, created_at) where kind = 'charge';
comment on table public.credit_ledger is 'Every credit grant, charge and refund; append-only.';

-- The proof that a charge may be refunded: only the process that charged holds the token (its hash is here).
-- No policies: only the functions below read it.
create table public.credit_refund_tokens (
  charge_id uuid primary key references public.credit_ledger (id) on delete cascade,
  token_hash text not null
);
comment on table public.credit_refund_tokens is 'Hashes of the one-time refund tokens of unrefunded charges.';

create table public.credit_limits (
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  monthly_limit integer not null check (monthly_limit between 0 and 1000000000),
  set_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
comment on table public.credit_limits is 'At most this many credits a month for this member (none: no limit).';

-- Append-only ledger ------------------------------------------------------------------------------------
create function app.guard_credit_ledger() returns trigger
language plpgsql set search_path = '' as $$
begin
  -- deleting the team deletes its history with it (the cascade runs once the team row is gone)
  if tg_op = 'DELETE' and not exists (select 1 from public.teams where id = old.team_id) then return old; end if;
  raise exception 'The credit ledger is append-only: entries cannot be changed or deleted.' using errcode = '42501';
end
$$;
create trigger credit_ledger_append_only before update or delete on public.credit_ledger
  for each row execute function app.guard_credit_ledger();

create function app.guard_credit_ledger_truncate() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'The credit ledger is append-only: it cannot be truncated.' using errcode = '42501';
end
$$;
create trigger credit_ledger_no_truncate before truncate on public.credit_ledger
  for each statement execute function app.guard_credit_ledger_truncate();

-- Helpers (security definer, empty search_path) -----------------------------------------------------------
create function app.credit_month_start() returns timestamptz
language sql stable set search_path = '' as $$
  select date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
$$;

-- Credits this member spent this month: charges not refunded.
create function app.credits_used_this_month(p_team_id uuid, p_user_id uuid) returns integer
language sql stable security definer set search_path = '' as $$
  select coalesce(-sum(c.amount), 0)::int
  from public.credit_ledger c
  where c.team_id = p_team_id and c.user_id = p_user_id and c.kind = 'charge'
    and c.created_at >= app.credit_month_start()
    and not exists (select 1 from public.credit_ledger r where r.refers_to = c.id)
$$;

create function app.add_credit_entry(p_entry public.credit_ledger) returns public.credit_ledger
language plpgsql security definer set search_path = '' as $$
declare
  v_row public.credit_ledger;
begin
  insert into public.credit_ledger
    (team_id, user_id, kind, action, units, amount, idempotency_key, attempt, refers_to, note)
  values (p_entry.team_id, p_entry.user_id, p_entry.kind, p_entry.action, coalesce(p_entry.units, 1), p_entry.amount,
          p_entry.idempotency_key, coalesce(p_entry.attempt, 1), p_entry.refers_to, p_entry.note)
  returning * into v_row;
  update public.credit_balances b set balance = b.balance + v_row.amount, updated_at = now()
  where b.team_id = v_row.team_id;
  if not found then
    insert into public.credit_balances (team_id, balance) values (v_row.team_id, v_row.amount);
  end if;
  return v_row;
end
$$;

-- Every team starts with credits to try the AI and enrichment features (the demo workspace too).
create function app.welcome_credits() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_entry public.credit_ledger;
begin
  v_entry.team_id := new.id;
  v_entry.user_id := new.created_by;
  v_entry.kind := 'grant';
  v_entry.amount := 500;
  v_entry.idempotency_key := 'welcome';
  v_entry.note := 'Welcome credits';
  perform app.add_credit_entry(v_entry);
  return new;
end
$$;
create trigger teams_welcome_credits after insert on public.teams
  for each row execute function app.welcome_credits();

-- Charging --------------------------------------------------------------------------------------------------
create function app.spend_credits(p_team_id uuid, p_user_id uuid, p_action text, p_key text, p_units integer default 1)
returns table (id uuid, action text, units integer, cost integer, balance integer, replayed boolean, refund_token text)
language plpgsql security definer set search_path = '' as $$
declare
  v_caller uuid := (select auth.uid());
  v_cost integer;
  v_balance integer;
  v_prev public.credit_ledger;
  v_attempt integer := 1;
  v_limit integer;
  v_used integer;
  v_entry public.credit_ledger;
  v_token text;
begin
  -- a signed-in member spends as themselves; a named system job (no JWT user) names the member it works for
  if v_caller is not null and p_user_id is distinct from v_caller then
    raise exception 'You can only spend credits as yourself.' using errcode = '42501';
  end if;
  if p_user_id is null or not exists (
    select 1 from public.team_members m where m.team_id = p_team_id and m.user_id = p_user_id
  ) then
    raise exception 'You are not a member of this workspace.' using errcode = '42501';
  end if;
  select c.cost into v_cost from public.credit_costs c where c.action = p_action;
  if v_cost is null then raise exception 'There is no credit action called "%".', p_action using errcode = 'P0002'; end if;
  if p_units is null or p_units not between 1 and 1000 then
    raise exception 'Units must be a whole number from 1 to 1000.' using errcode = 'P0001';
  end if;
  if p_key is null or length(p_key) not between 1 and 200 then
    raise exception 'A credit key must be 1 to 200 characters long.' using errcode = 'P0001';
  end if;

  -- one spender at a time per team: the balance and the monthly usage are read and changed under this lock
  select b.balance into v_balance from public.credit_balances b where b.team_id = p_team_id for update;
  v_balance := coalesce(v_balance, 0);

  select * into v_prev from public.credit_ledger l
  where l.team_id = p_team_id and l.kind = 'charge' and l.idempotency_key = p_key
  order by l.attempt desc limit 1;
  if v_prev.id is not null then
    if v_prev.user_id <> p_user_id or v_prev.action <> p_action then
      raise exception 'This credit key was already used for another charge.' using errcode = 'P0001';
    end if;
    if not exists (select 1 from public.credit_ledger r where r.refers_to = v_prev.id) then
      return query select v_prev.id, v_prev.action, v_prev.units, -v_prev.amount, v_balance, true, null::text;
      return;
    end if;
    v_attempt := v_prev.attempt + 1;
  end if;

  v_cost := v_cost * p_units;
  if v_balance < v_cost then
    raise exception 'Your team is out of credits: this needs % and % left. An owner or admin can add credits in Settings → Usage.',
      v_cost, v_balance using errcode = 'LC402';
  end if;
  select l.monthly_limit into v_limit from public.credit_limits l where l.team_id = p_team_id and l.user_id = p_user_id;
  if v_limit is not null then
    v_used := app.credits_used_this_month(p_team_id, p_user_id);
    if v_used + v_cost > v_limit then
      raise exception 'You have reached your monthly credit limit (% of % used; this needs %). An owner or admin can raise it in Settings → Usage.',
        v_used, v_limit, v_cost using errcode = 'LC402';
    end if;
  end if;

  v_entry.team_id := p_team_id;
  v_entry.user_id := p_user_id;
  v_entry.kind := 'charge';
  v_entry.action := p_action;
  v_entry.units := p_units;
  v_entry.amount := -v_cost;
  v_entry.idempotency_key := p_key;
  v_entry.attempt := v_attempt;
  v_entry := app.add_credit_entry(v_entry);
  v_token := gen_random_uuid()::text;
  insert into public.credit_refund_tokens (charge_id, token_hash)
  values (v_entry.id, encode(sha256(convert_to(v_token, 'UTF8')), 'hex'));
  return query select v_entry.id, v_entry.action, v_entry.units, v_cost, v_balance - v_cost, false, v_token;
end
$$;

-- Refunding: a compensating row, at most once per charge, only with the charge's token.
create function app.refund_credits(p_charge_id uuid, p_token text) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_charge public.credit_ledger;
  v_hash text;
  v_entry public.credit_ledger;
begin
  select * into v_charge from public.credit_ledger l where l.id = p_charge_id and l.kind = 'charge';
  if v_charge.id is null then return false; end if;
  -- same lock order as spending: balance first
  perform 1 from public.credit_balances b where b.team_id = v_charge.team_id for update;
  select t.token_hash into v_hash from public.credit_refund_tokens t where t.charge_id = p_charge_id for update;
  if v_hash is null then return false; end if;
  if v_hash <> encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex') then
    raise exception 'This refund is not allowed.' using errcode = '42501';
  end if;
  delete from public.credit_refund_tokens t where t.charge_id = p_charge_id;
  v_entry.team_id := v_charge.team_id;
  v_entry.user_id := v_charge.user_id;
  v_entry.kind := 'refund';
  v_entry.action := v_charge.action;
  v_entry.units := v_charge.units;
  v_entry.amount := -v_charge.amount;
  v_entry.idempotency_key := v_charge.idempotency_key;
  v_entry.attempt := v_charge.attempt;
  v_entry.refers_to := v_charge.id;
  v_entry.note := 'Refund: the work failed';
  perform app.add_credit_entry(v_entry);
  return true;
end
$$;

-- Granting: owners and admins add credits (until there is billing, this is how a team tops up).
create function app.grant_credits(p_team_id uuid, p_amount integer, p_note text default null)
returns public.credit_ledger
language plpgsql security definer set search_path = '' as $$
declare
  v_entry public.credit_ledger;
  v_balance integer;
begin
  if not app.has_team_role(p_team_id, array['owner', 'admin']::public.team_role[]) then
    raise exception 'Only owners and admins can add credits.' using errcode = '42501';
  end if;
  if p_amount is null or p_amount not between 1 and 1000000 then
    raise exception 'Add between 1 and 1,000,000 credits at a time.' using errcode = 'P0001';
  end if;
  select b.balance into v_balance from public.credit_balances b where b.team_id = p_team_id for update;
  if coalesce(v_balance, 0) + p_amount > 1000000000 then
    raise exception 'A team can hold at most 1,000,000,000 credits.' using errcode = 'P0001';
  end if;
  v_entry.team_id := p_team_id;
  v_entry.user_id := (select auth.uid());
  v_entry.kind := 'grant';
  v_entry.amount := p_amount;
  v_entry.idempotency_key := 'grant:' || gen_random_uuid()::text;
  v_entry.note := nullif(btrim(p_note), '');
  return app.add_credit_entry(v_entry);
end
$$;

-- Limits: only for members of the team, set by its owners and admins.
create function app.check_credit_limit() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.team_members m where m.team_id = new.team_id and m.user_id = new.user_id) then
    raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
  end if;
  new.set_by := (select auth.uid());
  new.updated_at := now();
  return new;
end
$$;
create trigger credit_limits_check before insert or update on public.credit_limits
  for each row execute function app.check_credit_limit();

-- Existing teams get their welcome credits too.
insert into public.credit_ledger (team_id, user_id, kind, amount, idempotency_key, note)
select t.id, t.created_by, 'grant', 500, 'welcome', 'Welcome credits' from public.teams t;
insert into public.credit_balances (team_id, balance) select t.id, 500 from public.teams t;

-- Privileges and row level security -----------------------------------------------------------------------
revoke all on public.credit_costs, public.credit_balances, public.credit_ledger, public.credit_refund_tokens,
  public.credit_limits from anon, authenticated;
grant select on public.credit_costs, public.credit_balances, public.credit_ledger to authenticated;
grant select, insert, update, delete on public.credit_limits to authenticated;
revoke insert, update, delete, truncate on public.credit_ledger, public.credit_balances from service_role;

alter table public.credit_costs enable row level security;
alter table public.credit_balances enable row level security;
alter table public.credit_ledger enable row level security;
alter table public.credit_refund_tokens enable row level security;
alter table public.credit_limits enable row level security;

create policy "Anyone signed in can read credit costs" on public.credit_costs
  for select to authenticated using (true);
create policy "Members can see their team's balance" on public.credit_balances
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members can read their team's credit ledger" on public.credit_ledger
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members can see their team's credit limits" on public.credit_limits
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can set credit limits" on public.credit_limits
  for insert to authenticated with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can change credit limits" on public.credit_limits
  for update to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]))
  with check (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));
create policy "Owners and admins can remove credit limits" on public.credit_limits
  for delete to authenticated using (app.has_team_role(team_id, array['owner', 'admin']::public.team_role[]));

revoke execute on function app.guard_credit_ledger(), app.guard_credit_ledger_truncate(), app.credit_month_start(),
  app.credits_used_this_month(uuid, uuid), app.add_credit_entry(public.credit_ledger), app.welcome_credits(),
  app.spend_credits(uuid, uuid, text, text, integer), app.refund_credits(uuid, text), app.grant_credits(uuid, integer, text),
  app.check_credit_limit() from public, anon, authenticated;
grant execute on function app.spend_credits(uuid, uuid, text, text, integer), app.refund_credits(uuid, text),
  app.grant_credits(uuid, integer, text), app.credit_month_start() to authenticated, service_role;
