-- Storage that adds up: what a team's files take in storage is what counts against its quota.
-- Before, a soft-deleted file stopped counting at once while its bytes stayed in storage until a purge that
-- nothing scheduled, and bytes written by an upload that then failed (or whose process was killed) were
-- counted nowhere. Now:
--   * deleted files keep counting until the purge job (lib/files/jobs.ts) removes their bytes;
--   * an upload reserves its size before it writes any bytes (app.reserve_storage), so concurrent uploads
--     never put more in storage than the quota allows, and a reservation nobody finished is found later;
--   * bytes no file accounts for (a reservation in progress, a purged file whose bytes are being removed)
--     are listed in public.storage_pending and counted, until they are gone from storage.
-- So team_storage.used_bytes = every version of every file (deleted or not) + storage_pending.

-- Bytes in storage that no file version accounts for -----------------------------------------------------
create table public.storage_pending (
  storage_key text primary key check (length(storage_key) between 1 and 500),
  team_id uuid not null references public.teams (id) on delete cascade,
  size bigint not null check (size >= 0),
  -- upload: reserved before the bytes are written, until the version is recorded or the upload gives up
  -- purge: bytes of a purged file, until they are removed from storage
  reason text not null check (reason in ('upload', 'purge')),
  created_at timestamptz not null default now()
);
create index storage_pending_team_idx on public.storage_pending (team_id);
create index storage_pending_age_idx on public.storage_pending (reason, created_at);
comment on table public.storage_pending is 'Bytes in file storage that no file version accounts for yet or any more (uploads in progress, purged files being removed); they count against the quota.';
comment on table public.team_storage is 'Bytes a team stores (all versions of all its files, deleted ones too until purged, and storage_pending) and its quota (default 1 GB).';

-- Only the functions below and named system jobs touch it: RLS on, no policy.
alter table public.storage_pending enable row level security;

-- Business rules ------------------------------------------------------------------------------------------
-- Counts `p_size` bytes for an upload to `p_key` before the bytes are written. Raises P0413 when they do
-- not fit (see app.charge_storage), 42501 for people who may not upload.
create function app.reserve_storage(p_team_id uuid, p_key text, p_size bigint) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if (select auth.uid()) is not null and not app.can_write(p_team_id) then
    raise exception 'Only owners, admins, managers and reps can upload files.' using errcode = '42501';
  end if;
  if p_key not like 'teams/' || p_team_id::text || '/%' or p_size < 0 then
    raise exception 'That is not a storage key of this workspace.' using errcode = 'P0001';
  end if;
  perform app.charge_storage(p_team_id, p_size);
  insert into public.storage_pending (storage_key, team_id, size, reason) values (p_key, p_team_id, p_size, 'upload');
end
$$;
revoke execute on function app.reserve_storage(uuid, text, bigint) from public;
grant execute on function app.reserve_storage(uuid, text, bigint) to authenticated;

-- Gives back the bytes counted for `p_key` once they are gone from storage (or were never written).
-- People may release their team's upload reservations; system jobs (no user) anything. Returns whether
-- something was released, so two runs never give the same bytes back twice.
create function app.release_storage(p_key text) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  v_pending public.storage_pending;
begin
  delete from public.storage_pending
   where storage_key = p_key
     and ((select auth.uid()) is null or (reason = 'upload' and app.can_write(team_id)))
  returning * into v_pending;
  if v_pending.storage_key is null then return false; end if;
  perform app.charge_storage(v_pending.team_id, -v_pending.size);
  return true;
end
$$;
revoke execute on function app.release_storage(text) from public;
grant execute on function app.release_storage(text) to authenticated;

-- Deleting and restoring only hide and show a file: its bytes are still stored, so they still count.
create or replace function app.check_file() returns trigger
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
    elsif old.deleted_at is not null and new.deleted_at is null then
      new.deleted_by := null;
    end if;
  end if;
  return new;
end
$$;

-- Removing a file's rows gives its space back, deleted or not (the purge counts its bytes again in
-- storage_pending until they are removed from storage).
create or replace function app.on_file_removed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.charge_storage(old.team_id, -(select coalesce(sum(size), 0) from public.file_versions where file_id = old.id)::bigint);
  return old;
end
$$;

-- A version counts against the quota. When its upload reserved the bytes, the reservation becomes the
-- version (already counted); otherwise it is charged now.
create or replace function app.on_file_version() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_file public.files;
  v_reserved bigint;
begin
  if tg_op = 'INSERT' then
    select * into v_file from public.files where id = new.file_id;
    if v_file.id is null or v_file.team_id <> new.team_id then
      raise exception 'That file does not exist in this workspace.' using errcode = 'P0002';
    end if;
    delete from public.storage_pending where storage_key = new.storage_key and team_id = new.team_id and reason = 'upload'
    returning size into v_reserved;
    perform app.charge_storage(new.team_id, new.size - coalesce(v_reserved, 0));
    return new;
  end if;
  -- DELETE of one version; when the whole file goes, its before-delete trigger already gave the space back
  select * into v_file from public.files where id = old.file_id;
  if v_file.id is not null then
    perform app.charge_storage(old.team_id, -old.size);
  end if;
  return old;
end
$$;

-- Purges one file deleted before `p_before`: its rows go, its versions' bytes move to storage_pending (still
-- counted) until the caller has removed them from storage and released them. Returns those storage keys;
-- none when the file is gone, was restored, or another purge has it locked right now.
create function app.purge_file(p_file_id uuid, p_before timestamptz) returns setof text
language plpgsql security definer set search_path = '' as $$
declare
  v_file public.files;
  v_bytes bigint;
begin
  select * into v_file from public.files
   where id = p_file_id and deleted_at is not null and deleted_at < p_before
   for update skip locked;
  if v_file.id is null then return; end if;
  select coalesce(sum(size), 0) into v_bytes from public.file_versions where file_id = p_file_id;
  return query
    with moved as (
      insert into public.storage_pending (storage_key, team_id, size, reason)
      select v.storage_key, v.team_id, v.size, 'purge' from public.file_versions v where v.file_id = p_file_id
      on conflict (storage_key) do nothing
      returning storage_pending.storage_key
    )
    select moved.storage_key from moved;
  delete from public.files where id = p_file_id;
  -- the delete gave the bytes back; they count again until storage no longer holds them (no quota check:
  -- this is no new use)
  update public.team_storage set used_bytes = used_bytes + v_bytes, updated_at = now() where team_id = v_file.team_id;
end
$$;
revoke execute on function app.purge_file(uuid, timestamptz) from public;

-- Recount every team from what is stored now (deleted files included).
update public.team_storage s
   set used_bytes = coalesce((select sum(v.size) from public.file_versions v where v.team_id = s.team_id), 0),
       updated_at = now();
