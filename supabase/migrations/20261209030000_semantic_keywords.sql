-- Semantic search, keyword half: every passage's words as a Postgres full-text vector, so "Ask" can fuse the
-- nearest passages by vector (HNSW) with the passages that share the question's rarer words (GIN). HNSW walks
-- sparse lexical vectors badly at scale (most passages share no word with a question, so the graph has no
-- gradient towards the few that do); an inverted index finds exactly those.
--
-- 'english' stems word forms ("warehouses" ~ "warehouse", "recruiting" ~ "recruiters"). The first segment of
-- a record's first passage (before " · ": a contact's name, title and company, a company's name and industry, a
-- note's title) gets weight A, so a question matching a name or title ranks above one matching a body.
-- A generated column needs no change to the refresh job and covers the existing passages at once.
alter table public.embeddings add column lexemes tsvector generated always as (
  case when chunk = 0
    then setweight(to_tsvector('english'::regconfig, split_part(passage, ' · ', 1)), 'A')
      || to_tsvector('english'::regconfig, substr(passage, length(split_part(passage, ' · ', 1)) + 1))
    else to_tsvector('english'::regconfig, passage)
  end
) stored;
create index embeddings_lexemes_idx on public.embeddings using gin (lexemes);
comment on column public.embeddings.lexemes is
  'The passage''s words (english stems; a record''s name or title weighted A), for the keyword half of Ask.';

-- Under row-level security Postgres never uses an index for a condition whose operator is not leakproof, and
-- tsvector @@ tsquery is not (only a superuser could mark it so): as the user, a keyword match would read every
-- passage of the team. So the keyword half runs in this function, with the owner's rights, and applies the
-- passages' visibility rule itself with the same helpers as the policy on public.embeddings (the caller's teams;
-- a note they may view; a channel they read): it returns only passages the caller could select anyway, and the
-- search reads every hit's title under the source table's policies once more. The visibility conditions are
-- written so no index serves them (`is true`, array_position, a case): only the GIN index can drive the scan,
-- which keeps it fast without planner statistics (PGlite never gathers any).
--
-- Scoring: each query (a word of the question, or its thesaurus group, at its weight) fetches at most p_cap
-- visible passages; a query matching fewer is rarer and worth more (ln(1 + p_cap / matches), a bounded IDF that
-- never counts past the cap, so a common word costs little). A passage sums the worth of the queries it matches,
-- double where the word is in the record's name or title (weight A); ties go to the nearer vector.
-- Created only where pgvector is (it returns the vector distance); without it Ask answers 503 anyway.
-- Its search_path is pgvector's schema (public on PGlite, extensions on Supabase), for the vector type and <=>.
do $do$
declare
  vector_schema name;
begin
  if to_regtype('vector') is null then
    raise notice 'semantic search: no pgvector type, no keyword half either';
    return;
  end if;
  select n.nspname into vector_schema
    from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
   where t.oid = to_regtype('vector');
  execute format($fn$
create function app.keyword_passages(
  p_queries tsquery[], p_weights float8[], p_model text, p_dims integer, p_kinds text[], p_vector text,
  p_cap integer, p_limit integer
) returns table (record_kind text, record_id uuid, passage text, distance float8, keyword_score float8)
language sql stable security definer set search_path = %I as $$
  with queries as materialized (
    select g.ord::integer as ord, g.q, coalesce(p_weights[g.ord], 1) as weight
      from unnest(p_queries) with ordinality as g(q, ord)
     where numnode(g.q) > 0
  ),
  found as materialized (
    select q.ord, h.id
      from queries q cross join lateral (
        select e.id from public.embeddings e
         where e.lexemes @@ q.q
           and (e.team_id = any (array(select app.my_team_ids()))) is true
           and (e.model = p_model and e.dims = p_dims) is true
           and array_position(p_kinds, e.record_kind) > 0
           and case e.record_kind
                 when 'note' then exists (
                   select from public.notes s where s.id = e.record_id
                     and s.team_id = any (array(select app.my_team_ids()))
                     and (s.owner_id = (select auth.uid()) or app.note_can_view(s.id)))
                 when 'message' then exists (
                   select from public.messages s where s.id = e.record_id
                     and s.channel_id = any (array(select app.my_channel_ids())))
                 else true
               end
         limit least(greatest(p_cap, 1), 1000)
      ) h
  ),
  rarity as materialized (
    select q.ord, q.q, q.weight * ln(1 + least(greatest(p_cap, 1), 1000)::float8 / count(*)) as worth
      from found f join queries q on q.ord = f.ord group by q.ord, q.q, q.weight
  )
  select e.record_kind, e.record_id, e.passage, (e.embedding <=> p_vector::vector)::float8,
         (select sum(r.worth * case when ts_filter(e.lexemes, '{a}') @@ r.q then 2 else 1 end)
            from rarity r where e.lexemes @@ r.q)::float8 as keyword_score
    from public.embeddings e
   where e.id = any (array(select distinct f.id from found f))
   order by keyword_score desc, 4
   limit least(greatest(p_limit, 0), 200)
$$
  $fn$, vector_schema);
  execute 'comment on function app.keyword_passages(tsquery[], float8[], text, integer, text[], text, integer, integer) is '
    || quote_literal('The passages the caller may see sharing words with a question, best first (the keyword half of Ask).');
  execute 'revoke all on function app.keyword_passages(tsquery[], float8[], text, integer, text[], text, integer, integer) from public, anon';
  execute 'grant execute on function app.keyword_passages(tsquery[], float8[], text, integer, text[], text, integer, integer) to authenticated';
end $do$;
