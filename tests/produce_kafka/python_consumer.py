"""Read topics from the beginning to their end with python3-confluent-kafka (librdkafka).

usage: python_consumer.py BOOTSTRAP TIMEOUT_SECONDS TOPIC [TOPIC...]
Prints one JSON object per record on stdout:
{"topic", "partition", "offset", "key", "timestamp", "headers", "value"} where "value" is the
record value parsed with json.loads, or {"topic", "partition", "offset", "not_json": "..."}
when it does not parse. Stops once every partition of the topics reached its end; exits 1 when
that did not happen within TIMEOUT_SECONDS.
"""

import json
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError


def main() -> None:
    bootstrap, timeout, topics = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"python-check-{uuid.uuid4()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
        }
    )
    metadata = consumer.list_topics(timeout=10)
    partitions = set()
    for topic in topics:
        if topic not in metadata.topics or metadata.topics[topic].error is not None:
            sys.exit(f"topic {topic} is missing")
        partitions.update((topic, p) for p in metadata.topics[topic].partitions)
    consumer.subscribe(topics)
    at_end = set()
    deadline = time.monotonic() + timeout
    out = sys.stdout
    while at_end != partitions:
        if time.monotonic() > deadline:
            sys.exit(f"timed out: {len(at_end)} of {len(partitions)} partitions read to the end")
        message = consumer.poll(0.5)
        if message is None:
            continue
        where = (message.topic(), message.partition())
        error = message.error()
        if error is not None:
            if error.code() == KafkaError._PARTITION_EOF:
                at_end.add(where)
                continue
            sys.exit(f"consume error: {error}")
        at_end.discard(where)
        record = {"topic": where[0], "partition": where[1], "offset": message.offset()}
        try:
            record["value"] = json.loads(message.value())
        except ValueError as error:
            record["not_json"] = str(error)
        key = message.key()
        record["key"] = key.decode("utf-8") if key is not None else None
        record["timestamp"] = message.timestamp()[1]
        record["headers"] = {k: v.decode("utf-8") for k, v in (message.headers() or [])}
        out.write(json.dumps(record) + "\n")
    consumer.close()


if __name__ == "__main__":
    main()
