-- Leads, issue 9: readable status names in every refusal; lead info editable in every status (the strict flow
-- governs only the status, deleting stays New-only); a final LOST status with a required reason, reachable from
-- any status before PAID; a lead's value and currency; and the deal a lead was converted to.
--   NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID, one step forward at a time
--   any of NEW, CONTACTED, INTERESTED, PROPOSAL_SENT -> LOST, with a reason
--   PAID and LOST are final (owners and admins can still override, with a reason).
-- lib/leads/status.ts mirrors these rules and words its refusals the same way.
--
-- ALTER TYPE ... ADD VALUE cannot be used in the transaction that adds it, and each migration is one transaction:
-- so nothing below casts 'LOST' to the enum while this file runs. SQL functions and constraints compare
-- status::text; plpgsql bodies are only planned when first called, after this migration has committed.

-- Statuses ----------------------------------------------------------------------------------------
alter type public.lead_status add value if not exists 'LOST';
comment on type public.lead_status is
  'Where a lead is: NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID, or LOST from any status before PAID.';

-- The status as people read it, for refusals ("Proposal sent", never PROPOSAL_SENT).
create function app.lead_status_label(p_status public.lead_status) returns text
language sql immutable set search_path = '' as $$
  select case p_status::text
    when 'NEW' then 'New'
    when 'CONTACTED' then 'Contacted'
    when 'INTERESTED' then 'Interested'
    when 'PROPOSAL_SENT' then 'Proposal sent'
    when 'PAID' then 'Paid'
    when 'LOST' then 'Lost'
    else p_status::text
  end
$$;

-- Why a lead in p_from may not move to p_to, as a sentence that says what is allowed; null when it may.
-- A move to LOST is allowed from every status but the final ones; its reason is checked where it is given.
create or replace function app.lead_status_refusal(p_from public.lead_status, p_to public.lead_status) returns text
language sql immutable set search_path = '' as $$
  select case
    when p_from::text in ('PAID', 'LOST') then
      format('%s is final: this lead cannot change status.', app.lead_status_label(p_from))
    when p_to is not distinct from app.next_lead_status(p_from) then null
    when p_to::text = 'LOST' then null
    else format('A lead in %s can only move to %s, or be marked as lost.',
      app.lead_status_label(p_from), app.lead_status_label(app.next_lead_status(p_from)))
  end
$$;

-- Columns -----------------------------------------------------------------------------------------
alter table public.leads
  add column value numeric(16, 2) check (value >= 0),
  add column currency char(3) check (currency ~ '^[A-Z]{3}$'),
  -- why the lead was lost; set exactly while the lead is LOST (by app.mark_lead_lost or an override)
  add column lost_reason text check (length(btrim(lost_reason)) between 1 and 1000),
  -- the deal this lead was converted to (lib/leads/convert.ts); one lead per deal
  add column deal_id uuid references public.deals (id) on delete set null,
  add constraint leads_lost_reason_when_lost check ((status::text = 'LOST') = (lost_reason is not null));
create unique index leads_deal_idx on public.leads (deal_id) where deal_id is not null;
comment on column public.leads.value is 'What the lead is expected to be worth; a converted deal takes it over.';
comment on column public.leads.currency is 'Three-letter currency code of value; the deal''s default when empty.';
comment on column public.leads.lost_reason is 'Why the lead was lost; set exactly while the status is LOST.';
comment on column public.leads.deal_id is 'The deal this lead was converted to, if any.';
comment on column public.leads.status is
  'NEW -> CONTACTED -> INTERESTED -> PROPOSAL_SENT -> PAID one step at a time, or LOST (with a reason) before PAID.';

-- The rules ---------------------------------------------------------------------------------------
-- Inserts start in NEW. An update may change the status one step forward (inside app.transition_lead), to LOST
-- with a reason (inside app.mark_lead_lost), or anywhere with an override permit; status_changed_at follows the
-- status and every change is kept in lead_status_changes. Every other column stays editable in every status;
-- deleting (soft) is for leads still in NEW.
create or replace function app.guard_lead_status() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_grant app.lead_status_override_grants;
  v_refusal text;
  v_lost boolean;
