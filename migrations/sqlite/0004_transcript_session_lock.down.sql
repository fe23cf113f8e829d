-- Reverts 0004_transcript_session_lock: nothing changed on SQLite.
SELECT 1;
