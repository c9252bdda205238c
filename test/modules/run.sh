#!/usr/bin/env bash
# What a consumer runs in each shipped module: `terraform test` in the module
# folder (its tests/, against a mocked provider), and `terraform plan` of its
# examples/basic and examples/complete (offline: placeholder credentials, no
# calls to AWS). Synthesizes into a scratch directory; two at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
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
# Offline plans: credentials from the environment, so no plan carries them; the same placeholders as every offline plan.
eval "$(node -e 'for (const [k, v] of Object.entries(require("./build/lib/plan.js").OFFLINE_CREDENTIALS)) console.log(`export ${k}=${JSON.stringify(v)}`)')"

node bin/lakegen.js synth --quiet --out "$scratch/dist"
modules="$scratch/dist/modules"

# The plugin cache is not safe for concurrent writers: fill it once first. Terraform links a
# cached provider only when the lock file already has its checksums, and otherwise installs it
# into the cache again, under a parallel job's feet: every job starts from the primed lock file.
(cd "$modules/athena" && terraform init -backend=false -input=false -no-color >/dev/null)
cp "$modules/athena/.terraform.lock.hcl" "$scratch/lock.hcl"

cat > "$scratch/provider_override.tf" <<'EOF'
provider "aws" {
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
EOF

# One job: "test <module dir>" or "plan <example dir>"; its log is kept only when it fails.
job() {
  local kind=$1 dir=$2 log
  log=$(mktemp "$scratch/log.XXXXXX")
  if [ "$kind" = plan ]; then
    cp "$scratch/provider_override.tf" "$dir/"
    set -- plan -input=false -lock=false -no-color -detailed-exitcode
  else
    set -- test -no-color
  fi
  local code=0
  [ -f "$dir/.terraform.lock.hcl" ] || cp "$scratch/lock.hcl" "$dir/.terraform.lock.hcl"
  # A module's tests run only on a configuration that validates on its own.
  (cd "$dir" && terraform init -backend=false -input=false -no-color >"$log" 2>&1 &&
    { [ "$kind" = plan ] || terraform validate -no-color >>"$log" 2>&1; } &&
    terraform "$@" >>"$log" 2>&1) || code=$?
  local name=${dir#"$modules"/}
  # A plan of a new example has changes: -detailed-exitcode gives 2.
  if { [ "$kind" = plan ] && [ $code -eq 2 ]; } || { [ "$kind" = test ] && [ $code -eq 0 ]; }; then
    [ "$kind" = test ] && summary="valid; $(grep -E '^Success! [0-9]+ passed' "$log")" || summary="plan has changes, no errors"
    say "ok    $kind $name: $summary"
  else
    say "FAIL  $kind $name (exit $code)"
    sed 's/^/    /' "$log" >&2
    return 1
  fi
}
export -f job say
export scratch modules

{
  for m in "$modules"/*/; do echo "test ${m%/}"; done
  for e in "$modules"/*/examples/*/; do echo "plan ${e%/}"; done
} | xargs -P 2 -L 1 bash -c 'job "$0" "$1"'
say "every module test and example passed"
