-- Reports convert money into the team's base currency and name the currencies a team's deals and leads are
-- in (lib/reports/query.ts, a loose index scan: one probe per currency). These indexes make that a few probes.
create index if not exists deals_team_currency_idx on public.deals (team_id, currency) where deleted_at is null;
create index if not exists leads_team_currency_idx on public.leads (team_id, currency) where deleted_at is null;
