-- A session's summary, computed when it ends (src/transcripts/summary.hpp). The figures are one
-- JSON document, as served: their definitions can change (the document carries its version)
-- without a schema change. One row per session; recomputing replaces it.
CREATE TABLE session_summaries (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  session_id TEXT NOT NULL,
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, session_id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
) STRICT;
