-- Deal velocity (the "deal stages" report source) leaves out the stays of deleted deals with one hashed anti-join
-- against them; this small partial index finds the deleted deals without reading every deal.
create index if not exists deals_deleted_idx on public.deals (id) where deleted_at is not null;
