-- Transcript entries: the session's row lock instead of a per-row foreign key. The foreign key of
-- (tenant_id, session_id) to interview_sessions ran one query per inserted entry (an after-row
-- trigger), about a quarter of the database's CPU per entry when transcripts arrive in batches.
-- What it guaranteed still holds without it:
--
-- - an entry is written only in the transaction that first took its session's row lock
--   (`SELECT … FROM interview_sessions WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`,
--   src/store/postgres/postgres_transcripts.cpp): the session exists, is the same tenant's, and
--   can be neither deleted nor have its key changed before that transaction commits;
-- - afterwards, the service cannot delete a session or change its key either: it loses DELETE on
--   interview_sessions (no code path deletes one) and may update only the columns of the
--   session's life cycle, not id or tenant_id. Only the owner, which runs migrations, could;
-- - the entry's tenant_id is the transaction's tenant (the row-level security policy's WITH CHECK).
--
-- The other tables that reference a session (invitations, events, usage, summaries) keep their
-- foreign keys: one row per statement, where the check costs little.
ALTER TABLE transcript_entries DROP CONSTRAINT transcript_entries_tenant_id_session_id_fkey;
REVOKE UPDATE, DELETE ON interview_sessions FROM interviewd_service;
GRANT UPDATE (status, started_at, ended_at, failure_code, updated_at) ON interview_sessions
  TO interviewd_service;
