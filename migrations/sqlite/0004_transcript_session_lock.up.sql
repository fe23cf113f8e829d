-- Changes PostgreSQL's schema and privileges only (see migrations/postgres/0004). SQLite keeps the
-- foreign key of transcript entries to their session: it is checked in-process against the
-- session's primary key, cheap beside the rest of an insert, and dropping it would mean rebuilding
-- the table. The version exists here too so that both databases carry the same versions.
SELECT 1;
