-- Semantic search: passages of contacts, companies, deals, notes and chat messages with their embedding
-- vectors (pgvector), a queue of records whose passages must be embedded again, and the triggers that fill it.
--
-- pgvector: PGlite ships it; on a hosted Supabase project it lives in schema `extensions` (which is on the
-- database's search_path there). Where the extension cannot be created (a plain Postgres without pgvector,
-- or a role not allowed to create it) this migration still applies: the tables and triggers exist without
-- the vector column, and the app answers semantic searches with a clear "needs pgvector" message.
--
-- One column for every dimension: `embedding` is a `vector` without a fixed size, `dims` says its size, and
-- there is one partial HNSW index per supported size over `embedding::vector(N)` (where dims = N). A search
-- orders by `embedding::vector(N) <=> query::vector(N)` with `dims = N` and the model's name, so it walks the
-- index of its own provider only: the offline lexical provider (384) and the OpenAI-compatible models
-- (text-embedding-3-small 1536, or any model asked for 256/512/768/1024 dimensions) share one table and
-- one set of policies, and switching the provider never needs a migration (the old model's rows are just
-- not searched, and are replaced by the backfill). HNSW indexes at most 2,000 dimensions: larger models are
-- asked for fewer (OPENAI_EMBEDDING_DIMENSIONS).

-- pgvector ----------------------------------------------------------------------------------------------
do $$
begin
  if not exists (select from pg_extension where extname = 'vector')
     and exists (select from pg_available_extensions where name = 'vector') then
    begin
      if exists (select from pg_namespace where nspname = 'extensions') then
        execute 'create extension if not exists vector with schema extensions';
      else
        execute 'create extension if not exists vector';
      end if;
    exception when others then
      raise notice 'semantic search: pgvector could not be created here (%), searches will say so', sqlerrm;
    end;
  end if;
end $$;

-- Passages and their vectors ----------------------------------------------------------------------------
create table public.embeddings (
  id bigint generated always as identity primary key,
  team_id uuid not null references public.teams (id) on delete cascade,
  record_kind text not null check (record_kind in ('contact', 'company', 'deal', 'note', 'message')),
  record_id uuid not null,
  -- a long note is cut into passages; 0 is the first
  chunk smallint not null check (chunk >= 0),
  passage text not null check (length(passage) <= 4000),
  -- sha-256 of the record's whole embedded text: unchanged text is never embedded again
  content_hash text not null,
  -- provider and model that made the vector ("lexical-v1", "text-embedding-3-small")
  model text not null check (length(model) between 1 and 200),
  dims smallint not null check (dims between 1 and 2000),
  created_at timestamptz not null default now(),
  unique (record_kind, record_id, model, chunk)
);
create index embeddings_team_record_idx on public.embeddings (team_id, record_kind, record_id);
comment on table public.embeddings is
  'Passages of a team''s records, notes and messages with their embedding vectors; written only by the embeddings-refresh job, seen under the source row''s own visibility.';
comment on column public.embeddings.dims is 'Size of embedding; each supported size has its own partial HNSW index.';

do $$
begin
  if to_regtype('vector') is null then
    raise notice 'semantic search: no pgvector type, public.embeddings has no vector column';
    return;
  end if;
  execute 'alter table public.embeddings add column embedding vector not null';
  execute 'alter table public.embeddings add constraint embeddings_dims_match check (vector_dims(embedding) = dims)';
  -- one partial index per supported size (see the header); pgvector before 0.5 has no HNSW: exact scans then
  if not exists (select from pg_am where amname = 'hnsw') then
    raise notice 'semantic search: this pgvector has no HNSW, searches scan every passage';
    return;
  end if;
  execute 'create index embeddings_hnsw_256 on public.embeddings using hnsw ((embedding::vector(256)) vector_cosine_ops) where dims = 256';
  execute 'create index embeddings_hnsw_384 on public.embeddings using hnsw ((embedding::vector(384)) vector_cosine_ops) where dims = 384';
  execute 'create index embeddings_hnsw_512 on public.embeddings using hnsw ((embedding::vector(512)) vector_cosine_ops) where dims = 512';
  execute 'create index embeddings_hnsw_768 on public.embeddings using hnsw ((embedding::vector(768)) vector_cosine_ops) where dims = 768';
  execute 'create index embeddings_hnsw_1024 on public.embeddings using hnsw ((embedding::vector(1024)) vector_cosine_ops) where dims = 1024';
  execute 'create index embeddings_hnsw_1536 on public.embeddings using hnsw ((embedding::vector(1536)) vector_cosine_ops) where dims = 1536';
