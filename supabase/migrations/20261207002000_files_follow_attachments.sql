-- Files follow what they are attached to.
-- Before, every member of a team read every file of the team: the image in a private note, the attachment
-- of a direct message. Now who sees a file is decided by where it is attached (public.file_links):
--   * a deal, contact, company, lead or task: the team (every member reads those records);
--   * a note: whoever may read the note (app.note_can_view: owner, shares, the team for team notes);
--   * a chat message: whoever reads the message (members of the channel or DM; the team for public channels);
--   * nothing yet (a chat upload not sent, a record's file detached from everything): only its uploader.
-- A file attached to several places is seen by whoever sees one of them, and each person sees only the
-- links they may see (the link to a private note stays hidden). Changing a file (rename, new version,
-- delete, attaching it elsewhere) needs the right to change one of those places (edit the note, be in the
-- conversation, write in the team).
-- Sending a chat message attaches the sender's files it names, in the same transaction, so the people in
-- the conversation see them the moment the message arrives; deleting the message detaches them.
-- Files attached to nothing are drafts (public.file_drafts); the purge job removes drafts left longer than
-- a grace period, and the parts of imports uploaded but never started (lib/files/jobs.ts).

-- Readability of what a file is attached to ------------------------------------------------------------------
-- Security definer: they read notes, messages and links without recursing into RLS, for the signed-in user.
create function app.file_target_readable(p_team_id uuid, p_type text, p_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_team_id is null or not (p_team_id = any (array(select app.my_team_ids()))) then return false; end if;
  if p_type = 'note' then return app.note_can_view(p_id); end if;
  if p_type = 'message' then
    return exists (
      select 1 from public.messages m
      where m.id = p_id and m.team_id = p_team_id and m.channel_id = any (array(select app.my_channel_ids()))
    );
  end if;
  -- records: every member of the team reads them
  return p_type in ('deal', 'contact', 'company', 'lead', 'task');
end
$$;

create function app.file_target_writable(p_team_id uuid, p_type text, p_id uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_team_id is null or not app.can_write(p_team_id) then return false; end if;
  if p_type = 'note' then return app.note_can_edit(p_id); end if;
  if p_type = 'message' then
    return exists (
      select 1 from public.messages m
      where m.id = p_id and m.team_id = p_team_id and app.is_channel_member(m.channel_id)
    );
  end if;
  return p_type in ('deal', 'contact', 'company', 'lead', 'task');
end
$$;

-- Takes the file's columns (not its id) so the files policy needs no second read of the row being checked.
create function app.file_readable(p_file_id uuid, p_team_id uuid, p_uploaded_by uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_team_id is null or not (p_team_id = any (array(select app.my_team_ids()))) then return false; end if;
  if not exists (select 1 from public.file_links l where l.file_id = p_file_id) then
    return coalesce(p_uploaded_by = (select auth.uid()), false);
  end if;
  return exists (
    select 1 from public.file_links l
    where l.file_id = p_file_id and app.file_target_readable(l.team_id, l.target_type, l.target_id)
  );
end
$$;

create function app.file_writable(p_file_id uuid, p_team_id uuid, p_uploaded_by uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_team_id is null or not app.can_write(p_team_id) then return false; end if;
  if not exists (select 1 from public.file_links l where l.file_id = p_file_id) then
    return coalesce(p_uploaded_by = (select auth.uid()), false);
  end if;
  return exists (
    select 1 from public.file_links l
    where l.file_id = p_file_id and app.file_target_writable(l.team_id, l.target_type, l.target_id)
  );
end
$$;

create function app.can_read_file(p_file_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select app.file_readable(f.id, f.team_id, f.uploaded_by) from public.files f where f.id = p_file_id), false)
$$;

create function app.can_write_file(p_file_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select app.file_writable(f.id, f.team_id, f.uploaded_by) from public.files f where f.id = p_file_id), false)
$$;

revoke execute on function app.file_target_readable(uuid, text, uuid), app.file_target_writable(uuid, text, uuid),
  app.file_readable(uuid, uuid, uuid), app.file_writable(uuid, uuid, uuid), app.can_read_file(uuid),
  app.can_write_file(uuid) from public;
grant execute on function app.file_target_readable(uuid, text, uuid), app.file_target_writable(uuid, text, uuid),
  app.file_readable(uuid, uuid, uuid), app.file_writable(uuid, uuid, uuid), app.can_read_file(uuid),
  app.can_write_file(uuid) to authenticated;

-- Bytes of the team's deleted files not purged yet, for the quota message: all of them, also the ones the
-- asking member cannot see (only the sum, and only to members).
create function app.deleted_file_bytes(p_team_id uuid) returns bigint
language sql stable security definer set search_path = '' as $$
  select case when p_team_id = any (array(select app.my_team_ids())) then (
    select coalesce(sum(v.size), 0)::bigint from public.files f join public.file_versions v on v.file_id = f.id
    where f.team_id = p_team_id and f.deleted_at is not null
  ) end
$$;
revoke execute on function app.deleted_file_bytes(uuid) from public;
grant execute on function app.deleted_file_bytes(uuid) to authenticated;

-- Policies ---------------------------------------------------------------------------------------------------
drop policy "Members can see their team's files" on public.files;
drop policy "Writers can rename files and add versions" on public.files;
drop policy "The uploader and managers can delete files" on public.files;
create policy "People see the files of what they can see" on public.files
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids())) and app.file_readable(id, team_id, uploaded_by)
  );
