-- A session's summary, computed when it ends (src/transcripts/summary.hpp), as in
-- migrations/sqlite/0002: one JSON document per session; recomputing replaces it.
CREATE TABLE session_summaries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id text NOT NULL,
  summary jsonb NOT NULL,
  computed_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, session_id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
);
ALTER TABLE session_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON session_summaries
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON session_summaries TO interviewd_service;
