#!/usr/bin/env bash
# deno task test:docker — builds the repository's Dockerfile, unchanged, with podman (no daemon)
# and runs tests/docker/ against the image and a real local broker.
#
# Public base images cannot be pulled here, so local stand-ins are built under the names the
# Dockerfile uses: debian:bookworm-slim from a debootstrap minbase rootfs (tarball cached in
# .cache/docker/), and denoland/deno:2.7.11 from it plus the pinned deno binary. All podman
# state lives in a temporary directory that is removed at the end.
#
# Needs root (or sudo) for podman, runc and debootstrap; installs them with apt-get when missing.
# TELEMETRA_KEEP_PODMAN=1 keeps the temporary podman state for debugging.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
readonly DENO_VERSION="2.7.11"
readonly SUITE="bookworm"
readonly MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly IMAGE="localhost/telemetra-mock:test"
cache="$root/.cache/docker"
started=$(date +%s)
stamp() { echo "[test:docker +$(($(date +%s) - started))s] $*" >&2; }
fail() {
  echo "error: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# ---- tools ----------------------------------------------------------------------------------
missing=()
for tool in podman runc debootstrap script; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  stamp "installing podman runc debootstrap (missing: ${missing[*]})"
  $sudo apt-get install -y -qq --no-install-recommends podman runc debootstrap bsdutils \
    >/dev/null || fail "cannot install podman, runc and debootstrap with apt-get"
fi

# ---- private podman state ---------------------------------------------------------------------
# Podman keeps a blob-info cache under /var/lib/containers and network state under /run/containers
# whatever the storage settings: remove them afterwards if they did not exist before.
created_system_dirs=()
for dir in /var/lib/containers /run/containers; do
  [ -e "$dir" ] || created_system_dirs+=("$dir")
done
work="$(mktemp -d "${TMPDIR:-/tmp}/telemetra-docker.XXXXXX")"
mkdir -p "$work/tmp"
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/events.log"
tmp_dir = "$work/libpod-tmp"
volume_path = "$work/volumes"
EOF
cat >"$work/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
cat >"$work/registries.conf" <<EOF
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF
export CONTAINERS_CONF="$work/containers.conf"
export CONTAINERS_STORAGE_CONF="$work/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$work/registries.conf"
export TMPDIR="$work/tmp"
if [ -z "$sudo" ]; then
  podman() { command podman "$@"; }
else
  podman() {
    sudo --preserve-env=CONTAINERS_CONF,CONTAINERS_STORAGE_CONF,CONTAINERS_REGISTRIES_CONF,TMPDIR \
      podman "$@"
  }
fi

cleanup() {
  local rc=$?
  if [ "${TELEMETRA_KEEP_PODMAN:-}" = 1 ]; then
    echo "podman state kept in $work" >&2
  else
    podman rm --all --force --time 0 >/dev/null 2>&1 || true
    podman system reset --force >/dev/null 2>&1 || true
    $sudo rm -rf "$work"
    for dir in "${created_system_dirs[@]}"; do $sudo rm -rf "$dir"; done
  fi
  exit "$rc"
}
trap cleanup EXIT

# ---- debian:bookworm-slim stand-in ------------------------------------------------------------
rootfs_tar="$cache/debian-$SUITE-minbase.tar"
if [ ! -s "$rootfs_tar" ]; then
  stamp "debootstrap $SUITE minbase from $MIRROR (cached in .cache/docker/ afterwards)"
  mkdir -p "$cache"
  rootfs="$work/rootfs"
  $sudo debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
  # Like the slim image: no package caches, lists, docs or man pages.
  $sudo rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc "$rootfs"/usr/share/man
  $sudo tar -C "$rootfs" -cf "$rootfs_tar.partial" .
  $sudo mv "$rootfs_tar.partial" "$rootfs_tar"
  $sudo rm -rf "$rootfs"
fi
stamp "importing the rootfs as docker.io/library/debian:$SUITE-slim"
podman import --change 'CMD ["bash"]' "$rootfs_tar" "docker.io/library/debian:$SUITE-slim" \
  >/dev/null

# ---- denoland/deno stand-in: the same Debian with the pinned deno ---------------------------
deno_bin="$root/tools/toolchain/node_modules/@deno/linux-x64-glibc/deno"
[ -x "$deno_bin" ] || "$root/tools/deno" --version >/dev/null
[ -x "$deno_bin" ] || fail "the pinned deno binary is missing at $deno_bin"
mkdir -p "$work/deno-image"
cp "$deno_bin" "$work/deno-image/deno"
# The build agent's CA store (a TLS-intercepting proxy's CA may live only there).
cp /etc/ssl/certs/ca-certificates.crt "$work/deno-image/ca-certificates.crt"
cat >"$work/deno-image/Containerfile" <<EOF
FROM docker.io/library/debian:$SUITE-slim
COPY deno /usr/bin/deno
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV DENO_DIR=/deno-dir/ DENO_INSTALL_ROOT=/usr/local
ENTRYPOINT ["/usr/bin/deno"]
EOF
stamp "building the stand-in docker.io/denoland/deno:$DENO_VERSION"
podman build --quiet --pull=never --format docker -t "docker.io/denoland/deno:$DENO_VERSION" \
  "$work/deno-image" >/dev/null || fail "cannot build the deno stand-in image"

# ---- the repository's Dockerfile, unchanged ---------------------------------------------------
stamp "podman build -f Dockerfile ."
build_started=$(date +%s)
podman build --pull=never --format docker --network host -t "$IMAGE" -f Dockerfile . \
  >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; fail "the Dockerfile does not build"; }
build_seconds=$(($(date +%s) - build_started))
stamp "image built in ${build_seconds}s: $(podman image inspect "$IMAGE" --format '{{.Size}}') bytes"

# ---- the tests ----------------------------------------------------------------------------------
stamp "deno test tests/docker/"
set +e
TELEMETRA_IMAGE="$IMAGE" PODMAN_SUDO="$sudo" "$root/tools/deno" test -A \
  "$root/tests/docker/image_suite.ts" 2>&1 | tee "$work/test.log"
test_rc=${PIPESTATUS[0]}
set -e
summary="$(sed 's/\x1b\[[0-9;]*m//g' "$work/test.log" | grep -E '^(ok|FAILED) \| ' | tail -n 1 || true)"
passed="$(echo "$summary" | sed -n 's/.* \([0-9]*\) passed.*/\1/p')"
failed="$(echo "$summary" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')"
[ -n "$passed" ] || passed=0
[ -n "$failed" ] || failed=0
[ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
stamp "done"
echo "$passed passed, $failed failed"
[ "$test_rc" -eq 0 ]
