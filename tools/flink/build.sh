#!/usr/bin/env bash
# Builds the Flink job of examples/flink-pipeline and puts its jar and every jar it needs (Flink,
# the Kafka and JDBC connectors, the PostgreSQL driver; from Maven Central) into .cache/flink/lib.
# Idempotent: does nothing when the lib was built from exactly these sources (a marker file holds
# their checksum), so every entry point may call it. Safe to run concurrently (flock).
# Prints the lib directory on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
example="$root/examples/flink-pipeline"
cache="${TELEMETRA_FLINK_CACHE:-$root/.cache/flink}"
lib="$cache/lib"
marker="$lib/.complete"
checksum() {
  (cd "$example" && find pom.xml sql src -type f -print0 | sort -z | xargs -0 sha256sum) |
    sha256sum | cut -d' ' -f1
}
want="$(checksum)"

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$lib"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
# Another process may have finished the build while we waited for the lock.
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
  echo "$lib"
  exit 0
fi

command -v mvn >/dev/null || { echo "error: mvn (Apache Maven) is needed to build the Flink job; install it (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "error: java (17 or newer) is needed to run the Flink job; install it (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
command -v javac >/dev/null || { echo "error: javac (a JDK 17 or newer) is needed to build the Flink job; install it (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

echo "building the Flink job with Maven into $lib ..." >&2
staging="$cache/lib.partial"
rm -rf "$staging" "$cache/build"
mvn -B -q -Dstyle.color=never -f "$example/pom.xml" -DbuildDir="$cache/build" \
  package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$staging" >&2
cp "$cache/build/telemetra-flink-pipeline-1.jar" "$staging/"
echo "$want" >"$staging/.complete"
rm -rf "$lib"
mv "$staging" "$lib"
echo "$lib"
