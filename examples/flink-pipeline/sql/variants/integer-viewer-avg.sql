-- A deliberately wrong job, to prove that checking the answers catches a real mistake: the same
-- as windows.sql but for viewer_avg, which averages the INT column directly. Flink's AVG over an
-- INT is an INT, so every average is truncated (1234.67 becomes 1234.00) while every count is
-- right.
INSERT INTO windows
SELECT
  window_start,
  channel,
  COUNT(*) FILTER (WHERE kind = 'chat') AS chat_messages,
  COUNT(DISTINCT username) AS unique_chatters,
  COALESCE(SUM(bits), 0) AS chat_bits,
  COUNT(viewer_count) AS viewer_samples,
  CAST(AVG(viewer_count) AS DECIMAL(12, 2)) AS viewer_avg,
  MAX(viewer_count) AS viewer_max,
  COUNT(*) FILTER (WHERE kind = 'transaction') AS transactions,
  CAST(COALESCE(SUM(amount), 0) AS DECIMAL(14, 2)) AS revenue_usd
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, channel;
