-- Notes: rich documents co-edited live (Tiptap + Yjs), in folders, tagged, favourited, shared with
-- people (view or edit), attached to deals/contacts/companies, with version history.
--
-- The document itself lives in Yjs: every update a client sends is appended to note_updates at once and
-- compacted into note_state in the background (lib/notes/doc-manager.ts). The columns content_html /
-- content_json / content_text on notes are snapshots rendered on the server from the Yjs document, for
-- full-text search, previews and read-only views; they are written by the server only.
--
-- Who may do what is one function, app.note_permission_for(note, user) -> 'edit' | 'view' | null:
--   * the owner edits;
--   * visibility 'team': every member of the note's team views, and edits when team_permission = 'edit';
--   * visibility 'team' or 'people': a share (note_shares) gives that person view or edit;
--   * visibility 'private': only the owner;
--   * members with the team role 'viewer' never edit someone else's note;
--   * nobody outside the note's team sees anything.
-- Managing a note (visibility, shares, owner, deleting) is for its owner, and team owners/admins who can
-- see it.

-- Folders -------------------------------------------------------------------------------------------
create table public.note_folders (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  parent_id uuid references public.note_folders (id) on delete cascade,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index note_folders_team_idx on public.note_folders (team_id, parent_id);
comment on table public.note_folders is 'Folders (nested through parent_id) that organise a team''s notes.';

-- Notes ---------------------------------------------------------------------------------------------
create table public.notes (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references public.teams (id) on delete cascade,
  title text not null default 'Untitled' check (length(title) <= 200),
  owner_id uuid references auth.users (id) on delete set null default auth.uid(),
  visibility text not null default 'team' check (visibility in ('private', 'team', 'people')),
  -- what the team may do when visibility = 'team'
  team_permission text not null default 'edit' check (team_permission in ('view', 'edit')),
  folder_id uuid references public.note_folders (id) on delete set null,
  -- the record the note is attached to (checked by a trigger; the target table varies)
  record_type text check (record_type in ('deal', 'contact', 'company')),
  record_id uuid,
  is_template boolean not null default false,
  -- snapshots of the Yjs document, rendered by the server
  content_html text not null default '',
  content_json jsonb not null default '{"type": "doc", "content": [{"type": "paragraph"}]}',
  content_text text not null default '',
  content_updated_at timestamptz,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null default auth.uid(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check ((record_type is null) = (record_id is null)),
  search tsvector generated always as (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', left(coalesce(content_text, ''), 200000)), 'B')
  ) stored
);
create index notes_team_updated_idx on public.notes (team_id, updated_at desc) where deleted_at is null;
create index notes_folder_idx on public.notes (folder_id) where folder_id is not null;
create index notes_record_idx on public.notes (team_id, record_type, record_id) where record_id is not null;
create index notes_owner_idx on public.notes (owner_id);
create index notes_search_idx on public.notes using gin (search);
comment on table public.notes is 'Rich notes of a team; the live document is in note_updates/note_state (Yjs), the content_* columns are server-rendered snapshots.';
comment on column public.notes.team_permission is 'With visibility team: whether team members may edit (edit) or only read (view).';

-- Sharing -------------------------------------------------------------------------------------------
create table public.note_shares (
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  permission text not null default 'view' check (permission in ('view', 'edit')),
  granted_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  primary key (note_id, user_id)
);
create index note_shares_user_idx on public.note_shares (user_id);
create index note_shares_team_idx on public.note_shares (team_id);
comment on table public.note_shares is 'People a note is shared with (visibility team or people), with view or edit access.';

-- Permission functions (security definer: they read notes and shares without recursing into RLS) ------
create function app.note_permission_for(p_note_id uuid, p_user_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select case
    when m.user_id is null then null
    when n.owner_id = p_user_id then 'edit'
    when n.visibility = 'private' then null
    when m.role <> 'viewer' and (s.permission = 'edit' or (n.visibility = 'team' and n.team_permission = 'edit')) then 'edit'
    when s.permission is not null or n.visibility = 'team' then 'view'
  end
  from public.notes n
  left join public.team_members m on m.team_id = n.team_id and m.user_id = p_user_id
  left join public.note_shares s on s.note_id = n.id and s.user_id = p_user_id
  where n.id = p_note_id
$$;
revoke execute on function app.note_permission_for(uuid, uuid) from public;

create function app.note_permission(p_note_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select app.note_permission_for(p_note_id, (select auth.uid()))
$$;

create function app.note_can_view(p_note_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select app.note_permission(p_note_id) is not null
$$;

create function app.note_can_edit(p_note_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce(app.note_permission(p_note_id) = 'edit', false)
$$;

create function app.note_can_manage(p_note_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.notes n
    where n.id = p_note_id
      and app.note_permission(n.id) is not null
      and (n.owner_id = (select auth.uid()) or app.has_team_role(n.team_id, array['owner', 'admin']::public.team_role[]))
  )
$$;
grant execute on function app.note_permission(uuid), app.note_can_view(uuid), app.note_can_edit(uuid),
  app.note_can_manage(uuid) to authenticated;

-- Tags, favourites, recent views ------------------------------------------------------------------------
create table public.note_tags (
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  tag text not null check (length(btrim(tag)) between 1 and 40 and tag = lower(btrim(tag))),
  created_at timestamptz not null default now(),
  primary key (note_id, tag)
);
create index note_tags_team_tag_idx on public.note_tags (team_id, tag);
comment on table public.note_tags is 'Tags of a note (lower case), for filtering.';

create table public.note_favorites (
  user_id uuid not null references auth.users (id) on delete cascade default auth.uid(),
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, note_id)
);
create index note_favorites_note_idx on public.note_favorites (note_id);
create index note_favorites_team_idx on public.note_favorites (team_id);
comment on table public.note_favorites is 'Notes a person starred.';

create table public.note_views (
  user_id uuid not null references auth.users (id) on delete cascade default auth.uid(),
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  viewed_at timestamptz not null default now(),
  primary key (user_id, note_id)
);
create index note_views_recent_idx on public.note_views (user_id, viewed_at desc);
create index note_views_team_idx on public.note_views (team_id);
create index note_views_note_idx on public.note_views (note_id);
comment on table public.note_views is 'When a person last opened a note (the Recent list).';

-- The Yjs document ------------------------------------------------------------------------------------
create table public.note_updates (
  seq bigint generated always as identity primary key,
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  update bytea not null check (length(update) between 1 and 4194304),
  user_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index note_updates_note_idx on public.note_updates (note_id, seq);
create index note_updates_team_idx on public.note_updates (team_id);
comment on table public.note_updates is 'Append-only Yjs updates of a note, stored as they arrive; merged into note_state by compaction.';

create table public.note_state (
  note_id uuid primary key references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  state bytea not null,
  -- the highest note_updates.seq merged into state (informational: compaction deletes exactly the rows
  -- it merged, so loading = state + every remaining update)
  upto_seq bigint not null default 0,
  updated_at timestamptz not null default now()
);
create index note_state_team_idx on public.note_state (team_id);
comment on table public.note_state is 'Compacted Yjs state of a note (all updates merged up to upto_seq).';

create table public.note_versions (
  id uuid primary key default gen_random_uuid(),
  note_id uuid not null references public.notes (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  number int not null check (number > 0),
  label text check (length(label) <= 120),
  kind text not null default 'manual' check (kind in ('auto', 'manual', 'restore')),
  title text not null default '',
  state bytea not null,
  content_json jsonb not null,
  content_html text not null default '',
  content_text text not null default '',
  -- who edited the note since the previous version
  authors uuid[] not null default '{}',
  -- for kind 'restore': the version that was restored
  restored_from uuid references public.note_versions (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  unique (note_id, number)
);
create index note_versions_team_idx on public.note_versions (team_id);
comment on table public.note_versions is 'Snapshots of a note: automatic while editing, on demand, and when a version is restored.';

create table public.note_mentions (
  note_id uuid not null references public.notes (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  team_id uuid not null references public.teams (id) on delete cascade,
  mentioned_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (note_id, user_id)
);
create index note_mentions_team_idx on public.note_mentions (team_id);
create index note_mentions_user_idx on public.note_mentions (user_id);
comment on table public.note_mentions is 'People @mentioned in a note (each is notified once, when first mentioned).';

-- Business rules the columns cannot express ---------------------------------------------------------------
create function app.check_note() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_table regclass;
  v_exists boolean;
  v_uid uuid := (select auth.uid());
begin
  if tg_op = 'UPDATE' and new.team_id is distinct from old.team_id then
    raise exception 'A note cannot move to another workspace.' using errcode = 'P0001';
  end if;
  -- visibility, team access, owner and deletion are for whoever manages the note
  if tg_op = 'UPDATE' and v_uid is not null
     and (new.visibility is distinct from old.visibility or new.team_permission is distinct from old.team_permission
          or new.owner_id is distinct from old.owner_id or new.deleted_at is distinct from old.deleted_at)
     and not app.note_can_manage(old.id) then
    raise exception 'Only the note''s owner or a workspace admin can change who may see it or delete it.' using errcode = '42501';
  end if;
  -- snapshots come from the server's Yjs document, never from a client
  if tg_op = 'UPDATE' and v_uid is not null
     and (new.content_html is distinct from old.content_html or new.content_json is distinct from old.content_json
          or new.content_text is distinct from old.content_text) then
    raise exception 'The note''s content changes through the editor, not directly.' using errcode = '42501';
  end if;
  if new.owner_id is not null and (tg_op = 'INSERT' or new.owner_id is distinct from old.owner_id)
     and not exists (select 1 from public.team_members where team_id = new.team_id and user_id = new.owner_id) then
    raise exception 'That person is not a member of this workspace.' using errcode = 'P0002';
  end if;
  if new.folder_id is not null and (tg_op = 'INSERT' or new.folder_id is distinct from old.folder_id)
     and not exists (select 1 from public.note_folders where id = new.folder_id and team_id = new.team_id) then
    raise exception 'That folder does not exist in this workspace.' using errcode = 'P0002';
  end if;
  if new.record_id is not null and (tg_op = 'INSERT' or new.record_id is distinct from old.record_id
     or new.record_type is distinct from old.record_type) then
    v_table := to_regclass(case new.record_type when 'deal' then 'public.deals' when 'contact' then 'public.contacts'
      when 'company' then 'public.companies' end);
    if v_table is null then
      raise exception 'Notes cannot be attached to a % yet.', new.record_type using errcode = 'P0001';
    end if;
    execute format('select exists (select 1 from %s where id = $1 and team_id = $2)', v_table)
      into v_exists using new.record_id, new.team_id;
    if not v_exists then
      raise exception 'That % does not exist in this workspace.', new.record_type using errcode = 'P0002';
    end if;
  end if;
  if tg_op = 'UPDATE' and v_uid is not null then
    new.updated_by := v_uid;
  end if;
  return new;
end
$$;
create trigger notes_check before insert or update on public.notes
  for each row execute function app.check_note();

create function app.check_note_folder() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and new.team_id is distinct from old.team_id then
    raise exception 'A folder cannot move to another workspace.' using errcode = 'P0001';
  end if;
  if new.parent_id is not null and (tg_op = 'INSERT' or new.parent_id is distinct from old.parent_id) then
    if not exists (select 1 from public.note_folders where id = new.parent_id and team_id = new.team_id) then
      raise exception 'That parent folder does not exist in this workspace.' using errcode = 'P0002';
    end if;
    if exists (
      with recursive ancestors (id) as (
        select parent_id from public.note_folders where id = new.parent_id
        union
        select f.parent_id from public.note_folders f join ancestors a on f.id = a.id where f.parent_id is not null
      )
      select 1 from ancestors where id = new.id
    ) or new.parent_id = new.id then
      raise exception 'A folder cannot be inside one of its own subfolders.' using errcode = 'P0001';
    end if;
  end if;
  return new;
end
$$;
create trigger note_folders_check before insert or update on public.note_folders
  for each row execute function app.check_note_folder();

-- Child rows carry their note's team (set here, so a client cannot point them elsewhere).
create function app.note_child_team() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  select team_id into new.team_id from public.notes where id = new.note_id;
  if new.team_id is null then
    raise exception 'That note does not exist.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger note_shares_team before insert or update on public.note_shares
  for each row execute function app.note_child_team();
create trigger note_tags_team before insert or update on public.note_tags
  for each row execute function app.note_child_team();
create trigger note_favorites_team before insert or update on public.note_favorites
  for each row execute function app.note_child_team();
create trigger note_views_team before insert or update on public.note_views
  for each row execute function app.note_child_team();
create trigger note_updates_team before insert on public.note_updates
  for each row execute function app.note_child_team();
create trigger note_state_team before insert or update on public.note_state
  for each row execute function app.note_child_team();
create trigger note_versions_team before insert on public.note_versions
  for each row execute function app.note_child_team();
create trigger note_mentions_team before insert on public.note_mentions
  for each row execute function app.note_child_team();

create function app.check_note_share() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- (the note's team, not new.team_id: triggers run in name order and note_shares_team may come later)
  if not exists (
    select 1 from public.team_members m join public.notes n on n.team_id = m.team_id
    where n.id = new.note_id and m.user_id = new.user_id
  ) then
    raise exception 'Notes can only be shared with members of this workspace.' using errcode = 'P0002';
  end if;
  return new;
end
$$;
create trigger note_shares_check before insert or update on public.note_shares
  for each row execute function app.check_note_share();

-- Mentions notify once: the server calls this with everyone mentioned in the current document.
-- Only people who can see the note are notified (and recorded); app.notify comes from the notifications
-- migration and is used only when it exists.
create function app.note_mentions_sync(p_note_id uuid, p_user_ids uuid[], p_actor_id uuid) returns setof uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_note public.notes;
  v_user uuid;
  v_notify regprocedure := to_regprocedure('app.notify(uuid, uuid, text, text, text, text, uuid, text, uuid, jsonb)');
begin
  select * into v_note from public.notes where id = p_note_id and deleted_at is null;
  if v_note.id is null then return; end if;
  for v_user in
    select distinct u from unnest(p_user_ids) u
    where app.note_permission_for(p_note_id, u) is not null
      and not exists (select 1 from public.note_mentions m where m.note_id = p_note_id and m.user_id = u)
  loop
    insert into public.note_mentions (note_id, user_id, team_id, mentioned_by)
    values (p_note_id, v_user, v_note.team_id, p_actor_id);
    if v_notify is not null and v_user is distinct from p_actor_id then
      begin
        execute 'select app.notify($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)'
          using v_note.team_id, v_user, 'mention',
            coalesce((select coalesce(nullif(p.full_name, ''), 'Someone') from public.profiles p where p.id = p_actor_id), 'Someone')
              || ' mentioned you in “' || left(v_note.title, 80) || '”',
            left(v_note.content_text, 200), '/notes/' || p_note_id::text, p_actor_id,
            'note', p_note_id, jsonb_build_object('note_id', p_note_id, 'source', 'note');
      exception when others then
        raise warning 'note mention notification failed: %', sqlerrm;
      end;
    end if;
    return next v_user;
  end loop;
end
$$;
revoke execute on function app.note_mentions_sync(uuid, uuid[], uuid) from public, authenticated;

-- RLS -------------------------------------------------------------------------------------------------
alter table public.note_folders enable row level security;
alter table public.notes enable row level security;
alter table public.note_shares enable row level security;
alter table public.note_tags enable row level security;
alter table public.note_favorites enable row level security;
alter table public.note_views enable row level security;
alter table public.note_updates enable row level security;
alter table public.note_state enable row level security;
alter table public.note_versions enable row level security;
alter table public.note_mentions enable row level security;

create policy "Members can see their team's note folders" on public.note_folders
  for select to authenticated using (team_id = any (array(select app.my_team_ids())));
create policy "Writers can add note folders to their team" on public.note_folders
  for insert to authenticated with check (app.can_write(team_id));
create policy "Writers can rename and move their team's note folders" on public.note_folders
  for update to authenticated using (app.can_write(team_id)) with check (app.can_write(team_id));
create policy "Writers can delete their team's note folders" on public.note_folders
  for delete to authenticated using (app.can_write(team_id));

-- (the owner test first: a row being inserted is not yet visible to app.note_can_view's own query)
create policy "People see the notes they may view" on public.notes
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (owner_id = (select auth.uid()) or app.note_can_view(id))
  );
create policy "Writers can create notes they own in their team" on public.notes
  for insert to authenticated with check (app.can_write(team_id) and owner_id = (select auth.uid()));
create policy "Editors can change notes they may edit" on public.notes
  for update to authenticated using (app.note_can_edit(id)) with check (team_id = any (array(select app.my_team_ids())));
create policy "Owners and admins can delete notes for good" on public.notes
  for delete to authenticated using (app.note_can_manage(id));

create policy "People who see a note see who it is shared with" on public.note_shares
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));
create policy "Note managers can share it" on public.note_shares
  for insert to authenticated with check (app.note_can_manage(note_id));
create policy "Note managers can change shares" on public.note_shares
  for update to authenticated using (app.note_can_manage(note_id)) with check (app.note_can_manage(note_id));
create policy "Note managers can remove shares" on public.note_shares
  for delete to authenticated using (app.note_can_manage(note_id));

create policy "People who see a note see its tags" on public.note_tags
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));
create policy "Editors can tag a note" on public.note_tags
  for insert to authenticated with check (app.note_can_edit(note_id));
create policy "Editors can untag a note" on public.note_tags
  for delete to authenticated using (app.note_can_edit(note_id));

create policy "People see their own favourites" on public.note_favorites
  for select to authenticated using (user_id = (select auth.uid()) and app.note_can_view(note_id));
create policy "People star notes they can see" on public.note_favorites
  for insert to authenticated with check (user_id = (select auth.uid()) and app.note_can_view(note_id));
create policy "People unstar their own favourites" on public.note_favorites
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "People see their own recent notes" on public.note_views
  for select to authenticated using (user_id = (select auth.uid()) and app.note_can_view(note_id));
create policy "People record opening notes they can see" on public.note_views
  for insert to authenticated with check (user_id = (select auth.uid()) and app.note_can_view(note_id));
create policy "People update their own recent views" on public.note_views
  for update to authenticated using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()) and app.note_can_view(note_id));
create policy "People clear their own recent views" on public.note_views
  for delete to authenticated using (user_id = (select auth.uid()));

-- The document: viewers read it, editors append to it; compaction (service) is the only rewrite.
create policy "People who see a note read its updates" on public.note_updates
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));
create policy "Editors append their own updates" on public.note_updates
  for insert to authenticated with check (user_id = (select auth.uid()) and app.note_can_edit(note_id));

create policy "People who see a note read its state" on public.note_state
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));

create policy "People who see a note see its versions" on public.note_versions
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));
create policy "Editors save versions" on public.note_versions
  for insert to authenticated with check (app.note_can_edit(note_id) and created_by = (select auth.uid()));

create policy "People who see a note see who is mentioned in it" on public.note_mentions
  for select to authenticated using (team_id = any (array(select app.my_team_ids())) and app.note_can_view(note_id));

-- Bookkeeping -----------------------------------------------------------------------------------------
create trigger notes_touch before update on public.notes for each row execute function app.touch_updated_at();
create trigger note_folders_touch before update on public.note_folders for each row execute function app.touch_updated_at();
create trigger notes_audit after insert or update of title, visibility, team_permission, owner_id, folder_id,
  record_type, record_id, is_template, deleted_at or delete on public.notes
  for each row execute function app.audit();
create trigger note_shares_audit after insert or update or delete on public.note_shares
  for each row execute function app.audit();
create trigger note_folders_audit after insert or update or delete on public.note_folders
  for each row execute function app.audit();
