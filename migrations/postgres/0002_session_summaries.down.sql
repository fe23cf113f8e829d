-- Reverts 0002_session_summaries. The summaries can be computed again from the transcripts.
DROP TABLE session_summaries;
