-- The events the windows count, per topic: the records whose event_type header names the topic's
-- schema and whose timestamp is one (values that are not a JSON object never get here: the json
-- format skips them). Everything else is a dead letter: dead_letters.sql applies the same rules
-- from the other side. The bad records are left out here, before deduplication: a malformed copy
-- of an event can arrive before the event itself (when that one is late) and must not be kept as
-- its first copy.

CREATE TEMPORARY VIEW chat_events AS
SELECT message_id AS id, channel, username, bits, event_time, proc_time
FROM chat
WHERE CAST(headers['event_type'] AS STRING) = 'chat_message' AND event_time IS NOT NULL;

CREATE TEMPORARY VIEW viewer_events AS
SELECT event_id AS id, channel, viewer_count, event_time, proc_time
FROM viewer
WHERE CAST(headers['event_type'] AS STRING) = 'viewer_count' AND event_time IS NOT NULL;

CREATE TEMPORARY VIEW transaction_events AS
SELECT transaction_id AS id, channel, amount, event_time, proc_time
FROM transactions
WHERE CAST(headers['event_type'] AS STRING) = 'transaction' AND event_time IS NOT NULL;

CREATE TEMPORARY VIEW stream_meta_events AS
SELECT event_id AS id, channel, event_time, proc_time
FROM stream_meta
WHERE CAST(headers['event_type'] AS STRING) = 'stream_meta' AND event_time IS NOT NULL;
