-- The answers: per channel and 1-minute tumbling window of event time, what happened in it.
-- viewer_avg averages viewer_count as a DECIMAL: AVG over the INT column itself would be an INT,
-- the average truncated (variants/integer-viewer-avg.sql is that mistake).
INSERT INTO windows
SELECT
  window_start,
  channel,
  COUNT(*) FILTER (WHERE kind = 'chat') AS chat_messages,
  COUNT(DISTINCT username) AS unique_chatters,
  COALESCE(SUM(bits), 0) AS chat_bits,
  COUNT(viewer_count) AS viewer_samples,
  CAST(AVG(CAST(viewer_count AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS viewer_avg,
  MAX(viewer_count) AS viewer_max,
  COUNT(*) FILTER (WHERE kind = 'transaction') AS transactions,
  CAST(COALESCE(SUM(amount), 0) AS DECIMAL(14, 2)) AS revenue_usd
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, channel;
