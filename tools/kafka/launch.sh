#!/usr/bin/env bash
# Starts a command (the broker's JVM) in the background, tied to an owner process, and prints its
# pid on stdout. Usage: launch.sh OWNER_PID LOG_FILE CLEANUP_DIR COMMAND [ARGS...]
#
# The command's stdout and stderr are appended to LOG_FILE. A small supervisor shell waits for it
# and, should the owner die without stopping it (Ctrl-C, a crash, kill -9), sends it SIGTERM and,
# 20 s later, SIGKILL, then removes CLEANUP_DIR (a temp data dir; "-" for none). So no broker outlives the test run or the terminal that started it, and
# the owner holds no child-process handle (Deno's test sanitizers stay quiet).
set -euo pipefail
owner="$1"
log="$2"
cleanup="$3"
shift 3

(
  trap '' INT
  "$@" >>"$log" 2>&1 </dev/null 3>&- &
  child=$!
  echo "$child" >&3
  exec 3>&-
  while kill -0 "$child" 2>/dev/null; do
    if ! kill -0 "$owner" 2>/dev/null; then
      kill -TERM "$child" 2>/dev/null || true
      for _ in $(seq 1 40); do
        kill -0 "$child" 2>/dev/null || break
        sleep 0.5
      done
      kill -KILL "$child" 2>/dev/null || true
      wait "$child" 2>/dev/null || true
      [ "$cleanup" = "-" ] || rm -rf -- "$cleanup"
      break
    fi
    sleep 1
  done
  wait "$child" 2>/dev/null || true
) 3>&1 >/dev/null 2>&1 </dev/null &
