-- Files: uploads a team keeps (with versions), attached to records, notes and chat messages, counted
-- against a per-team storage quota.
-- The bytes live in object storage (local disk in embedded mode, any S3-compatible store otherwise, see
-- lib/files/storage.ts); these tables hold what the bytes are, who may reach them and where they are attached.
-- Every member reads their team's files; owners, admins, managers and reps upload and attach; deleting
-- (soft or hard) is for the uploader or managers and up. The quota is checked in the same transaction
-- that records an upload, under the team's storage row lock, so concurrent uploads never exceed it.

-- Storage use per team ----------------------------------------------------------------------------------
create table public.team_storage (
  team_id uuid primary key references public.teams (id) on delete cascade,
  -- bytes of every version of every file that is not deleted
  used_bytes bigint not null default 0 check (used_bytes >= 0),
  quota_bytes bigint not null default 1073741824 check (quota_bytes >= 0),
  updated_at timestamptz not null default now()
);
comment on table public.team_storage is 'Bytes a team stores in files (all versions of files not deleted) and its quota (default 1 GB).';

-- Files -----------------------------------------------------------------------------------------------
create table public.files (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 255),
  -- of the current version, sniffed from its bytes on the server (never the client's claim)
  content_type text not null check (length(content_type) between 1 and 255),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null check (length(storage_key) between 1 and 500),
  current_version int not null default 1 check (current_version >= 1),
  uploaded_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- soft delete, so "undo" can bring a file back; deleted files stop counting against the quota
  deleted_at timestamptz,
  deleted_by uuid references auth.users (id) on delete set null
);
create index files_team_idx on public.files (team_id, created_at desc) where deleted_at is null;
create index files_deleted_idx on public.files (deleted_at) where deleted_at is not null;
comment on table public.files is 'A file of a team; its bytes are in object storage under storage_key (the current version).';

create table public.file_versions (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  file_id uuid not null references public.files (id) on delete cascade,
  version int not null check (version >= 1),
  -- the name the version was uploaded with
  name text not null check (length(btrim(name)) between 1 and 255),
  content_type text not null check (length(content_type) between 1 and 255),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique check (length(storage_key) between 1 and 500),
  uploaded_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  unique (file_id, version)
);
create index file_versions_team_idx on public.file_versions (team_id);
comment on table public.file_versions is 'Every upload of a file, oldest first; the highest version is the file''s current one.';

create table public.file_links (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  file_id uuid not null references public.files (id) on delete cascade,
  target_type text not null check (target_type in ('deal', 'contact', 'company', 'lead', 'task', 'note', 'message')),
  target_id uuid not null,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  unique (file_id, target_type, target_id)
);
create index file_links_target_idx on public.file_links (team_id, target_type, target_id);
comment on table public.file_links is 'Where a file is attached: a record, a note or a chat message of the same team.';

-- Business rules ------------------------------------------------------------------------------------------
-- Adds (or, negative, removes) bytes from a team's use. Growing past the quota raises P0413, which the
-- application turns into a 413 that says how much is used. The row lock taken by the update serialises
-- concurrent uploads of a team, and the quota condition is evaluated again on the row each one finally sees.
create function app.charge_storage(p_team_id uuid, p_bytes bigint) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if p_bytes = 0 then return; end if;
  insert into public.team_storage (team_id) values (p_team_id) on conflict (team_id) do nothing;
  update public.team_storage
     set used_bytes = greatest(0, used_bytes + p_bytes), updated_at = now()
   where team_id = p_team_id and (p_bytes < 0 or used_bytes + p_bytes <= quota_bytes);
  if not found then
    raise exception 'This workspace has no storage left for % more bytes.', p_bytes using errcode = 'P0413';
  end if;
end
$$;
revoke execute on function app.charge_storage(uuid, bigint) from public;

-- Is there a record of this kind with this id in this team? Null when the kind's table does not exist in
-- this database (notes and chat come from their own migrations, looked up by name).
create function app.file_target_exists(p_team_id uuid, p_type text, p_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  v_table regclass := to_regclass(case p_type
    when 'deal' then 'public.deals' when 'contact' then 'public.contacts' when 'company' then 'public.companies'
    when 'lead' then 'public.leads' when 'task' then 'public.tasks' when 'note' then 'public.notes'
    when 'message' then 'public.messages' end);
  v_exists boolean;
begin
  if v_table is null then return null; end if;
  if exists (select 1 from pg_catalog.pg_attribute where attrelid = v_table and attname = 'team_id' and not attisdropped) then
    execute format('select exists (select 1 from %s where id = $1 and team_id = $2)', v_table)
      into v_exists using p_id, p_team_id;
  elsif p_type = 'message' and to_regclass('public.channels') is not null then
    execute 'select exists (select 1 from public.messages m join public.channels c on c.id = m.channel_id
             where m.id = $1 and c.team_id = $2)'
      into v_exists using p_id, p_team_id;
  else
    return null;
  end if;
  return v_exists;