begin
  if tg_op = 'INSERT' then
    if new.status is distinct from 'NEW' then
      raise exception 'A new lead starts in New; move it forward one step at a time.' using errcode = 'P0001';
    end if;
    if new.lost_reason is not null then
      raise exception 'Only a lost lead has a lost reason.' using errcode = 'P0001';
    end if;
    new.status_changed_at := now();
    return new;
  end if;

  if old.deleted_at is null and new.deleted_at is not null and old.status::text <> 'NEW' then
    raise exception 'Only leads in New can be deleted; this one is %.', app.lead_status_label(old.status)
      using errcode = 'P0001';
  end if;

  v_lost := new.status::text = 'LOST';
  if new.status is not distinct from old.status then
    new.status_changed_at := old.status_changed_at;
    if new.lost_reason is distinct from old.lost_reason then
      if not v_lost then
        raise exception 'Only a lost lead has a lost reason.' using errcode = 'P0001';
      elsif coalesce(btrim(new.lost_reason), '') = '' then
        raise exception 'Give a reason for marking this lead as lost.' using errcode = 'P0001';
      end if;
    end if;
    return new;
  end if;

  delete from app.lead_status_override_grants
  where txid = txid_current() and lead_id = old.id and to_status = new.status
  returning * into v_grant;

  if v_grant.lead_id is null then
    v_refusal := app.lead_status_refusal(old.status, new.status);
    if v_refusal is not null then
      raise exception '%', v_refusal using errcode = 'P0001';
    end if;
    if coalesce(current_setting('app.lead_transition', true), '') <> old.id::text then
      raise exception 'Change a lead''s status with its status actions, not by editing the lead.' using errcode = 'P0001';
    end if;
    if v_lost and coalesce(btrim(new.lost_reason), '') = '' then
      raise exception 'Give a reason for marking this lead as lost.' using errcode = 'P0001';
    end if;
  elsif v_lost then
    -- an override to LOST: its reason is why the lead was lost
    new.lost_reason := coalesce(nullif(btrim(new.lost_reason), ''), v_grant.reason);
  end if;
  if v_lost then
    new.lost_reason := btrim(new.lost_reason);
  else
    -- out of LOST (by override) the old reason no longer applies
    new.lost_reason := null;
  end if;

  new.status_changed_at := now();
  insert into public.lead_status_changes
    (team_id, lead_id, from_status, to_status, changed_by, service_reason, reason, is_override)
  values (
    new.team_id, new.id, old.status, new.status, (select auth.uid()),
    nullif(current_setting('app.service_reason', true), ''),
    coalesce(v_grant.reason, case when v_lost then new.lost_reason end), v_grant.lead_id is not null
  );
  return new;
end
$$;

-- A converted lead points at a deal of its own team.
create function app.check_lead_deal() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.deal_id is not null and not exists (
    select 1 from public.deals where id = new.deal_id and team_id = new.team_id
  ) then
    raise exception 'That deal does not exist in this workspace.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger leads_deal_same_team before insert or update of deal_id, team_id on public.leads
  for each row execute function app.check_lead_deal();

-- Moving a lead -------------------------------------------------------------------------------------
-- One step forward (LOST goes through app.mark_lead_lost, which takes the reason). Security invoker, so RLS
-- decides: other teams' leads are "not found", viewers are refused. Returns the updated lead.
create or replace function app.transition_lead(p_lead_id uuid, p_to public.lead_status) returns public.leads
language plpgsql security invoker set search_path = '' as $$
declare
  v_lead public.leads;
  v_refusal text;
