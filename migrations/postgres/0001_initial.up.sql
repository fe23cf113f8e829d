-- The initial schema, as migrations/sqlite/0001 but for PostgreSQL. Times are Unix milliseconds;
-- tenant ids are uuid (the row-level security policies compare them), other ids UUID text.
--
-- Run by the owner role (database_migration_url), which owns every object. The service
-- (database_url) connects as a member of the role interviewd_service, which owns nothing, does not
-- bypass row-level security, and gets only the privileges granted here. The role must exist
-- before migrating (docs/operations.md).
--
-- Tenant isolation is enforced twice: every query of the service filters by tenant_id, and every
-- tenant-owned table has row-level security (ENABLE and FORCE, so even the owner is subject to
-- it) with one policy comparing tenant_id with the transaction's app.tenant_id, which the
-- service sets with set_config('app.tenant_id', $1, true). With no tenant set, NULLIF turns the
-- empty setting into NULL and no row matches. References between tenant-owned rows go through
-- composite keys (tenant_id, id). Indexes lead with tenant_id.

CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- The directory of tenants is administration data, read before any tenant is known (the CLI
-- lists tenants); it holds no interview data, so it has no row-level security.
CREATE TABLE tenants (
  id uuid NOT NULL PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL,
  -- Breaks ties in creation order, where a random id would not.
  created_seq bigint GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE api_keys (
  id text NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, revoked_at);

CREATE TABLE positions (
  id text NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL,
  description text NOT NULL,
  -- Ordered questions as a JSON array of strings: always read and written as a whole.
  questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(questions) = 'array'),
  created_at bigint NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE INDEX positions_tenant_created ON positions (tenant_id, created_at DESC, id DESC);

CREATE TABLE candidates (
  id text NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  email text NOT NULL,
  resume_text text,
  created_at bigint NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE INDEX candidates_tenant_created ON candidates (tenant_id, created_at DESC, id DESC);

CREATE TABLE interview_sessions (
  id text NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  position_id text NOT NULL,
  candidate_id text NOT NULL,
  status text NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'in_progress', 'completed', 'failed', 'cancelled')),
  provider text NOT NULL,
  call_id text,
  max_duration_seconds integer NOT NULL CHECK (max_duration_seconds > 0),
  started_at bigint,
  ended_at bigint,
  failure_code text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, position_id) REFERENCES positions (tenant_id, id),
  FOREIGN KEY (tenant_id, candidate_id) REFERENCES candidates (tenant_id, id),
  CHECK (status <> 'in_progress' OR started_at IS NOT NULL),
  CHECK (status IN ('scheduled', 'in_progress') OR ended_at IS NOT NULL),
  CHECK (failure_code IS NULL OR status = 'failed')
);
CREATE INDEX interview_sessions_tenant_created ON interview_sessions (tenant_id, created_at DESC, id DESC);
CREATE INDEX interview_sessions_tenant_status_created
  ON interview_sessions (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX interview_sessions_tenant_position ON interview_sessions (tenant_id, position_id);
CREATE INDEX interview_sessions_tenant_candidate ON interview_sessions (tenant_id, candidate_id);

CREATE TABLE invitations (
  id text NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at bigint NOT NULL,
  used_at bigint,
  created_at bigint NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
);
CREATE INDEX invitations_tenant_session ON invitations (tenant_id, session_id, created_at DESC);

CREATE TABLE transcript_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id text NOT NULL,
  seq bigint NOT NULL CHECK (seq >= 0),
  -- The provider's conversation item id: server capture and client posts of the same
  -- utterance meet on it, which makes both idempotent.
  item_id text NOT NULL,
  speaker text NOT NULL CHECK (speaker IN ('interviewer', 'candidate', 'system')),
  text text NOT NULL,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL,
  confidence double precision CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  final boolean NOT NULL DEFAULT true,
  source text NOT NULL CHECK (source IN ('client', 'server')),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  UNIQUE (session_id, seq),
  UNIQUE (session_id, item_id),
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
);
CREATE INDEX transcript_entries_tenant_session_seq ON transcript_entries (tenant_id, session_id, seq);

CREATE TABLE session_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id text NOT NULL,
  type text NOT NULL,
  code text,
  message text NOT NULL DEFAULT '',
  data jsonb NOT NULL DEFAULT '{}',
  created_at bigint NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
);
CREATE INDEX session_events_tenant_session ON session_events (tenant_id, session_id, id);

-- The event log is evidence of what happened to a session; nothing may rewrite it, not even the
-- owner (the service is not granted UPDATE or DELETE on it either).
CREATE FUNCTION session_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN RAISE EXCEPTION 'session_events is append-only'; END $$;
CREATE TRIGGER session_events_no_change BEFORE UPDATE OR DELETE ON session_events
  FOR EACH ROW EXECUTE FUNCTION session_events_append_only();

CREATE TABLE usage_records (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  session_id text NOT NULL,
  provider text NOT NULL,
  model text NOT NULL,
  input_text_tokens bigint NOT NULL DEFAULT 0 CHECK (input_text_tokens >= 0),
  input_audio_tokens bigint NOT NULL DEFAULT 0 CHECK (input_audio_tokens >= 0),
  output_text_tokens bigint NOT NULL DEFAULT 0 CHECK (output_text_tokens >= 0),
  output_audio_tokens bigint NOT NULL DEFAULT 0 CHECK (output_audio_tokens >= 0),
  total_tokens bigint NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
  created_at bigint NOT NULL,
  FOREIGN KEY (tenant_id, session_id) REFERENCES interview_sessions (tenant_id, id)
);
CREATE INDEX usage_records_tenant_session ON usage_records (tenant_id, session_id, id);

-- Row-level security on every tenant-owned table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_keys', 'positions', 'candidates', 'interview_sessions', 'invitations',
                           'transcript_entries', 'session_events', 'usage_records'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- An API key and an invitation are found by the hash of their secret before the tenant is known.
-- These two functions are the only way the service can do that: they run as the owner, which
-- alone has a policy reading every row of the two tables, and return the one row matching the
-- hash.
CREATE POLICY owner_lookup ON api_keys FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY owner_lookup ON invitations FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION find_api_key_by_hash(hash text)
  RETURNS TABLE (id text, tenant_id uuid, key_hash text, prefix text, created_at bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
  AS $$
    SELECT k.id, k.tenant_id, k.key_hash, k.prefix, k.created_at FROM api_keys k
    WHERE k.key_hash = hash AND k.revoked_at IS NULL
  $$;

CREATE FUNCTION find_invitation_by_hash(hash text)
  RETURNS TABLE (id text, tenant_id uuid, session_id text, token_hash text, expires_at bigint,
                 used_at bigint, created_at bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
  AS $$
    SELECT i.id, i.tenant_id, i.session_id, i.token_hash, i.expires_at, i.used_at, i.created_at
    FROM invitations i WHERE i.token_hash = hash
  $$;

REVOKE ALL ON FUNCTION find_api_key_by_hash(text), find_invitation_by_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key_by_hash(text), find_invitation_by_hash(text) TO interviewd_service;

-- What the service may do: nothing is deleted, and the event log is only appended to.
GRANT SELECT, INSERT ON tenants TO interviewd_service;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON api_keys, positions, candidates, interview_sessions, invitations, transcript_entries, usage_records
  TO interviewd_service;
GRANT SELECT, INSERT ON session_events TO interviewd_service;
