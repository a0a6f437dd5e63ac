#!/usr/bin/env bash
# Idempotent set-up of a fresh clone: the pinned Deno (npm), the npm dependencies exactly as
# deno.lock pins them, Kafka's jars (Maven) and, with --test-clients, the foreign clients the
# tests cross-check against (Debian: kcat, python3-confluent-kafka, python3-jsonschema) and the
# PostgreSQL server the pipeline tests start (Debian: postgresql, its binaries only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

want_clients=false
[ "${1:-}" = "--test-clients" ] && want_clients=true

echo "==> Deno $(tools/deno --version | head -n 1 | cut -d' ' -f2) (tools/toolchain)"
tools/deno install --frozen --quiet
echo "==> Kafka jars"
bash tools/kafka/fetch_jars.sh

if $want_clients; then
  missing=()
  command -v kcat >/dev/null 2>&1 || missing+=(kcat)
  /usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1 || missing+=(python3-confluent-kafka)
  /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || missing+=(python3-jsonschema)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> Installing ${missing[*]} (Debian packages)"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
