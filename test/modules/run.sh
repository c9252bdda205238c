#!/usr/bin/env bash
# What a consumer runs in each shipped module: `terraform test` in the module
# folder, which validates the module before its runs (a separate `terraform
# validate` would load the provider schema once more, for nothing). Its tests/
# break each rule and apply against a mocked provider, and plan examples/basic
# and examples/complete with the real provider, offline. Synthesizes into a
# scratch directory (or copies npm test's, test/dist.sh); two at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/go-gc.sh
say() { printf 'module tests: %s\n' "$*" >&2; }

command -v terraform >/dev/null || { say "Terraform >= 1.10 is required on PATH"; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-modules.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
[ -f build/lib/provider-mirror.js ] || npx tsc -p .
# The mirror's CLI config, or none: then Terraform takes the provider from the registry (it says so).
TF_CLI_CONFIG_FILE=$(node -e 'console.log(require("./build/lib/provider-mirror.js").providerSourceForScript(process.argv[1]))' "$scratch/terraform")
[ -n "$TF_CLI_CONFIG_FILE" ] || unset TF_CLI_CONFIG_FILE
TF_PLUGIN_CACHE_DIR="$scratch/plugin-cache"
mkdir -p "$TF_PLUGIN_CACHE_DIR"
export TF_CLI_CONFIG_FILE TF_PLUGIN_CACHE_DIR CHECKPOINT_DISABLE=1

# The examples are planned with the real provider, offline: placeholder credentials, the same as every offline plan's.
eval "$(node -e 'for (const [k, v] of Object.entries(require("./build/lib/plan.js").OFFLINE_CREDENTIALS)) console.log(`export ${k}=${JSON.stringify(v)}`)')"

source test/dist.sh
dist_into "$scratch/dist"
modules="$scratch/dist/modules"

# The plugin cache is not safe for concurrent writers: fill it once first. Terraform links a
# cached provider only when the lock file already has its checksums, and otherwise installs it
# into the cache again, under a parallel job's feet: every job starts from the primed lock file.
(cd "$modules/athena" && terraform init -backend=false -input=false -no-color >/dev/null)
cp "$modules/athena/.terraform.lock.hcl" "$scratch/lock.hcl"

# One module: init, then its tests; the log is kept only when it fails.
job() {
  local dir=$1 log code=0
  log=$(mktemp "$scratch/log.XXXXXX")
  [ -f "$dir/.terraform.lock.hcl" ] || cp "$scratch/lock.hcl" "$dir/.terraform.lock.hcl"
  (cd "$dir" && terraform init -backend=false -input=false -no-color >"$log" 2>&1 &&
    terraform test -no-color >>"$log" 2>&1) || code=$?
  local name=${dir#"$modules"/} passed
  passed=$(grep -E '^Success! [0-9]+ passed' "$log" || true)
  # The module itself planned (which validates it, as `terraform validate` did) and both examples, not only some runs.
  if [ $code -eq 0 ] && grep -q 'run "complete_inputs_plan"... pass' "$log" &&
    grep -q 'run "example_basic_plan"... pass' "$log" && grep -q 'run "example_complete_plan"... pass' "$log"; then
    say "ok    $name: $passed (examples planned)"
  else
    say "FAIL  $name (exit $code)"
    sed 's/^/    /' "$log" >&2
    return 1
  fi
}
export -f job say
export scratch modules

for m in "$modules"/*/; do echo "${m%/}"; done | xargs -P 2 -L 1 bash -c 'job "$0"'
say "every module tested and its examples planned"