begin
  if p_to is null then
    raise exception 'Choose the status to move this lead to.' using errcode = 'P0001';
  end if;
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  if (select auth.uid()) is not null and not app.can_write(v_lead.team_id) then
    raise exception 'Only owners, admins, managers and reps can change a lead''s status.' using errcode = '42501';
  end if;
  -- lock the row: of two moves at the same time the second is judged against the first one's result
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null for update;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  v_refusal := app.lead_status_refusal(v_lead.status, p_to);
  if v_refusal is not null then
    raise exception '%', v_refusal using errcode = 'P0001';
  end if;
  if p_to::text = 'LOST' then
    raise exception 'Give a reason for marking this lead as lost.' using errcode = 'P0001';
  end if;
  perform set_config('app.lead_transition', p_lead_id::text, true);
  update public.leads set status = p_to where id = p_lead_id returning * into v_lead;
  perform set_config('app.lead_transition', '', true);
  return v_lead;
end
$$;

-- LOST, with a reason, from any status before PAID. Same rules of access as app.transition_lead.
create function app.mark_lead_lost(p_lead_id uuid, p_reason text) returns public.leads
language plpgsql security invoker set search_path = '' as $$
declare
  v_lead public.leads;
  v_refusal text;
  v_reason text := btrim(coalesce(p_reason, ''));
begin
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  if (select auth.uid()) is not null and not app.can_write(v_lead.team_id) then
    raise exception 'Only owners, admins, managers and reps can change a lead''s status.' using errcode = '42501';
  end if;
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null for update;
  if v_lead.id is null then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  v_refusal := app.lead_status_refusal(v_lead.status, 'LOST');
  if v_refusal is not null then
    raise exception '%', v_refusal using errcode = 'P0001';
  end if;
  if v_reason = '' then
    raise exception 'Give a reason for marking this lead as lost.' using errcode = 'P0001';
  end if;
  if length(v_reason) > 1000 then
    raise exception 'Keep the reason under 1000 characters.' using errcode = 'P0001';
  end if;
  perform set_config('app.lead_transition', p_lead_id::text, true);
  update public.leads set status = 'LOST', lost_reason = v_reason where id = p_lead_id returning * into v_lead;
  perform set_config('app.lead_transition', '', true);
  return v_lead;
end
$$;
comment on function app.mark_lead_lost(uuid, text) is
  'Marks a lead LOST with a reason, from any status before PAID (RLS applies); recorded in lead_status_changes.';

-- Any status, for owners and admins of the lead's team, with a reason; recorded with is_override.
create or replace function app.override_lead_status(p_lead_id uuid, p_to public.lead_status, p_reason text)
returns public.leads
language plpgsql security definer set search_path = '' as $$
declare
  v_lead public.leads;
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to override a lead''s status.' using errcode = '42501';
  end if;
  select * into v_lead from public.leads where id = p_lead_id and deleted_at is null for update;
  if v_lead.id is null or not (v_lead.team_id = any (array(select app.my_team_ids()))) then
    raise exception 'Lead not found.' using errcode = 'P0002';
  end if;
  if not app.has_team_role(v_lead.team_id, array['owner', 'admin']::public.team_role[]) then
    raise exception 'Only owners and admins can override a lead''s status.' using errcode = '42501';
  end if;
  if length(btrim(coalesce(p_reason, ''))) < 5 then
    raise exception 'Give a reason of at least 5 characters for overriding the status.' using errcode = 'P0001';
  end if;
  if p_to is null then
    raise exception 'Choose the status to move this lead to.' using errcode = 'P0001';
  end if;
  if p_to = v_lead.status then
    raise exception 'This lead is already in %.', app.lead_status_label(p_to) using errcode = 'P0001';
  end if;
  insert into app.lead_status_override_grants (txid, lead_id, to_status, reason)
  values (txid_current(), p_lead_id, p_to, btrim(p_reason));
  update public.leads set status = p_to where id = p_lead_id returning * into v_lead;
  return v_lead;
end
$$;

grant execute on function app.lead_status_label(public.lead_status), app.mark_lead_lost(uuid, text)
  to authenticated, service_role;
