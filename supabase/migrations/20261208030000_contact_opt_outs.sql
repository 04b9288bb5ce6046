-- Reply understanding, issue 11: who asked not to be contacted again. A reply classified as "unsubscribe" (or a
-- person, by hand) records an opt-out for the contact, the lead and/or the address they wrote from; outreach
-- (sequences, the AI writer's hand-off) must skip anyone with a row here.
-- Who may do what: every member of the team reads them; writers (owner, admin, manager, rep) record them as
-- themselves; managers and up may remove one (a mistaken classification). Nobody edits one: remove and record anew.

create table public.contact_opt_outs (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  contact_id uuid references public.contacts (id) on delete cascade,
  lead_id uuid references public.leads (id) on delete cascade,
  -- the address the opt-out came from, lower case: outreach matches on it even for people not in the CRM yet
  email text check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  -- 'ai_reply': a reply the classifier read as "unsubscribe"; 'manual': a person recorded it
  source text not null check (source in ('ai_reply', 'manual')),
  -- the start of the reply that asked, so a person can see why (plain text)
  reply_excerpt text check (length(reply_excerpt) <= 500),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  check (contact_id is not null or lead_id is not null or email is not null)
);
create unique index contact_opt_outs_contact_idx on public.contact_opt_outs (team_id, contact_id)
  where contact_id is not null;
create unique index contact_opt_outs_lead_idx on public.contact_opt_outs (team_id, lead_id) where lead_id is not null;
create unique index contact_opt_outs_email_idx on public.contact_opt_outs (team_id, email) where email is not null;
comment on table public.contact_opt_outs is
  'People who asked not to be contacted again (by contact, lead or address); outreach skips them.';

-- A foreign key does not look at the team: the contact and the lead must be the opt-out's own team's.
create function app.check_opt_out_team() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.contact_id is not null and not exists (
    select 1 from public.contacts where id = new.contact_id and team_id = new.team_id
  ) then
    raise exception 'That contact does not exist in this workspace.' using errcode = 'P0002';
  end if;
  if new.lead_id is not null and not exists (
    select 1 from public.leads where id = new.lead_id and team_id = new.team_id
  ) then
    raise exception 'That lead does not exist in this workspace.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger contact_opt_outs_same_team before insert on public.contact_opt_outs
  for each row execute function app.check_opt_out_team();

alter table public.contact_opt_outs enable row level security;

create policy "Members can see their team's opt-outs" on public.contact_opt_outs
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers record opt-outs as themselves" on public.contact_opt_outs
  for insert to authenticated
  with check (app.can_write(team_id) and created_by = (select auth.uid()));
create policy "Managers and up remove opt-outs" on public.contact_opt_outs
  for delete to authenticated
  using (app.has_team_role(team_id, array['owner', 'admin', 'manager']::public.team_role[]));

-- no update policy, and no update grant either: an opt-out is kept as it was recorded
revoke update on public.contact_opt_outs from authenticated;
grant select, insert, delete on public.contact_opt_outs to authenticated;
grant select, insert, update, delete on public.contact_opt_outs to service_role;
