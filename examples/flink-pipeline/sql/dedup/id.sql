-- Deduplication by event id (--dedup id, the default): of the records with the same id, only the
-- first to arrive is kept (Flink's deduplication: ROW_NUMBER() over the arrival order, = 1). The
-- result is append-only and keeps event_time as the rowtime, so the windows still work on it. Its
-- state is one entry per id, kept for the whole job; a job that keeps running would bound it
-- with 'table.exec.state.ttl' longer than the longest delay between two copies.

CREATE TEMPORARY VIEW chat_kept AS
SELECT id, channel, username, bits, event_time
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc_time) AS copy FROM chat_events)
WHERE copy = 1;

CREATE TEMPORARY VIEW viewer_kept AS
SELECT id, channel, viewer_count, event_time
FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc_time) AS copy FROM viewer_events)
WHERE copy = 1;

CREATE TEMPORARY VIEW transaction_kept AS
SELECT id, channel, amount, event_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc_time) AS copy
  FROM transaction_events)
WHERE copy = 1;

CREATE TEMPORARY VIEW stream_meta_kept AS
SELECT id, channel, event_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc_time) AS copy
  FROM stream_meta_events)
WHERE copy = 1;
