-- Supabase Realtime for supabase-js users: on a hosted project, Leadly's record tables join the
-- `supabase_realtime` publication, so `supabase.channel().on('postgres_changes', …)` streams their changes,
-- filtered by the same RLS policies as every query. Where the publication does not exist (the embedded
-- database, plain Postgres) this does nothing; Leadly's own socket.io does not read it.
do $$
declare
  record_table text;
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    return;
  end if;
  foreach record_table in array array['companies', 'contacts', 'leads', 'deals', 'tasks', 'activities'] loop
    if to_regclass('public.' || record_table) is not null and not exists (
      select from pg_publication_tables
      where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = record_table
    ) then
      execute format('alter publication supabase_realtime add table public.%I', record_table);
    end if;
  end loop;
end $$;
