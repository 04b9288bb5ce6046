-- Search finds people by the parts of their email address and companies by the parts of their domain.
--
-- The 'simple' text search parser keeps "jane@acme.com" (and the host "acme.com") as one token, so the
-- stored search vectors held only the whole address: typing "acme" found neither Jane nor Acme's
-- domain. The vectors now also hold the address split at @ . _ + - ("jane acme com"), at a low weight
-- so a name still ranks first. They stay generated columns with their GIN index, so list search and
-- global search remain one index scan. Generated expressions cannot be changed in place on every
-- Postgres a hosted project may run, so each column is dropped and added again (its index with it).

-- Contacts ----------------------------------------------------------------------------------------
drop index if exists public.contacts_search_idx;
alter table public.contacts drop column search;
alter table public.contacts add column search tsvector generated always as (
  setweight(to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(email, '') || ' ' || coalesce(job_title, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(city, '') || ' ' || coalesce(industry, '')), 'C') ||
  setweight(to_tsvector('simple', translate(coalesce(email, ''), '@._+-', '     ')), 'C')
) stored;
create index contacts_search_idx on public.contacts using gin (search);
comment on column public.contacts.search is
  'Names (A), email and job title (B), city, industry and the email split at @ . _ + - (C), for search.';

-- Leads -------------------------------------------------------------------------------------------
drop index if exists public.leads_search_idx;
alter table public.leads drop column search;
alter table public.leads add column search tsvector generated always as (
  setweight(to_tsvector('simple', coalesce(business_name, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(contact_name, '') || ' ' || coalesce(email, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(industry, '') || ' ' || coalesce(city, '') || ' ' || coalesce(country, '')), 'C') ||
  setweight(to_tsvector('simple', translate(coalesce(email, ''), '@._+-', '     ')), 'C')
) stored;
create index leads_search_idx on public.leads using gin (search);
comment on column public.leads.search is
  'Business (A), contact and email (B), place, industry and the email split at @ . _ + - (C), for search.';

-- Companies ---------------------------------------------------------------------------------------
drop index if exists public.companies_search_idx;
alter table public.companies drop column search;
alter table public.companies add column search tsvector generated always as (
  setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(domain, '') || ' ' || coalesce(industry, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(city, '') || ' ' || coalesce(country, '')), 'C') ||
  setweight(to_tsvector('simple', translate(coalesce(domain, ''), '.-', '  ')), 'C')
) stored;
create index companies_search_idx on public.companies using gin (search);
comment on column public.companies.search is
  'Name (A), domain and industry (B), place and the domain split at . - (C), for search.';
