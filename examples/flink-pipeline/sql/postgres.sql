-- The table the job writes to, in PostgreSQL (the launcher creates it when it is missing).
-- window_start is the window's start in UTC; viewer_avg and viewer_max are NULL in a window
-- without viewer samples.
CREATE TABLE IF NOT EXISTS ${table} (
  window_start timestamp NOT NULL,
  channel text NOT NULL,
  chat_messages bigint NOT NULL,
  unique_chatters bigint NOT NULL,
  chat_bits bigint NOT NULL,
  viewer_samples bigint NOT NULL,
  viewer_avg numeric(12, 2),
  viewer_max integer,
  transactions bigint NOT NULL,
  revenue_usd numeric(14, 2) NOT NULL,
  PRIMARY KEY (window_start, channel)
);

-- The records the job leaves out (dead_letters.sql), one row per record, where it is in Kafka.
CREATE TABLE IF NOT EXISTS ${dead_letter_table} (
  topic text NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint NOT NULL,
  reason text NOT NULL,
  event_type text,
  anomaly text,
  record_value text,
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
