-- Reverts 0001_initial: children before parents so that no foreign key is left dangling.
-- Dropping a table drops its indexes, triggers and policies with it.
DROP FUNCTION find_api_key_by_hash(text);
DROP FUNCTION find_invitation_by_hash(text);
DROP TABLE usage_records;
DROP TABLE session_events;
DROP FUNCTION session_events_append_only();
DROP TABLE transcript_entries;
DROP TABLE invitations;
DROP TABLE interview_sessions;
DROP TABLE candidates;
DROP TABLE positions;
DROP TABLE api_keys;
DROP TABLE tenants;
DROP FUNCTION current_tenant_id();