create policy "People change the files of what they can change" on public.files
  for update to authenticated using (app.file_writable(id, team_id, uploaded_by)) with check (app.can_write(team_id));
create policy "The uploader and managers can delete files they can see" on public.files
  for delete to authenticated using (app.can_delete(team_id, uploaded_by) and app.file_readable(id, team_id, uploaded_by));

drop policy "Members can see their team's file versions" on public.file_versions;
drop policy "Writers can upload file versions" on public.file_versions;
create policy "People see the versions of files they can see" on public.file_versions
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.can_read_file(file_id));
create policy "People upload versions of files they can change" on public.file_versions
  for insert to authenticated
  with check (app.can_write(team_id) and uploaded_by = (select auth.uid()) and app.can_write_file(file_id));

drop policy "Members can see where their team's files are attached" on public.file_links;
drop policy "Writers can attach files" on public.file_links;
drop policy "Writers can detach files" on public.file_links;
create policy "People see the attachments to what they can see" on public.file_links
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids())) and app.file_target_readable(team_id, target_type, target_id)
  );
create policy "People attach files they can change to what they can change" on public.file_links
  for insert to authenticated
  with check (app.file_target_writable(team_id, target_type, target_id) and app.can_write_file(file_id));
create policy "People detach files from what they can change" on public.file_links
  for delete to authenticated using (app.file_target_writable(team_id, target_type, target_id));

-- Attaching: the target exists in the file's team, and people (not system jobs) attach only files they may
-- change to places they may change; a place they cannot see does not exist for them. Raised here (before
-- the insert policy) so the refusal says why.
create or replace function app.check_file_link() returns trigger
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
  if (select auth.uid()) is not null then
    if not app.file_target_readable(new.team_id, new.target_type, new.target_id) then
      raise exception 'That % does not exist in this workspace.', new.target_type using errcode = 'P0002';
    end if;
    if not app.file_target_writable(new.team_id, new.target_type, new.target_id) then
      raise exception '%', case new.target_type
        when 'note' then 'You can only attach files to notes you can edit.'
        when 'message' then 'You can only attach files to messages of conversations you are in.'
        else 'Only owners, admins, managers and reps can attach files.' end
        using errcode = '42501';
    end if;
    if not app.can_write_file(new.file_id) then
      raise exception 'You can only attach a file you may change elsewhere (you can only view where it is now).'
        using errcode = '42501';
    end if;
  end if;
  return new;
end
$$;

