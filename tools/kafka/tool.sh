#!/usr/bin/env bash
# Runs one of Kafka's own CLI tools from the pinned jars (.cache/kafka/lib), quietly.
#   deno task kafka-tool topics --bootstrap-server 127.0.0.1:9092 --describe --topic telemetra.events.chat
#   bash tools/kafka/tool.sh offsets --bootstrap-server 127.0.0.1:9092 --topic telemetra.events.chat
#   bash tools/kafka/tool.sh perf --topic t --num-records 100000 --record-size 385 --throughput -1 \
#     --producer-props bootstrap.servers=127.0.0.1:9092 acks=all
# Run it without arguments for the list of tools. Extra JVM flags: KAFKA_TOOL_JVM_FLAGS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<'EOF'
usage: tool.sh TOOL [ARGS...]     (ARGS go to the Kafka tool; add --help to see its own)

  topics           create, list, describe, alter, delete topics (TopicCommand)
  offsets          earliest/latest offsets per partition (GetOffsetShell)
  perf             producer throughput test (ProducerPerformance)
  consumer-perf    consumer throughput test (ConsumerPerformance)
  groups           list, describe, reset consumer groups (ConsumerGroupCommand)
  console-producer lines on stdin → records (ConsoleProducer)
  console-consumer records → stdout (ConsoleConsumer)
  configs          describe/alter broker, topic, user configs, SCRAM users (ConfigCommand)
  acls             list/add/remove ACLs (AclCommand)
  quorum           KRaft quorum status (MetadataQuorumCommand)
  delete-records   truncate partitions (DeleteRecordsCommand)
  storage          format/inspect a KRaft storage directory (StorageTool)
  class FQCN       any other main class in the jars
EOF
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
tool="$1"
shift
case "$tool" in
  topics) main=org.apache.kafka.tools.TopicCommand ;;
  offsets) main=org.apache.kafka.tools.GetOffsetShell ;;
  perf) main=org.apache.kafka.tools.ProducerPerformance ;;
  consumer-perf) main=org.apache.kafka.tools.ConsumerPerformance ;;
  groups) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  console-producer) main=org.apache.kafka.tools.ConsoleProducer ;;
  console-consumer) main=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  configs) main=kafka.admin.ConfigCommand ;;
  acls) main=org.apache.kafka.tools.AclCommand ;;
  quorum) main=org.apache.kafka.tools.MetadataQuorumCommand ;;
  delete-records) main=org.apache.kafka.tools.DeleteRecordsCommand ;;
  storage) main=kafka.tools.StorageTool ;;
  class)
    [ $# -ge 1 ] || { echo "error: tool.sh class needs a main class name" >&2; exit 2; }
    main="$1"
    shift
    ;;
  -h | --help | help) usage; exit 0 ;;
  *) echo "error: unknown Kafka tool \"$tool\"; run tool.sh --help for the list" >&2; exit 2 ;;
esac

lib="$(bash "$here/fetch_jars.sh")"
# shellcheck disable=SC2086 # KAFKA_TOOL_JVM_FLAGS is a list of flags
exec java -Xms64m -Xmx512m -Djava.awt.headless=true ${KAFKA_TOOL_JVM_FLAGS:-} \
  "-Dlog4j2.configurationFile=$here/tools-log4j2.properties" -cp "$lib/*" "$main" "$@"
