-- The Flink tables of the job: the four telemetra.events.* topics as sources, the same topics read
-- raw for the dead letters, and the two PostgreSQL tables the job writes.
--
-- ${...} are filled in by the launcher (FlinkPipeline.java): bootstrap, topic_prefix, jdbc_url,
-- table, dead_letter_table, watermark_seconds. To run this in the Flink SQL client, replace them
-- by hand.
--
-- Every source reads from the first offset to the end offset the topic had when the job started
-- (scan.bounded.mode), so the job ends and every window is emitted. For a job that keeps running,
-- drop scan.bounded.mode.
--
-- Event time is the events' own `timestamp`, e.g. 2025-10-16T10:30:00.150000Z. TO_TIMESTAMP()
-- without a pattern returns NULL for it, so it is parsed explicitly; TRY_CAST gives NULL instead
-- of failing the job on a record whose timestamp is not one (events.sql leaves those out).
--
-- The watermark is "the largest event time seen in the partition minus ${watermark_seconds} s",
-- emitted after every record ('scan.watermark.emit.strategy' = 'on-event') rather than every
-- 200 ms: so whether a record is late depends only on the records before it in its partition,
-- not on how fast the job happened to read. 'json.ignore-parse-errors' skips a value that is not
-- a JSON object (it then moves no watermark); dead_letters.sql counts what is skipped.

CREATE TABLE chat (
  message_id STRING,
  channel STRING,
  username STRING,
  bits BIGINT,
  `timestamp` STRING,
  headers MAP<STRING, BYTES> METADATA VIRTUAL,
  event_time AS CAST(TRY_CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - INTERVAL '${watermark_seconds}' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}chat',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'scan.watermark.emit.strategy' = 'on-event',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE viewer (
  event_id STRING,
  channel STRING,
  viewer_count INT,
  `timestamp` STRING,
  headers MAP<STRING, BYTES> METADATA VIRTUAL,
  event_time AS CAST(TRY_CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - INTERVAL '${watermark_seconds}' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}viewer',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'scan.watermark.emit.strategy' = 'on-event',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE transactions (
  transaction_id STRING,
  channel STRING,
  amount DECIMAL(12, 2),
  `timestamp` STRING,
  headers MAP<STRING, BYTES> METADATA VIRTUAL,
  event_time AS CAST(TRY_CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - INTERVAL '${watermark_seconds}' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}transactions',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'scan.watermark.emit.strategy' = 'on-event',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'true'
);

CREATE TABLE stream_meta (
  event_id STRING,
  channel STRING,
  `timestamp` STRING,
  headers MAP<STRING, BYTES> METADATA VIRTUAL,
  event_time AS CAST(TRY_CAST(REPLACE(REPLACE(`timestamp`, 'T', ' '), 'Z', '') AS TIMESTAMP(6)) AS TIMESTAMP(3)),
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - INTERVAL '${watermark_seconds}' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}stream_meta',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'scan.watermark.emit.strategy' = 'on-event',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'true'
);

-- Every record of the four topics as it is, for the dead letters: the value as text, never parsed
-- by the format, so nothing is skipped here.
CREATE TABLE records (
  `value` STRING,
  topic STRING METADATA VIRTUAL,
  `partition` INT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  headers MAP<STRING, BYTES> METADATA VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic_prefix}chat;${topic_prefix}viewer;${topic_prefix}transactions;${topic_prefix}stream_meta',
  'properties.bootstrap.servers' = '${bootstrap}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'raw'
);

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

-- The records the windows leave out, one row each, keyed by where they are in Kafka.
CREATE TABLE dead_letters (
  topic STRING,
  kafka_partition INT,
  kafka_offset BIGINT,
  reason STRING,
  event_type STRING,
  anomaly STRING,
  record_value STRING,
  PRIMARY KEY (topic, kafka_partition, kafka_offset) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = '${jdbc_url}',
  'table-name' = '${dead_letter_table}'
);
