#!/usr/bin/env bash
# npm test: every suite, in one run that reports each one's result and time.
# Jest goes first: it renders the roots that the data journey reuses, and the
# dist/ that the module tests and the emulator suite copy (test/dist.sh). Then the
# emulator suite starts, and the others once its setup is done. It and the data
# journey run in the background, each in its own process group, while the module
# tests, pr-from-tfvars and PySpark run one after the other; the kernel shares the
# cores between them.
# A failed suite does not stop the others; the exit code is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -a results=()
declare -a bg_names=() bg_pids=() bg_times=()
failed=0
ready=""

stop_background() {
  local pid
  for pid in "${bg_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for pid in "${bg_pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -f "${bg_times[@]}" "$ready"
  bg_pids=()
}
trap 'stop_background; exit 130' INT
trap 'stop_background; exit 143' TERM

# run NAME COMMAND...: runs one suite in the foreground and records its result.
run() {
  local name=$1 start=$SECONDS code=0
  shift
  printf '\ntest: %s\n' "$name" >&2
  "$@" || code=$?
  record "$name" "$code" $((SECONDS - start))
}

# background NAME PREFIX COMMAND...: one suite in its own process group (an interrupted run stops all of
# it), its lines prefixed; it writes its own duration, as it may end before or after the others.
background() {
  local name=$1 prefix=$2 time
  shift 2
  time=$(mktemp "${TMPDIR:-/tmp}/lakegen-suite-time.XXXXXX")
  printf '\ntest: %s (in the background, its lines marked "%s |")\n' "$name" "$prefix" >&2
  setsid bash -c 'set -o pipefail; start=$SECONDS; t=$1 p=$2; shift 2; "$@" 2>&1 | sed -u "s/^/$p | /" >&2; code=$?; echo $((SECONDS - start)) >"$t"; exit $code' \
    _ "$time" "$prefix" "$@" &
  bg_names+=("$name") bg_pids+=($!) bg_times+=("$time")
}

record() {
  local status=ok
  [ "$2" -eq 0 ] || { status="FAILED (exit $2)"; failed=1; }
  results+=("$(printf '%-28s %-18s %dm%02ds' "$1" "$status" $(($3 / 60)) $(($3 % 60)))")
}

run "tsc" node_modules/.bin/tsc -p .
[ "$failed" -eq 0 ] || { echo "test: the build failed; nothing else can run" >&2; exit 1; }
run "lint (ESLint, Prettier)" bash -c 'node_modules/.bin/eslint . && node_modules/.bin/prettier --check . >/dev/null' 
# Jest keeps what it rendered and synthesized for the suites below; none may read an earlier run's.
rendered=build/rendered shared_dist=build/shared-dist
rm -rf "$rendered" "$shared_dist"
run "jest" env LAKEGEN_KEEP_RENDERED="$rendered" LAKEGEN_KEEP_DIST="$shared_dist" bash -c 'source test/go-gc.sh && exec node_modules/.bin/jest'
# A failed Jest hands nothing on (it may not have proven dist/ byte-identical to lakegen synth's): the suites make their own.
[ "$failed" -eq 0 ] || rm -rf "$rendered" "$shared_dist"

# The emulator suite's setup (.venv-e2e, its Go build) runs first, beside only .venv (made once, here: PySpark and
# the journey share it): with an empty Go build cache, its build would otherwise share the cores with the other
# suites and make it end long after them. They start when it touches $ready, or ends.
ready=$(mktemp -u "${TMPDIR:-/tmp}/lakegen-e2e-ready.XXXXXX")
background "emulator (e2e)" e2e env LAKEGEN_REUSE_DIST="$shared_dist" LAKEGEN_E2E_READY="$ready" bash test/terratest/run.sh
e2e_pid=${bg_pids[-1]}
run "python virtualenv" bash test/python/venv.sh
printf '\ntest: %s\n' "waiting for the emulator suite's setup" >&2
while [ ! -e "$ready" ] && kill -0 "$e2e_pid" 2>/dev/null; do sleep 1; done
rm -f "$ready"
background "journey" journey env LAKEGEN_REUSE_RENDERED="$rendered" bash test/journey/run.sh

run "module tests" env LAKEGEN_REUSE_DIST="$shared_dist" bash test/modules/run.sh
run "pr from tfvars" bash test/cli/pr-tfvars.sh
run "pyspark" bash test/python/run.sh

for i in "${!bg_pids[@]}"; do
  code=0
  wait "${bg_pids[$i]}" || code=$?
  seconds=$(cat "${bg_times[$i]}" 2>/dev/null || echo 0)
  record "${bg_names[$i]} (background)" "$code" "${seconds:-0}"
done
rm -f "${bg_times[@]}"
bg_pids=()

printf '\ntest: summary (%dm%02ds in all)\n' $((SECONDS / 60)) $((SECONDS % 60)) >&2
printf '  %s\n' "${results[@]}" >&2
exit "$failed"
