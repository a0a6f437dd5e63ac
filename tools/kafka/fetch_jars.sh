#!/usr/bin/env bash
# Copies the Kafka broker and tools jars pinned in tools/kafka/pom.xml into .cache/kafka/lib.
# Idempotent: does nothing when the jars of this exact pom are already there (a marker file holds
# the pom's checksum), so every entry point may call it. Safe to run concurrently (flock).
# Prints the lib directory on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${TELEMETRA_KAFKA_CACHE:-$root/.cache/kafka}"
lib="$cache/lib"
marker="$lib/.complete"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$lib"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
# Another process may have finished the download while we waited for the lock.
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$lib"
  exit 0
fi

command -v mvn >/dev/null || { echo "error: mvn (Apache Maven) is needed to fetch the Kafka jars; install it (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "error: java (17 or newer) is needed to run Kafka; install it (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

echo "fetching the Kafka jars with Maven into $lib ..." >&2
staging="$cache/lib.partial"
rm -rf "$staging"
mvn -B -q -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$staging" >&2
echo "$want" >"$staging/.complete"
rm -rf "$lib"
mv "$staging" "$lib"
echo "$lib"
