#!/usr/bin/env bash
# npm test: every suite, in one run that reports each one's result and time.
# Jest goes first: it renders the roots that the data journey reuses. The
# emulator suite then runs beside the module tests, pr-from-tfvars, PySpark and
# the journey: most of its time is the provider waiting on the emulator, not CPU.
# A failed suite does not stop the others; the exit code is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -a results=()
failed=0
e2e_pid=

stop_e2e() {
  [ -n "$e2e_pid" ] && kill -TERM -- "-$e2e_pid" 2>/dev/null
  [ -n "$e2e_pid" ] && wait "$e2e_pid" 2>/dev/null
  e2e_pid=
  [ -n "${e2e_time:-}" ] && rm -f "$e2e_time"
}
trap 'stop_e2e; exit 130' INT
trap 'stop_e2e; exit 143' TERM

# run NAME COMMAND...: runs one suite in the foreground and records its result.
run() {
  local name=$1 start=$SECONDS code=0
  shift
  printf '\ntest: %s\n' "$name" >&2
  "$@" || code=$?
  record "$name" "$code" $((SECONDS - start))
}

record() {
  local status=ok
  [ "$2" -eq 0 ] || { status="FAILED (exit $2)"; failed=1; }
  results+=("$(printf '%-28s %-18s %dm%02ds' "$1" "$status" $(($3 / 60)) $(($3 % 60)))")
}

run "tsc" node_modules/.bin/tsc -p .
[ "$failed" -eq 0 ] || { echo "test: the build failed; nothing else can run" >&2; exit 1; }
run "lint (ESLint, Prettier)" bash -c 'node_modules/.bin/eslint . && node_modules/.bin/prettier --check . >/dev/null' 
run "jest" env LAKEGEN_KEEP_RENDERED=build/rendered node_modules/.bin/jest

# The emulator suite in its own process group, so an interrupted run stops all of it.
# It writes its own duration, as the others may end before or after it.
e2e_time=$(mktemp "${TMPDIR:-/tmp}/lakegen-e2e-time.XXXXXX")
setsid bash -c 'set -o pipefail; start=$SECONDS; bash test/terratest/run.sh 2>&1 | sed -u "s/^/e2e | /" >&2; code=$?; echo $((SECONDS - start)) >"$0"; exit $code' "$e2e_time" &
e2e_pid=$!

run "module tests" bash test/modules/run.sh
run "pr from tfvars" bash test/cli/pr-tfvars.sh
run "pyspark" bash test/python/run.sh
run "journey" env LAKEGEN_REUSE_RENDERED=1 bash test/journey/run.sh

code=0
wait "$e2e_pid" || code=$?
e2e_pid=
e2e_seconds=$(cat "$e2e_time" 2>/dev/null || echo 0)
rm -f "$e2e_time"
record "emulator (e2e, alongside)" "$code" "${e2e_seconds:-0}"

printf '\ntest: summary (%dm%02ds in all)\n' $((SECONDS / 60)) $((SECONDS % 60)) >&2
printf '  %s\n' "${results[@]}" >&2
exit "$failed"
