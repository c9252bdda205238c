#!/usr/bin/env bash
# Plans every environment of the checkout in the current directory into
# plans/<env>.json: against its real state when AWS_PLAN_ROLE_ARN is set
# (credentials from OIDC), otherwise offline with `lakegen plan`.
set -euo pipefail
mkdir -p plans
for tfvars in tfvars/*.tfvars; do
  env=$(basename "$tfvars" .tfvars)
  if [ -n "${AWS_PLAN_ROLE_ARN:-}" ]; then
    terraform -chdir="dist/envs/$env" init -input=false
    terraform -chdir="dist/envs/$env" plan -input=false -lock=false -out=tfplan
    terraform -chdir="dist/envs/$env" show -json tfplan > "plans/$env.json"
  else
    ./bin/lakegen.js plan "$env" --out "plans/$env.json"
  fi
done
