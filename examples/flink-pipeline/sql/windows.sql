-- The answers: per channel and 1-minute tumbling window of event time, what happened in it.
--
-- Each topic is windowed on its own first, so each window operator sees only its own topic's
-- watermark: windowed together after a UNION, every topic would wait for the slowest one (an
-- operator's watermark is the minimum of its inputs'), and whether a late event is dropped would
-- depend on the other topics. The per-topic rows are then put side by side in a second window over
-- their window_time: a row of window W leaves its topic's window before that topic's watermark
-- passes W, so the second window never drops one.
--
-- viewer_avg averages viewer_count as a DECIMAL: AVG over the INT column itself would be an INT,
-- the average truncated (variants/integer-viewer-avg.sql is that mistake).

CREATE TEMPORARY VIEW chat_windows AS
SELECT window_time AS rowtime, channel, COUNT(*) AS chat_messages,
       COUNT(DISTINCT username) AS unique_chatters, SUM(bits) AS chat_bits
FROM TABLE(TUMBLE(TABLE chat_kept, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, channel;

CREATE TEMPORARY VIEW viewer_windows AS
SELECT window_time AS rowtime, channel, COUNT(*) AS viewer_samples,
       CAST(AVG(CAST(viewer_count AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS viewer_avg,
       MAX(viewer_count) AS viewer_max
FROM TABLE(TUMBLE(TABLE viewer_kept, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, channel;

CREATE TEMPORARY VIEW transaction_windows AS
SELECT window_time AS rowtime, channel, COUNT(*) AS transactions,
       CAST(SUM(amount) AS DECIMAL(14, 2)) AS revenue_usd
FROM TABLE(TUMBLE(TABLE transaction_kept, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, channel;

CREATE TEMPORARY VIEW stream_meta_windows AS
SELECT window_time AS rowtime, channel
FROM TABLE(TUMBLE(TABLE stream_meta_kept, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, channel;

-- One row per topic, window and channel, NULL in the other topics' columns. A window exists for a
-- channel when any of its events falls in it, stream_meta included.
CREATE TEMPORARY VIEW topic_windows AS
  SELECT rowtime, channel, chat_messages, unique_chatters, chat_bits,
         CAST(NULL AS BIGINT) AS viewer_samples, CAST(NULL AS DECIMAL(12, 2)) AS viewer_avg,
         CAST(NULL AS INT) AS viewer_max, CAST(NULL AS BIGINT) AS transactions,
         CAST(NULL AS DECIMAL(14, 2)) AS revenue_usd
  FROM chat_windows
  UNION ALL
  SELECT rowtime, channel, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
         viewer_samples, viewer_avg, viewer_max, CAST(NULL AS BIGINT),
         CAST(NULL AS DECIMAL(14, 2))
  FROM viewer_windows
  UNION ALL
  SELECT rowtime, channel, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
         CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(12, 2)), CAST(NULL AS INT), transactions,
         revenue_usd
  FROM transaction_windows
  UNION ALL
  SELECT rowtime, channel, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT),
         CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(12, 2)), CAST(NULL AS INT),
         CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(14, 2))
  FROM stream_meta_windows;

INSERT INTO windows
SELECT
  window_start,
  channel,
  COALESCE(SUM(chat_messages), 0) AS chat_messages,
  COALESCE(SUM(unique_chatters), 0) AS unique_chatters,
  COALESCE(SUM(chat_bits), 0) AS chat_bits,
  COALESCE(SUM(viewer_samples), 0) AS viewer_samples,
  MAX(viewer_avg) AS viewer_avg,
  MAX(viewer_max) AS viewer_max,
  COALESCE(SUM(transactions), 0) AS transactions,
  CAST(COALESCE(SUM(revenue_usd), 0) AS DECIMAL(14, 2)) AS revenue_usd
FROM TABLE(TUMBLE(TABLE topic_windows, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, channel;