-- Drafts: files attached to nothing ----------------------------------------------------------------------------
create table public.file_drafts (
  file_id uuid primary key references public.files (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  -- when the file was uploaded, or lost its last attachment
  since timestamptz not null default now()
);
create index file_drafts_since_idx on public.file_drafts (since);
comment on table public.file_drafts is 'Files attached to nothing (chat uploads not sent yet, files detached from everything), since when; the purge job removes them after a grace period.';
-- Only the triggers below and the purge job touch it: RLS on, no policy.
alter table public.file_drafts enable row level security;

create function app.on_file_created() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.file_drafts (file_id, team_id) values (new.id, new.team_id) on conflict (file_id) do nothing;
  return null;
end
$$;
create trigger files_draft after insert on public.files for each row execute function app.on_file_created();

create function app.on_file_link_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    delete from public.file_drafts where file_id = new.file_id;
  -- the last attachment went (and not because the file, or its whole team, is being removed)
  elsif not exists (select 1 from public.file_links where file_id = old.file_id)
        and exists (select 1 from public.files where id = old.file_id)
        and exists (select 1 from public.teams where id = old.team_id) then
    insert into public.file_drafts (file_id, team_id) values (old.file_id, old.team_id) on conflict (file_id) do nothing;
  end if;
  return null;
end
$$;
create trigger file_links_drafts after insert or delete on public.file_links
  for each row execute function app.on_file_link_changed();

-- Chat messages attach the files they name -----------------------------------------------------------------
-- The composer uploads a file first and writes `[name](/api/v1/files/<id>/download?v=N)` into the message.
-- Sending (or editing) attaches the files named there that the sender may change, in the message's own
-- transaction. A file a purge has locked right now is being removed: it is skipped, not waited for.
create function app.link_message_files() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_file_id uuid;
begin
  if new.deleted_at is not null or new.sender_id is null or new.sender_id is distinct from (select auth.uid()) then
    return null;
  end if;
  for v_file_id in
    select distinct m[1]::uuid from regexp_matches(
      new.body, '/api/v1/files/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/', 'g'
    ) as m
  loop
    perform 1 from public.files f
     where f.id = v_file_id and f.team_id = new.team_id and f.deleted_at is null
     for key share skip locked;
    if found and app.can_write_file(v_file_id) then
      insert into public.file_links (team_id, file_id, target_type, target_id)
      values (new.team_id, v_file_id, 'message', new.id)
      on conflict (file_id, target_type, target_id) do nothing;
    end if;
  end loop;
  return null;
end
$$;
create trigger messages_link_files after insert or update of body on public.messages
  for each row when (new.body like '%/api/v1/files/%') execute function app.link_message_files();

-- A deleted message takes its attachments with it (files attached nowhere else become drafts).
create function app.unlink_deleted_message_files() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.file_links where target_type = 'message' and target_id = new.id;
  return null;
end
$$;
create trigger messages_unlink_files after update of deleted_at on public.messages
  for each row when (old.deleted_at is null and new.deleted_at is not null)
  execute function app.unlink_deleted_message_files();

-- Removing a whole team removes its files too; giving their bytes back to a team that is gone must not
-- recreate its storage row (that failed the team's delete on its foreign key).
create or replace function app.charge_storage(p_team_id uuid, p_bytes bigint) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if p_bytes = 0 then return; end if;
  if p_bytes < 0 and not exists (select 1 from public.teams where id = p_team_id) then return; end if;
  insert into public.team_storage (team_id) values (p_team_id) on conflict (team_id) do nothing;
  update public.team_storage
     set used_bytes = greatest(0, used_bytes + p_bytes), updated_at = now()
   where team_id = p_team_id and (p_bytes < 0 or used_bytes + p_bytes <= quota_bytes);
  if not found then
    raise exception 'This workspace has no storage left for % more bytes.', p_bytes using errcode = 'P0413';
  end if;
end
$$;

-- Purging ----------------------------------------------------------------------------------------------------
-- Removes a file's rows (the caller holds its row lock); its versions' bytes move to storage_pending, still
-- counted, until the purge job has removed them from storage and released them. Returns those keys.
create function app.purge_file_rows(p_file public.files) returns setof text
language plpgsql security definer set search_path = '' as $$
declare
  v_bytes bigint;
begin
  select coalesce(sum(size), 0) into v_bytes from public.file_versions where file_id = p_file.id;
  return query
    with moved as (
      insert into public.storage_pending (storage_key, team_id, size, reason)
      select v.storage_key, v.team_id, v.size, 'purge' from public.file_versions v where v.file_id = p_file.id
      on conflict (storage_key) do nothing
      returning storage_pending.storage_key
    )
    select moved.storage_key from moved;
  delete from public.files where id = p_file.id;
  -- the delete gave the bytes back; they count again until storage no longer holds them (no quota check:
  -- this is no new use)
  update public.team_storage set used_bytes = used_bytes + v_bytes, updated_at = now() where team_id = p_file.team_id;
end
$$;
revoke execute on function app.purge_file_rows(public.files) from public;

create or replace function app.purge_file(p_file_id uuid, p_before timestamptz) returns setof text
language plpgsql security definer set search_path = '' as $$
declare
  v_file public.files;
begin
  select * into v_file from public.files
   where id = p_file_id and deleted_at is not null and deleted_at < p_before
   for update skip locked;
  if v_file.id is null then return; end if;
  return query select app.purge_file_rows(v_file);
end
$$;

-- Purges a draft attached to nothing since before `p_before`; none when it was attached meanwhile, is
-- deleted (the deleted-files purge has it), or another transaction holds it (attaching it right now).
create function app.purge_draft_file(p_file_id uuid, p_before timestamptz) returns setof text
language plpgsql security definer set search_path = '' as $$
declare
  v_file public.files;
begin
  select f.* into v_file from public.files f
   where f.id = p_file_id and f.deleted_at is null
     and exists (select 1 from public.file_drafts d where d.file_id = f.id and d.since < p_before)
   for update of f skip locked;
  if v_file.id is null then return; end if;
  -- a new statement, a new snapshot: an attachment committed since the row was chosen is seen here
  if exists (select 1 from public.file_links where file_id = p_file_id) then return; end if;
  return query select app.purge_file_rows(v_file);
end
$$;
revoke execute on function app.purge_draft_file(uuid, timestamptz) from public;

-- An import whose file was uploaded (or not) but never started, untouched since before `p_before`: its
-- parts go and it ends as failed with a sentence saying why. Returns the bytes removed, null when the job
-- is not such an import (started meanwhile, or its file is being uploaded right now).
create function app.purge_unstarted_import(p_job_id uuid, p_before timestamptz) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  v_job public.import_jobs;
  v_bytes bigint;
begin
  select * into v_job from public.import_jobs where id = p_job_id and status = 'pending' for update skip locked;
  if v_job.id is null then return null; end if;
  if greatest(v_job.updated_at, (select max(p.created_at) from public.import_job_parts p where p.job_id = p_job_id))
     >= p_before then
    return null;
  end if;
  with removed as (delete from public.import_job_parts where job_id = p_job_id returning length(bytes) as size)
  select coalesce(sum(size), 0) into v_bytes from removed;
  update public.import_jobs
     set status = 'failed', finished_at = now(),
         message = 'This import was never started, so its uploaded file was removed. Upload the file again to import it.'
   where id = p_job_id;
  return v_bytes;
end
$$;
revoke execute on function app.purge_unstarted_import(uuid, timestamptz) from public;

-- Bring what is stored in line ----------------------------------------------------------------------------
-- Messages already sent attach the files of their sender that they name (before, only the sender's browser
-- attached them, after the send).
insert into public.file_links (team_id, file_id, target_type, target_id, created_by)
select distinct m.team_id, f.id, 'message', m.id, m.sender_id
  from public.messages m
  cross join lateral regexp_matches(
    m.body, '/api/v1/files/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/', 'g'
  ) as r
  join public.files f on f.id = r[1]::uuid and f.team_id = m.team_id and f.uploaded_by = m.sender_id
 where m.deleted_at is null and m.body like '%/api/v1/files/%'
on conflict (file_id, target_type, target_id) do nothing;

-- Files attached to nothing become drafts now (their grace starts today, not at their upload).
insert into public.file_drafts (file_id, team_id)
select f.id, f.team_id from public.files f
 where not exists (select 1 from public.file_links l where l.file_id = f.id)
on conflict (file_id) do nothing;
