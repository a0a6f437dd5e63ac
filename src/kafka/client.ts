/**
 * The one way to get a kafkajs client: security mapped, logs bridged into LogTape, snappy
 * registered, kafkajs' request-queue timer fixed and its Produce requests encoded in one pass
 * before any connection exists.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { getLogger, type Logger } from "@logtape/logtape";
import { Kafka, type RetryOptions } from "kafkajs";
import { kafkajsLogCreator, kafkajsLogLevel } from "./log_bridge.ts";
import { installProduceRequestFix } from "./produce_request_fix.ts";
import { installRequestQueueFix } from "./request_queue_fix.ts";
import { kafkajsSecurityOptions } from "./security.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "./settings.ts";
import { registerSnappyCodec } from "./snappy_codec.ts";

/**
 * kafkajs' own retries inside one operation (a connect, a metadata refresh): a few quick ones, so
 * one of our connect attempts stays short and predictable; connectWithRetry does the patient part.
 */
export const CLIENT_RETRY: RetryOptions = {
  retries: 3,
  initialRetryTime: 100,
  maxRetryTime: 1000,
};

export interface CreateKafkaOptions {
  /** kafkajs' client-level retries (default CLIENT_RETRY). */
  readonly retry?: RetryOptions;
  /** Where kafkajs' logs go (default ["telemetra", "kafka"]). */
  readonly logger?: Logger;
  /** Sees kafkajs' warnings and errors (text, broker address) at any log level. */
  readonly onProblem?: (text: string, broker: string | undefined) => void;
}

/** Creates a kafkajs client for `settings`. Does not connect. Throws UsageError on bad security. */
export function createKafka(settings: KafkaSettings, options: CreateKafkaOptions = {}): Kafka {
  const logger = options.logger ?? getLogger(["telemetra", "kafka"]);
  installRequestQueueFix();
  installProduceRequestFix();
  registerSnappyCodec();
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ...kafkajsSecurityOptions(settings.security),
    connectionTimeout: settings.connectionTimeoutMs ?? DEFAULT_KAFKA_SETTINGS.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs ?? DEFAULT_KAFKA_SETTINGS.requestTimeoutMs,
    retry: options.retry ?? CLIENT_RETRY,
    logLevel: kafkajsLogLevel(logger),
    logCreator: kafkajsLogCreator(logger, options.onProblem),
  });
}
