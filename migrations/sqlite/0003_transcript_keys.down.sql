-- Reverts 0003_transcript_keys: nothing changed on SQLite.
SELECT 1;