end
$$;
revoke execute on function app.file_target_exists(uuid, text, uuid) from public;

create function app.check_file() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    if new.team_id <> old.team_id then
      raise exception 'A file cannot move to another workspace.' using errcode = 'P0001';
    end if;
    -- hiding or bringing back a file is deleting it: the uploader, or managers and up
    if (old.deleted_at is distinct from new.deleted_at) and (select auth.uid()) is not null
       and not app.can_delete(new.team_id, old.uploaded_by) then
      raise exception 'Only the person who uploaded a file, or a manager, admin or owner, can delete it.'
        using errcode = '42501';
    end if;
    if old.deleted_at is null and new.deleted_at is not null then
      new.deleted_by := (select auth.uid());
      perform app.charge_storage(new.team_id, -(select coalesce(sum(size), 0) from public.file_versions where file_id = new.id)::bigint);
    elsif old.deleted_at is not null and new.deleted_at is null then
      new.deleted_by := null;
      perform app.charge_storage(new.team_id, (select coalesce(sum(size), 0) from public.file_versions where file_id = new.id)::bigint);
    end if;
  end if;
  return new;
end
$$;
create trigger files_check before update on public.files for each row execute function app.check_file();

-- Removing a file for good gives its space back (when it still counted, i.e. was not soft-deleted).
create function app.on_file_removed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.deleted_at is null then
    perform app.charge_storage(old.team_id, -(select coalesce(sum(size), 0) from public.file_versions where file_id = old.id)::bigint);
  end if;
  return old;
end
$$;
create trigger files_removed before delete on public.files for each row execute function app.on_file_removed();

-- A version belongs to a file of its own team and counts against the quota (when the file is not deleted).
create function app.on_file_version() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_file public.files;
begin
  if tg_op = 'INSERT' then
    select * into v_file from public.files where id = new.file_id;
    if v_file.id is null or v_file.team_id <> new.team_id then
      raise exception 'That file does not exist in this workspace.' using errcode = 'P0002';
    end if;
    if v_file.deleted_at is null then perform app.charge_storage(new.team_id, new.size); end if;
    return new;
  end if;
  -- DELETE of one version; when the whole file goes, its before-delete trigger already gave the space back
  select * into v_file from public.files where id = old.file_id;
  if v_file.id is not null and v_file.deleted_at is null then
    perform app.charge_storage(old.team_id, -old.size);
  end if;
  return old;
end
$$;
create trigger file_versions_usage after insert or delete on public.file_versions
  for each row execute function app.on_file_version();

create function app.check_file_link() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_exists boolean;
begin
  if not exists (select 1 from public.files where id = new.file_id and team_id = new.team_id) then
    raise exception 'That file does not exist in this workspace.' using errcode = 'P0002';
  end if;
  v_exists := app.file_target_exists(new.team_id, new.target_type, new.target_id);
  if v_exists is null then
    raise exception 'Files cannot be attached to a % yet.', new.target_type using errcode = 'P0001';
  elsif not v_exists then
    raise exception 'That % does not exist in this workspace.', new.target_type using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger file_links_check before insert or update on public.file_links
  for each row execute function app.check_file_link();

-- RLS -------------------------------------------------------------------------------------------------
alter table public.team_storage enable row level security;
alter table public.files enable row level security;
alter table public.file_versions enable row level security;
alter table public.file_links enable row level security;

-- use and quota change only through uploads (app.charge_storage) and named system jobs
create policy "Members can see their team's storage use" on public.team_storage
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));

create policy "Members can see their team's files" on public.files
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can upload files to their team" on public.files
  for insert to authenticated with check (app.can_write(team_id) and uploaded_by = (select auth.uid()));
create policy "Writers can rename files and add versions" on public.files
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "The uploader and managers can delete files" on public.files
  for delete to authenticated using (app.can_delete(team_id, uploaded_by));

create policy "Members can see their team's file versions" on public.file_versions
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can upload file versions" on public.file_versions
  for insert to authenticated with check (app.can_write(team_id) and uploaded_by = (select auth.uid()));
-- versions are never edited; they go with their file

create policy "Members can see where their team's files are attached" on public.file_links
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can attach files" on public.file_links
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can detach files" on public.file_links
  for delete to authenticated using (app.can_write(team_id));

-- Bookkeeping -----------------------------------------------------------------------------------------
create trigger files_touch before update on public.files for each row execute function app.touch_updated_at();
create trigger files_audit after insert or update or delete on public.files
  for each row execute function app.audit();
create trigger file_versions_audit after insert or delete on public.file_versions
  for each row execute function app.audit();
create trigger file_links_audit after insert or delete on public.file_links
  for each row execute function app.audit();