end $$;

-- Records waiting to be embedded (again) ----------------------------------------------------------------
create table public.embedding_queue (
  record_kind text not null check (record_kind in ('contact', 'company', 'deal', 'note', 'message')),
  record_id uuid not null,
  team_id uuid not null references public.teams (id) on delete cascade,
  queued_at timestamptz not null default now(),
  primary key (record_kind, record_id)
);
create index embedding_queue_queued_idx on public.embedding_queue (queued_at);
comment on table public.embedding_queue is
  'Records whose text changed since they were embedded; filled by triggers, emptied by the embeddings-refresh job.';

-- Which models have had every existing record queued once (the backfill)
create table public.embedding_backfills (
  model text primary key,
  queued_at timestamptz not null default now()
);
comment on table public.embedding_backfills is 'Models for which all existing records were queued for embedding once.';

-- Triggers: every change of a source row queues it ------------------------------------------------------
-- Statement-level with transition tables, so a 100k-row import queues its rows in one insert.
create function app.queue_embedding_refresh() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.embedding_queue (record_kind, record_id, team_id)
  select tg_argv[0], r.id, r.team_id from changed_rows r
  -- Rows deleted because their team is being deleted queue nothing (their embeddings go with the team).
  where exists (select 1 from public.teams t where t.id = r.team_id)
  on conflict (record_kind, record_id) do update set queued_at = excluded.queued_at;
  return null;
end $$;
comment on function app.queue_embedding_refresh() is
  'Queues the changed rows of a searchable table (kind in the trigger argument) for the embeddings-refresh job.';

do $$
declare
  source record;
begin
  for source in select * from (values
    ('contacts', 'contact'), ('companies', 'company'), ('deals', 'deal'), ('notes', 'note'), ('messages', 'message')
  ) as s (tbl, kind) loop
    execute format(
      'create trigger %1$s_embed_insert after insert on public.%1$I referencing new table as changed_rows
         for each statement execute function app.queue_embedding_refresh(%2$L)', source.tbl, source.kind);
    execute format(
      'create trigger %1$s_embed_update after update on public.%1$I referencing new table as changed_rows
         for each statement execute function app.queue_embedding_refresh(%2$L)', source.tbl, source.kind);
    execute format(
      'create trigger %1$s_embed_delete after delete on public.%1$I referencing old table as changed_rows
         for each statement execute function app.queue_embedding_refresh(%2$L)', source.tbl, source.kind);
  end loop;
end $$;

-- Row-level security ------------------------------------------------------------------------------------
alter table public.embeddings enable row level security;
alter table public.embedding_queue enable row level security;
alter table public.embedding_backfills enable row level security;

-- A passage is visible when its source row is. Contacts, companies and deals are visible to every member of
-- their team, which the team check says. Notes and messages have visibility of their own: the EXISTS runs under
-- the notes' and messages' own policies, so a private note, a note shared with other people or a channel one is
-- not in never matches. (embeddings.record_id is qualified: notes have a record_id column of their own.) The
-- search reads every hit's title under the source table's policies once more, so a record hidden by a stricter
-- policy later still never shows.
create policy "Members see passages of the records, notes and messages they may see" on public.embeddings
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (
      record_kind in ('contact', 'company', 'deal')
      or (record_kind = 'note' and exists (select from public.notes s where s.id = embeddings.record_id))
      or (record_kind = 'message' and exists (select from public.messages s where s.id = embeddings.record_id))
    )
  );

-- Only the embeddings-refresh job (service role) writes these; the queue and backfill list are not readable.
revoke insert, update, delete, truncate on public.embeddings from anon, authenticated;
revoke all on public.embedding_queue, public.embedding_backfills from anon, authenticated;
revoke all on public.embeddings from anon;
