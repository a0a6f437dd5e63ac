-- No deduplication (--dedup none): every copy of an event is counted, as a job that trusts its
-- producer to send each event once would count it.

CREATE TEMPORARY VIEW chat_kept AS
SELECT id, channel, username, bits, event_time FROM chat_events;

CREATE TEMPORARY VIEW viewer_kept AS
SELECT id, channel, viewer_count, event_time FROM viewer_events;

CREATE TEMPORARY VIEW transaction_kept AS
SELECT id, channel, amount, event_time FROM transaction_events;

CREATE TEMPORARY VIEW stream_meta_kept AS
SELECT id, channel, event_time FROM stream_meta_events;
