-- Reverts 0001_initial: children before parents so that no foreign key is left dangling.
-- Dropping a table drops its indexes and triggers with it.
DROP TABLE usage_records;
DROP TABLE session_events;
DROP TABLE transcript_entries;
DROP TABLE invitations;
DROP TABLE interview_sessions;
DROP TABLE candidates;
DROP TABLE positions;
DROP TABLE api_keys;
DROP TABLE tenants;
