-- CSV imports: one job per uploaded file, its upload in parts, and the progress the browser polls.
-- Who may do what: every member of the team sees the team's imports (progress and reports); writers
-- (owner, admin, manager, rep) start them; only the person who started an import uploads its file and
-- moves its counters. The rows themselves are written as that person, so RLS on contacts and companies
-- applies to every imported row as it does to a typed-in one: viewers cannot import.

-- Jobs --------------------------------------------------------------------------------------------
create table public.import_jobs (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  created_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  resource text not null check (resource in ('contacts', 'companies')),
  filename text not null default 'import.csv' check (length(filename) between 1 and 255),
  -- bytes announced when the job was created; the uploaded parts may never add up to more than this
  file_size bigint not null check (file_size between 1 and 20971520),
  -- pending: waiting for the file and a mapping; running: rows being written; done or failed: finished
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
  total_rows int not null default 0 check (total_rows >= 0),
  -- rows handled so far (created + updated + skipped + error): a resumed job continues after them
  processed_rows int not null default 0 check (processed_rows >= 0),
  created_rows int not null default 0 check (created_rows >= 0),
  updated_rows int not null default 0 check (updated_rows >= 0),
  skipped_rows int not null default 0 check (skipped_rows >= 0),
  error_rows int not null default 0 check (error_rows >= 0),
  -- companies created on the way, when a contact import names companies that did not exist yet
  companies_created int not null default 0 check (companies_created >= 0),
  -- [{ "row": 7, "column": "E-mail", "field": "email", "message": "...", "value": "..." }], at most 1,000
  errors jsonb not null default '[]' check (jsonb_typeof(errors) = 'array' and jsonb_array_length(errors) <= 1000),
  -- [{ "column": "E-mail", "target": "email" }, ...] in file order; target null = don't import
  mapping jsonb not null default '[]' check (jsonb_typeof(mapping) = 'array'),
  -- { "duplicates": "skip" | "update" | "create" }
  options jsonb not null default '{}' check (jsonb_typeof(options) = 'object'),
  -- why a job failed, in words for the person who started it
  message text check (length(message) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index import_jobs_team_idx on public.import_jobs (team_id, created_at desc);
create index import_jobs_running_idx on public.import_jobs (status) where status = 'running';
comment on table public.import_jobs is
  'CSV imports of contacts or companies: mapping, duplicate handling, live counters and a per-row error report.';

-- Uploaded file, in parts -------------------------------------------------------------------------
-- The file arrives in parts below the app's request size limit and is read back in order when the job
-- starts (and again when a restarted server resumes it); the parts are removed once the job finishes.
create table public.import_job_parts (
  job_id uuid not null references public.import_jobs (id) on delete cascade,
  part int not null check (part between 0 and 10000),
  team_id uuid not null references public.teams (id) on delete cascade,
  bytes bytea not null check (length(bytes) <= 1048576),
  created_at timestamptz not null default now(),
  primary key (job_id, part)
);
create index import_job_parts_team_idx on public.import_job_parts (team_id);
comment on table public.import_job_parts is 'The uploaded CSV of a pending or running import, in parts of up to 1 MB.';

-- A part belongs to the same team as its job, and only while the job still waits for its file.
create function app.check_import_part() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (
    select 1 from public.import_jobs j where j.id = new.job_id and j.team_id = new.team_id and j.status = 'pending'
  ) then
    raise exception 'This import already started or does not exist; upload the file again.' using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger import_job_parts_check before insert or update on public.import_job_parts
  for each row execute function app.check_import_part();

-- Duplicate lookups -------------------------------------------------------------------------------
-- Under RLS Postgres may not use an index on lower(email) (lower() is not leakproof, so the policy's
-- check must run first, on every row): a lookup per import batch would scan the whole table. These
-- answer exactly what the select policies allow, to members of the team only, through the indexes.
create function app.import_find_contacts(p_team_id uuid, p_emails jsonb)
returns table (key text, id uuid)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
declare
  v_key text;
begin
  if not p_team_id = any (array(select app.my_team_ids())) then return; end if;
  -- One probe of contacts_email_idx per key, whatever the planner's statistics say (PGlite has no
  -- autovacuum to keep them fresh); the fence (offset 0) keeps "oldest first" from picking another index.
  for v_key in select distinct jsonb_array_elements_text(p_emails) loop
    return query
      select v_key, m.id from (
        select c.id, c.created_at from public.contacts c
        where c.team_id = p_team_id and lower(c.email) = v_key and c.deleted_at is null offset 0
      ) m order by m.created_at, m.id limit 1;
  end loop;
end
$$;

create function app.import_find_companies_by_domain(p_team_id uuid, p_domains jsonb)
returns table (key text, id uuid)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
declare
  v_key text;
begin
  if not p_team_id = any (array(select app.my_team_ids())) then return; end if;
  -- One probe of companies_domain_idx per key, whatever the planner's statistics say (PGlite has no
  -- autovacuum to keep them fresh); the fence (offset 0) keeps "oldest first" from picking another index.
  for v_key in select distinct jsonb_array_elements_text(p_domains) loop
    return query
      select v_key, m.id from (
        select c.id, c.created_at from public.companies c
        where c.team_id = p_team_id and lower(c.domain) = v_key and c.deleted_at is null offset 0
      ) m order by m.created_at, m.id limit 1;
  end loop;
