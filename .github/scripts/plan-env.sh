#!/usr/bin/env bash
# Plans one environment of the checkout in the current directory, after `npm run synth`:
# plans/<env>.tfplan (the saved plan, for apply) and plans/<env>.json (for lakegen check and pr).
# With AWS credentials (PLAN_ROLE_ARN set, credentials from OIDC) it plans against the real
# state; without, it plans offline with `lakegen plan` and saves no binary plan.
# Usage: plan-env.sh ENV
set -euo pipefail
env=${1:?usage: plan-env.sh ENV}
mkdir -p plans
if [ -n "${PLAN_ROLE_ARN:-}" ]; then
  # The lock file synth wrote decides the providers: an init that would change it fails.
  terraform -chdir="dist/envs/$env" init -input=false -no-color -lockfile=readonly
  terraform -chdir="dist/envs/$env" plan -input=false -lock=false -no-color -out="$PWD/plans/$env.tfplan"
  terraform -chdir="dist/envs/$env" show -json "$PWD/plans/$env.tfplan" > "plans/$env.json"
else
  echo "plan-env: no PLAN_ROLE_ARN for $env; planning offline, without state" >&2
  ./bin/lakegen.js plan "$env" --out "plans/$env.json"
fi
