-- The embedded database never gathers statistics on its own (hosted Postgres's autovacuum does): without them
-- the planner takes "deleted_at is not null" for nearly every deal and reads them all instead of the small
-- partial index of deleted deals that deal velocity's anti-join needs (20261210040000).
analyze public.deals;
