-- Changes PostgreSQL's keys of transcript entries only (see migrations/postgres/0003); SQLite
-- would have to rebuild the table for it. The version exists here too so that both databases
-- carry the same versions.
SELECT 1;