end
$$;

create function app.import_find_companies(p_team_id uuid, p_domains jsonb, p_names jsonb)
returns table (id uuid, name text, domain text)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
declare
  v_domains text[] := array(select jsonb_array_elements_text(p_domains));
  v_names text[] := array(select jsonb_array_elements_text(p_names));
begin
  if not p_team_id = any (array(select app.my_team_ids())) then return; end if;
  return query
    select c.id, lower(c.name), lower(c.domain) from public.companies c
    where c.team_id = p_team_id and c.deleted_at is null
      and (lower(c.domain) = any (v_domains) or lower(c.name) = any (v_names))
    order by c.created_at, c.id;
end
$$;

grant execute on function app.import_find_contacts(uuid, jsonb), app.import_find_companies(uuid, jsonb, jsonb),
  app.import_find_companies_by_domain(uuid, jsonb) to authenticated;

-- Merging duplicates --------------------------------------------------------------------------------
-- An activity's record never changes for users (app.guard_activity_change), but merging two contacts or
-- companies must move the merged one's timeline to the one that stays. Writers may do exactly that, for
-- records of their own team, through this function; it acts as a system job so the guard lets it pass
-- and the audit log names it.
create function app.merge_move_activities(p_team_id uuid, p_record_type text, p_from uuid, p_to uuid)
returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_claims text := current_setting('request.jwt.claims', true);
  v_reason text := current_setting('app.service_reason', true);
  v_count int;
begin
  if not app.can_write(p_team_id) then
    raise exception 'You don''t have permission to merge records in this workspace.' using errcode = '42501';
  end if;
  if p_record_type not in ('contact', 'company') then
    raise exception 'Only contacts and companies are merged.' using errcode = 'P0001';
  end if;
  if to_regclass('public.activities') is null then return 0; end if;
  if (select count(*) from public.contacts where id in (p_from, p_to) and team_id = p_team_id and p_record_type = 'contact')
     + (select count(*) from public.companies where id in (p_from, p_to) and team_id = p_team_id and p_record_type = 'company')
     <> 2 then
    raise exception 'Both records must exist in this workspace.' using errcode = 'P0002';
  end if;
  perform set_config('app.service_reason', 'merge:move-activities', true);
  perform set_config('request.jwt.claims', '', true);
  execute 'update public.activities set record_id = $1 where team_id = $2 and record_type = $3 and record_id = $4'
    using p_to, p_team_id, p_record_type, p_from;
  get diagnostics v_count = row_count;
  perform set_config('request.jwt.claims', coalesce(v_claims, ''), true);
  perform set_config('app.service_reason', coalesce(v_reason, ''), true);
  return v_count;
end
$$;
grant execute on function app.merge_move_activities(uuid, text, uuid, uuid) to authenticated;

-- RLS ---------------------------------------------------------------------------------------------
alter table public.import_jobs enable row level security;
alter table public.import_job_parts enable row level security;

create policy "Members can see their team's imports" on public.import_jobs
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can start imports for themselves" on public.import_jobs
  for insert to authenticated with check (created_by = (select auth.uid()) and app.can_write(team_id));
create policy "Whoever started an import can update it while they can write" on public.import_jobs
  for update to authenticated
  using (created_by = (select auth.uid()) and app.can_write(team_id))
  with check (created_by = (select auth.uid()) and app.can_write(team_id));
create policy "Whoever started an import can delete it" on public.import_jobs
  for delete to authenticated using (created_by = (select auth.uid()));

create policy "Whoever started an import can read its file" on public.import_job_parts
  for select to authenticated using (
    exists (select 1 from public.import_jobs j where j.id = job_id and j.created_by = (select auth.uid()))
  );
create policy "Whoever started an import can upload its file" on public.import_job_parts
  for insert to authenticated with check (
    app.can_write(team_id)
    and exists (select 1 from public.import_jobs j where j.id = job_id and j.created_by = (select auth.uid()))
  );
create policy "Whoever started an import can replace a part of its file" on public.import_job_parts
  for update to authenticated
  using (exists (select 1 from public.import_jobs j where j.id = job_id and j.created_by = (select auth.uid())))
  with check (app.can_write(team_id));
create policy "Whoever started an import can remove its file" on public.import_job_parts
  for delete to authenticated using (
    exists (select 1 from public.import_jobs j where j.id = job_id and j.created_by = (select auth.uid()))
  );

-- Bookkeeping -------------------------------------------------------------------------------------
-- Counters move many times a second while a job runs: the audit log records the job's creation and how
-- it ended, not every step in between.
create trigger import_jobs_touch before update on public.import_jobs
  for each row execute function app.touch_updated_at();
create trigger import_jobs_audit after insert or delete on public.import_jobs
  for each row execute function app.audit();
create trigger import_jobs_audit_status after update on public.import_jobs
  for each row when (old.status is distinct from new.status) execute function app.audit();
