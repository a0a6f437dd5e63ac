-- The Flink tables of the job: the four telemetra.events.* topics as sources, one view that puts
-- their events side by side, and the PostgreSQL table the windows go to.
--
-- ${...} are filled in by the launcher (FlinkPipeline.java): bootstrap, topic_prefix, jdbc_url,
-- table. To run this in the Flink SQL client, replace them by hand.
--
-- Every source reads from the first offset to the end offset the topic had when the job started
-- (scan.bounded.mode), so the job ends and every window is emitted. For a job that keeps running,
-- drop scan.bounded.mode.
--
-- Event time is the events' own `timestamp`, e.g. 2025-10-16T10:30:00.150000Z. TO_TIMESTAMP()
-- without a pattern returns NULL for it (and a NULL rowtime drops the event), so it is parsed
-- explicitly. A watermark 5 s behind the latest event lets a little disorder between channels in
-- one partition through; each channel's own events are in time order.

CREATE TABLE chat (
  channel STRING,
  username STRING,
  bits BIGINT,
  `timestamp` STRING,
  event_time AS CAST(CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}chat',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false'
);

CREATE TABLE viewer (
  channel STRING,
  viewer_count INT,
  `timestamp` STRING,
  event_time AS CAST(CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}viewer',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false'
);

CREATE TABLE transactions (
  channel STRING,
  amount DECIMAL(12, 2),
  `timestamp` STRING,
  event_time AS CAST(CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}transactions',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false'
);

CREATE TABLE stream_meta (
  channel STRING,
  `timestamp` STRING,
  event_time AS CAST(CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}stream_meta',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false'
);

-- One row per event of any kind, with the fields the windows need (NULL where a kind has none).
-- A window exists for a channel when any of its events falls in it, stream_meta included.
CREATE TEMPORARY VIEW events AS
  SELECT channel, event_time, 'chat' AS kind, username, bits,
         CAST(NULL AS INT) AS viewer_count, CAST(NULL AS DECIMAL(12, 2)) AS amount
  FROM chat
  UNION ALL
  SELECT channel, event_time, 'viewer', CAST(NULL AS STRING), CAST(NULL AS BIGINT),
         viewer_count, CAST(NULL AS DECIMAL(12, 2))
  FROM viewer
  UNION ALL
  SELECT channel, event_time, 'transaction', CAST(NULL AS STRING), CAST(NULL AS BIGINT),
         CAST(NULL AS INT), amount
  FROM transactions
  UNION ALL
  SELECT channel, event_time, 'stream_meta', CAST(NULL AS STRING), CAST(NULL AS BIGINT),
         CAST(NULL AS INT), CAST(NULL AS DECIMAL(12, 2))
  FROM stream_meta;

-- The PostgreSQL table (created by postgres.sql). The primary key makes the JDBC sink upsert, so a
-- second run over the same topics updates the rows instead of failing on duplicates.
CREATE TABLE windows (
  window_start TIMESTAMP(3),
  channel STRING,
  chat_messages BIGINT,
  unique_chatters BIGINT,
  chat_bits BIGINT,
  viewer_samples BIGINT,
  viewer_avg DECIMAL(12, 2),
  viewer_max INT,
  transactions BIGINT,
  revenue_usd DECIMAL(14, 2),
  PRIMARY KEY (window_start, channel) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${jdbc_url}',
  'table-name' = '${table}'
);
