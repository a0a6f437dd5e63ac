#!/usr/bin/env bash
# The demo on a fresh clone: set-up, a local single-node Kafka broker (unless
# KAFKA_BOOTSTRAP_SERVERS names one), five seconds of traffic for three channels, read back.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

tm() { tools/deno run --allow-net --allow-env --allow-read --quiet main.ts "$@"; }

broker_pid=""
cleanup() {
  if [ -n "$broker_pid" ]; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  bootstrap="$KAFKA_BOOTSTRAP_SERVERS"
  echo "==> Using the Kafka cluster at $bootstrap"
else
  port=$(/usr/bin/env python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  ready=$(mktemp)
  echo "==> Starting a local Kafka broker on 127.0.0.1:$port (deno task kafka)"
  tools/deno task --quiet kafka --port "$port" --temp >"$ready" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 180); do
    grep -q "Kafka ready at" "$ready" && break
    if ! kill -0 "$broker_pid" 2>/dev/null; then cat "$ready"; exit 1; fi
    sleep 0.5
  done
  grep -q "Kafka ready at" "$ready" || { echo "error: the local broker did not become ready"; cat "$ready"; exit 1; }
  bootstrap="127.0.0.1:$port"
  echo "==> Kafka ready at $bootstrap"
fi

echo "==> produce: 5 seconds at 200 events/s for three channels"
tm produce -b "$bootstrap" --channels demo_stream,gaming,esports --rate 200 --duration 5s \
  --seed 42 --no-progress --stats-every 250

echo "==> consume: the first 12 records, pretty"
tm consume -b "$bootstrap" --from-beginning --exit-at-end -f pretty --no-color 12

echo "==> consume: everything back, checked against the schemas"
tm consume -b "$bootstrap" --from-beginning --exit-at-end -f json --validate >/dev/null
echo "==> Demo done."
