-- The initial schema. Times are Unix milliseconds, ids are UUID text.
--
-- Tenant isolation is structural: every tenant-owned table carries tenant_id, and references
-- between tenant-owned rows go through composite keys (tenant_id, id), so a row can only ever
-- point at a row of its own tenant. Indexes lead with tenant_id because every query filters by it.
--
-- STRICT tables make SQLite reject values of the wrong type instead of silently storing them.

CREATE TABLE tenants (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, revoked_at);

CREATE TABLE positions (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  -- Ordered questions as a JSON array of strings: always read and written as a whole.
  questions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(questions) AND json_type(questions) = 'array'),
  created_at INTEGER NOT NULL,
  UNIQUE (tenant_id, id)
) STRICT;
CREATE INDEX positions_tenant_created ON positions (tenant_id, created_at DESC, id DESC);

CREATE TABLE candidates (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  resume_text TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (tenant_id, id)
) STRICT;
CREATE INDEX candidates_tenant_created ON candidates (tenant_id, created_at DESC, id DESC);

CREATE TABLE interview_sessions (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  position_id TEXT NOT NULL,
  candidate_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'in_progress', 'completed', 'failed', 'cancelled')),
  provider TEXT NOT NULL,
  call_id TEXT,
  max_duration_seconds INTEGER NOT NULL CHECK (max_duration_seconds > 0),
  started_at INTEGER,
  ended_at INTEGER,
  failure_code TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, position_id) REFERENCES positions (tenant_id, id),
  FOREIGN KEY (tenant_id, candidate_id) REFERENCES candidates (tenant_id, id),
  CHECK (status <> 'in_progress' OR started_at IS NOT NULL),
  CHECK (status IN ('scheduled', 'in_progress') OR ended_at IS NOT NULL),
  CHECK (failure_code IS NULL OR status = 'failed')
) STRICT;
CREATE INDEX interview_sessions_tenant_created ON interview_sessions (tenant_id, created_at DESC, id DESC);
CREATE INDEX interview_sessions_tenant_status_created
  ON interview_sessions (tenant_id, status, created_at DESC, id DESC);
-- Foreign-key checks on the parent side look children up by these.
CREATE INDEX interview_sessions_tenant_position ON interview_sessions (tenant_id, position_id);
CREATE INDEX interview_sessions_tenant_candidate ON interview_sessions (tenant_id, candidate_id);

CREATE TABLE invitations (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  session_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
) STRICT;
CREATE INDEX invitations_tenant_session ON invitations (tenant_id, session_id, created_at DESC);

CREATE TABLE transcript_entries (
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 0),
  -- The provider's conversation item id: server capture and client posts of the same
  -- utterance meet on it, which makes both idempotent.
  item_id TEXT NOT NULL,
  speaker TEXT NOT NULL CHECK (speaker IN ('interviewer', 'candidate', 'system')),
  text TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  final INTEGER NOT NULL DEFAULT 1 CHECK (final IN (0, 1)),
  source TEXT NOT NULL CHECK (source IN ('client', 'server')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (session_id, seq),
  UNIQUE (session_id, item_id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
) STRICT;
CREATE INDEX transcript_entries_tenant_session_seq ON transcript_entries (tenant_id, session_id, seq);

CREATE TABLE session_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  session_id TEXT NOT NULL,
  type TEXT NOT NULL,
  code TEXT,
  message TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  created_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
) STRICT;
CREATE INDEX session_events_tenant_session ON session_events (tenant_id, session_id, id);

-- The event log is evidence of what happened to a session; nothing may rewrite it.
CREATE TRIGGER session_events_no_update BEFORE UPDATE ON session_events
BEGIN
  SELECT RAISE(ABORT, 'session_events is append-only');
END;
CREATE TRIGGER session_events_no_delete BEFORE DELETE ON session_events
BEGIN
  SELECT RAISE(ABORT, 'session_events is append-only');
END;

CREATE TABLE usage_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  session_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  input_text_tokens INTEGER NOT NULL DEFAULT 0 CHECK (input_text_tokens >= 0),
  input_audio_tokens INTEGER NOT NULL DEFAULT 0 CHECK (input_audio_tokens >= 0),
  output_text_tokens INTEGER NOT NULL DEFAULT 0 CHECK (output_text_tokens >= 0),
  output_audio_tokens INTEGER NOT NULL DEFAULT 0 CHECK (output_audio_tokens >= 0),
  total_tokens INTEGER NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
  created_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
) STRICT;
CREATE INDEX usage_records_tenant_session ON usage_records (tenant_id, session_id, id);
