-- Semantic search, keyword half, second version: word forms in seven languages, one definition of which
-- passages a person may see, and a cheaper probe.
--
-- 1. Languages. Records, notes and messages are written in English, German, French, Spanish, Portuguese,
--    Italian and Dutch. Every passage's words are stemmed in English (as before); a note's or message's
--    words are stemmed in its own language too when that is one of the six others, so "Lagerhaus" finds
--    "Lagerhäuser" and "réunion" finds "réunions". The language is detected per passage, cheaply and in SQL:
--    the configuration whose Postgres stopword list leaves the fewest words (English on a tie). Records
--    (names, titles, places) are not worth detecting and stay exactly as cheap to write as before. A
--    question's words are stemmed in all seven languages (app.question_tsquery): a question is too short to
--    tell its language, and a word matches only passages carrying the same stem.
-- 2. Visibility. app.passage_source_visible is the one rule for the notes and messages behind passages
--    (a note the caller may view, a message of a channel they read); the policy on public.embeddings and
--    app.keyword_passages (which must run with the owner's rights: see …030000_semantic_keywords) both use
--    it, beside the same team check. The search also reads every keyword hit again as the user, under that
--    policy.
-- 3. Speed. app.keyword_passages is plpgsql now, so its plan is kept for the session (a sql function's is
--    made again on every call); the question's vector is parsed once per call, not once per candidate passage.
--
-- The lexemes column is generated: it is dropped and added again (its GIN index with it), which recomputes
-- every stored passage's words once; the refresh job needs no change.

-- Language ------------------------------------------------------------------------------------------------
-- These immutable functions have no search_path of their own (every name is schema-qualified): a SET clause
-- re-plans their statements on every call, which made writing a passage several times slower.
create function app.passage_language(p_text text) returns regconfig
language plpgsql immutable parallel safe as $$
declare
  best pg_catalog.regconfig := 'english';
  fewest integer := pg_catalog.length(pg_catalog.to_tsvector('english', p_text));
  cfg pg_catalog.regconfig;
  kept integer;
begin
  -- fewest words left after the stopwords (distinct lexemes: stemming merges a few forms too)
  foreach cfg in array '{german,french,spanish,portuguese,italian,dutch}'::pg_catalog.regconfig[] loop
    kept := pg_catalog.length(pg_catalog.to_tsvector(cfg, p_text));
    if kept < fewest then
      best := cfg;
      fewest := kept;
    end if;
  end loop;
  return best;
end
$$;
comment on function app.passage_language(text) is
  'The text search configuration of a passage''s language: the one of seven whose stopwords leave the fewest words (english on a tie).';

-- A note's or message's words in its own language (when that is not English), the first segment of a note's
-- first passage (its title) weighted A; the column below adds the English stems of every passage.
create function app.passage_own_language_lexemes(p_chunk smallint, p_passage text) returns tsvector
language plpgsql immutable parallel safe as $$
declare
  lang pg_catalog.regconfig := app.passage_language(p_passage);
  head text := '';
  body text := p_passage;
begin
  if lang = 'english'::pg_catalog.regconfig then
    return ''::pg_catalog.tsvector;
  end if;
  if p_chunk = 0 then
    head := pg_catalog.split_part(p_passage, ' · ', 1);
    body := pg_catalog.substr(p_passage, pg_catalog.length(head) + 1);
  end if;
  return pg_catalog.setweight(pg_catalog.to_tsvector(lang, head), 'A') || pg_catalog.to_tsvector(lang, body);
end
$$;
comment on function app.passage_own_language_lexemes(smallint, text) is
  'A passage''s words stemmed in its own language when that is German, French, Spanish, Portuguese, Italian or Dutch (none for English).';

-- A question's words in every one of the seven languages (a question is too short to tell which). No search_path
-- of its own either (every name qualified), so it is inlined where it is called.
create function app.question_tsquery(p_text text) returns tsquery
language sql immutable parallel safe as $$
  select pg_catalog.websearch_to_tsquery('english', f) || pg_catalog.websearch_to_tsquery('german', f)
      || pg_catalog.websearch_to_tsquery('french', f) || pg_catalog.websearch_to_tsquery('spanish', f)
      || pg_catalog.websearch_to_tsquery('portuguese', f) || pg_catalog.websearch_to_tsquery('italian', f)
      || pg_catalog.websearch_to_tsquery('dutch', f)
    from (select pg_catalog.lower(p_text) as f) as q
$$;
comment on function app.question_tsquery(text) is
  'A full-text query for the words of a question, stemmed in the seven languages Ask knows.';

alter table public.embeddings drop column lexemes;
-- English stems of every passage exactly as before (records stay that cheap to write), plus the own-language
-- stems of notes and messages, the free text worth telling the language of.
alter table public.embeddings add column lexemes tsvector generated always as (
  case when chunk = 0
    then setweight(to_tsvector('english'::regconfig, split_part(passage, ' · ', 1)), 'A')
      || to_tsvector('english'::regconfig, substr(passage, length(split_part(passage, ' · ', 1)) + 1))
    else to_tsvector('english'::regconfig, passage)
  end
  || case when record_kind in ('note', 'message') then app.passage_own_language_lexemes(chunk, passage)
          else ''::tsvector end
) stored;
create index embeddings_lexemes_idx on public.embeddings using gin (lexemes);
comment on column public.embeddings.lexemes is
  'The passage''s words (english stems, plus a note''s or message''s own language''s; a record''s name or title weighted A), for the keyword half of Ask.';

-- Who may see a passage's source -------------------------------------------------------------------------
-- Contacts, companies and deals are visible to every member of their team (the team check beside each use of
-- this function); a note when the caller owns it or may view it (the notes' own policy); a message when the
-- caller reads its channel (the messages' own policy).
create function app.passage_source_visible(p_kind text, p_record_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select case p_kind
    when 'note' then exists (
      select from public.notes s where s.id = p_record_id
         and s.team_id = any (array(select app.my_team_ids()))
         and (s.owner_id = (select auth.uid()) or app.note_can_view(s.id)))
    when 'message' then exists (
      select from public.messages s where s.id = p_record_id
         and s.channel_id = any (array(select app.my_channel_ids())))
    else p_kind in ('contact', 'company', 'deal')
  end
$$;
comment on function app.passage_source_visible(text, uuid) is
  'Whether the caller may see the record, note or message a passage comes from (its team checked beside it): the one rule of the embeddings policy and app.keyword_passages.';
revoke all on function app.passage_source_visible(text, uuid) from public, anon;
grant execute on function app.passage_source_visible(text, uuid) to authenticated;

drop policy "Members see passages of the records, notes and messages they may see" on public.embeddings;
create policy "Members see passages of the records, notes and messages they may see" on public.embeddings
  for select to authenticated using (
    team_id = any (array(select app.my_team_ids()))
    and (record_kind in ('contact', 'company', 'deal') or app.passage_source_visible(record_kind, record_id))
  );

-- The keyword half ----------------------------------------------------------------------------------------
-- As before (…030000_semantic_keywords): one GIN probe per keyword group, at most p_cap visible passages each,
-- a bounded IDF, double for a word in the record's name or title, ties to the nearer vector. Now the groups
-- come as words (stemmed in seven languages here), the visibility rule is app.passage_source_visible, the
-- question's vector is parsed once, and each hit's id is returned so the search can read it again as the user.
drop function if exists app.keyword_passages(tsquery[], float8[], text, integer, text[], text, integer, integer);
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
  p_words text[], p_weights float8[], p_model text, p_dims integer, p_kinds text[], p_vector text,
  p_cap integer, p_limit integer
) returns table (id bigint, record_kind text, record_id uuid, passage text, distance float8, keyword_score float8)
language plpgsql stable security definer set search_path = %I as $$
#variable_conflict use_column
begin
  -- plpgsql, not sql: its plan is kept for the session instead of being made again on every call
  return query
  with queries as materialized (
    select w.ord::integer as ord, app.question_tsquery(w.t) as q, coalesce(p_weights[w.ord], 1) as weight
      from unnest(p_words) with ordinality as w(t, ord)
  ),
  found as materialized (
    select q.ord, h.id
      from queries q cross join lateral (
        select e.id from public.embeddings e
         where e.lexemes @@ q.q
           and (e.team_id = any (array(select app.my_team_ids()))) is true
           and (e.model = p_model and e.dims = p_dims) is true
           and array_position(p_kinds, e.record_kind) > 0
           and (e.record_kind in ('contact', 'company', 'deal')
                or app.passage_source_visible(e.record_kind, e.record_id)) is true
         limit least(greatest(p_cap, 1), 1000)
      ) h
     where numnode(q.q) > 0
  ),
  rarity as materialized (
    select q.q, q.weight * ln(1 + least(greatest(p_cap, 1), 1000)::float8 / c.matches) as worth
      from (select f.ord, count(*) as matches from found f group by f.ord) c join queries q on q.ord = c.ord
  ),
  question as materialized (select p_vector::vector as v)
  select e.id, e.record_kind, e.record_id, e.passage, (e.embedding <=> (select v from question))::float8,
         (select sum(r.worth * case when ts_filter(e.lexemes, '{a}') @@ r.q then 2 else 1 end)
            from rarity r where e.lexemes @@ r.q)::float8
    from public.embeddings e
   where e.id = any (array(select distinct f.id from found f))
   order by 6 desc, 5
   limit least(greatest(p_limit, 0), 200);
end
$$
  $fn$, vector_schema);
  execute 'comment on function app.keyword_passages(text[], float8[], text, integer, text[], text, integer, integer) is '
    || quote_literal('The passages the caller may see sharing words with a question (stemmed in seven languages), best first: the keyword half of Ask.');
  execute 'revoke all on function app.keyword_passages(text[], float8[], text, integer, text[], text, integer, integer) from public, anon';
  execute 'grant execute on function app.keyword_passages(text[], float8[], text, integer, text[], text, integer, integer) to authenticated';
end $do$;
