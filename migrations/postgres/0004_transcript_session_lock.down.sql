-- Reverts 0004_transcript_session_lock. Adding the foreign key back checks every stored entry:
-- it fails, and nothing is reverted, if an entry's session is gone (which only the owner could
-- have done meanwhile).
REVOKE UPDATE (status, started_at, ended_at, failure_code, updated_at) ON interview_sessions
  FROM interviewd_service;
GRANT UPDATE, DELETE ON interview_sessions TO interviewd_service;
ALTER TABLE transcript_entries
  ADD CONSTRAINT transcript_entries_tenant_id_session_id_fkey
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id);
