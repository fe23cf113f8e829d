-- Reverts 0003_transcript_keys. Session ids are unique across tenants, so the narrower keys hold
-- for every row the wider ones allowed.
ALTER TABLE transcript_entries
  DROP CONSTRAINT transcript_entries_tenant_session_item_key,
  DROP CONSTRAINT transcript_entries_tenant_session_seq_key;
ALTER TABLE transcript_entries
  ADD CONSTRAINT transcript_entries_session_id_item_id_key UNIQUE (session_id, item_id),
  ADD CONSTRAINT transcript_entries_session_id_seq_key UNIQUE (session_id, seq),
  ADD CONSTRAINT transcript_entries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id);
CREATE INDEX transcript_entries_tenant_session_seq ON transcript_entries (tenant_id, session_id, seq);
