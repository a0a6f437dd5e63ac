-- The dead letters: every record the windows leave out, by the rules of events.sql seen from the
-- other side, with the reason. The telemetra.anomaly header is stored for the audit, never used to
-- decide: a real producer does not label its mistakes.
INSERT INTO dead_letters
SELECT topic, kafka_partition, kafka_offset, reason, event_type, anomaly, record_value
FROM (
  SELECT
    topic,
    `partition` AS kafka_partition,
    `offset` AS kafka_offset,
    CASE
      WHEN `value` IS NULL OR `value` IS NOT JSON OBJECT THEN 'not a JSON object'
      WHEN TRY_CAST(REPLACE(REPLACE(JSON_VALUE(`value`, '$.timestamp'), 'T', ' '), 'Z', '')
                    AS TIMESTAMP(6)) IS NULL THEN 'no readable timestamp'
      WHEN CAST(headers['event_type'] AS STRING) IS DISTINCT FROM (
        CASE topic
          WHEN '${topic_prefix}chat' THEN 'chat_message'
          WHEN '${topic_prefix}viewer' THEN 'viewer_count'
          WHEN '${topic_prefix}transactions' THEN 'transaction'
          WHEN '${topic_prefix}stream_meta' THEN 'stream_meta'
        END) THEN 'wrong event_type header'
    END AS reason,
    CAST(headers['event_type'] AS STRING) AS event_type,
    CAST(headers['telemetra.anomaly'] AS STRING) AS anomaly,
    `value` AS record_value
  FROM records)
WHERE reason IS NOT NULL;
