-- Lead scoring: the stale marks are written only for teams that score (rules, or a trained model). A team without
-- scoring pays nothing on its writes (a 100,000-row CSV import adds no marks), and nothing is lost when it starts:
-- its first rule (or model) marks the whole team stale (app.score_dirty_teams), which rescoring expands.

create function app.team_is_scored(p_team_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.scoring_rules where team_id = p_team_id)
      or exists (select 1 from public.scoring_models where team_id = p_team_id and status = 'trained')
$$;
revoke execute on function app.team_is_scored(uuid) from public;
comment on function app.team_is_scored(uuid) is 'True when the team has scoring rules or a trained model.';

create or replace function app.lead_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not app.team_is_scored(new.team_id) then return null; end if;
  perform app.mark_score_dirty('lead', new.id, new.team_id);
  return null;
end
$$;

create or replace function app.contact_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not app.team_is_scored(new.team_id) then return null; end if;
  perform app.mark_score_dirty('contact', new.id, new.team_id);
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'lead', l.id, l.team_id from public.leads l where l.contact_id = new.id and l.deleted_at is null
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;

create or replace function app.company_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not app.team_is_scored(new.team_id) then return null; end if;
  insert into app.score_dirty (record_type, record_id, team_id)
  select 'contact', c.id, c.team_id from public.contacts c where c.company_id = new.id and c.deleted_at is null
  union all
  select 'lead', l.id, l.team_id from public.leads l where l.company_id = new.id and l.deleted_at is null
  on conflict (record_type, record_id) do nothing;
  return null;
end
$$;

create or replace function app.activity_score_stale() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_row public.activities := coalesce(new, old);
begin
  if v_row.is_system or v_row.record_type not in ('lead', 'contact') then return null; end if;
  if not app.team_is_scored(v_row.team_id) then return null; end if;
  perform app.mark_score_dirty(v_row.record_type, v_row.record_id, v_row.team_id);
  if v_row.record_type = 'contact' then
    insert into app.score_dirty (record_type, record_id, team_id)
    select 'lead', l.id, l.team_id from public.leads l where l.contact_id = v_row.record_id and l.deleted_at is null
    on conflict (record_type, record_id) do nothing;
  end if;
  return null;
end
$$;
