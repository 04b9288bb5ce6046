-- The AI writer: message templates a team saves from generated drafts, and a record of every AI generation
-- (which prompt file and version, which provider) so a draft can be traced to what produced it.
-- Who may do what: every member reads the team's templates; members who may write records (not viewers) save
-- templates, and the author or a manager and up changes or deletes one. Generations are written by the person
-- who asked for them and read by the team; nobody edits a generation afterwards.

-- Message templates -------------------------------------------------------------------------------------
create table public.message_templates (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  channel text not null check (channel in ('email', 'linkedin', 'sms')),
  language text not null default 'en' check (language ~ '^[a-z]{2}$'),
  -- email only; LinkedIn notes and SMS have none
  subject text check (length(subject) <= 200),
  -- plain text, always: renderers escape it
  body text not null check (length(btrim(body)) between 1 and 5000),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index message_templates_team_idx on public.message_templates (team_id, channel, lower(name));
comment on table public.message_templates is
  'Reusable outreach messages (email, LinkedIn, SMS) a team saved, often from an AI writer draft.';

-- AI generations ------------------------------------------------------------------------------------------
create table public.ai_generations (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- which feature asked: writer, classify, proposal...
  feature text not null check (feature ~ '^[a-z][a-z_-]{0,39}$'),
  record_type text check (record_type in ('contact', 'company', 'lead', 'deal')),
  record_id uuid,
  prompt_name text not null check (length(prompt_name) between 1 and 80),
  prompt_version text not null check (length(prompt_version) between 1 and 20),
  -- the model's name, or 'offline' for the template writer
  provider text not null check (length(provider) between 1 and 120),
  streamed boolean not null default false,
  -- what was asked (goal, tone...) and what came back (the variants), for review
  input jsonb not null default '{}' check (jsonb_typeof(input) = 'object'),
  output jsonb not null default '{}' check (jsonb_typeof(output) = 'object'),
  created_at timestamptz not null default now(),
  check ((record_type is null) = (record_id is null))
);
create index ai_generations_team_idx on public.ai_generations (team_id, created_at desc);
create index ai_generations_record_idx on public.ai_generations (record_type, record_id);
create index ai_generations_user_idx on public.ai_generations (user_id);
comment on table public.ai_generations is
  'Every AI generation: the prompt file and version, the provider, what was asked and what came back.';

-- RLS ---------------------------------------------------------------------------------------------------
alter table public.message_templates enable row level security;
alter table public.ai_generations enable row level security;

create policy "Members can see their team's message templates" on public.message_templates
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members who write records can save message templates" on public.message_templates
  for insert to authenticated with check (app.can_write(team_id) and created_by = (select auth.uid()));
create policy "The author or a manager can edit a message template" on public.message_templates
  for update to authenticated
  using (app.can_delete(team_id, created_by))
  with check (app.can_delete(team_id, created_by));
create policy "The author or a manager can delete a message template" on public.message_templates
  for delete to authenticated using (app.can_delete(team_id, created_by));

create policy "Members can see their team's AI generations" on public.ai_generations
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Members record their own AI generations in their team" on public.ai_generations
  for insert to authenticated with check (
    team_id = any (array(select app.my_team_ids())) and user_id = (select auth.uid())
  );

revoke update, delete, truncate on public.ai_generations from authenticated;

-- Bookkeeping ---------------------------------------------------------------------------------------------
create trigger message_templates_touch before update on public.message_templates
  for each row execute function app.touch_updated_at();
create trigger message_templates_audit after insert or update or delete on public.message_templates
  for each row execute function app.audit();
