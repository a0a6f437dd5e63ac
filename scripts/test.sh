#!/usr/bin/env bash
# The full test suite on a fresh clone: set-up, then every test against a real local Kafka
# broker that the runner starts and stops. Extra arguments go to `deno test` (e.g. a file).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --test-clients
exec tools/deno task test "$@"
