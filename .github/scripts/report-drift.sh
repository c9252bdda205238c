#!/usr/bin/env bash
# Reports the nightly drift check of ENV as a GitHub issue, where the team sees it: opens
# "Drift in ENV" (label drift) with the plan, or comments on the open one; closes it when
# ENV has no drift again. EXIT is `terraform plan -detailed-exitcode`'s: 0 none, 2 drift.
# Usage: report-drift.sh ENV EXIT PLAN_TEXT_FILE   (needs gh and GH_TOKEN)
set -euo pipefail
env=${1:?usage: report-drift.sh ENV EXIT PLAN_TEXT_FILE} code=${2:?} plan=${3:?}
title="Drift in $env"
open=$(gh issue list --state open --label drift --search "\"$title\" in:title" --json number,title --jq ".[] | select(.title == \"$title\") | .number" | head -n 1)
case "$code" in
  0)
    if [ -n "$open" ]; then
      gh issue close "$open" --comment "No drift in $env as of $(date -u +%Y-%m-%dT%H:%MZ)."
      echo "report-drift: $env has no drift; closed #$open"
    else
      echo "report-drift: $env has no drift"
    fi
    ;;
  2)
    body=$(mktemp)
    trap 'rm -f "$body"' EXIT
    { echo "The nightly plan of \`$env\` differs from its state: the account was changed outside Terraform, or main was not applied."; echo; echo '```'; tail -c 60000 "$plan"; echo '```'; } > "$body"
    if [ -n "$open" ]; then
      gh issue comment "$open" --body-file "$body"
      echo "report-drift: $env still drifts; commented on #$open"
    else
      # The label must exist before an issue can carry it; --force leaves an existing one as it is.
      gh label create drift --force --color d93f0b --description "The nightly plan differs from the state"
      gh issue create --title "$title" --label drift --body-file "$body"
      echo "report-drift: $env drifts; opened an issue"
    fi
    ;;
  *)
    echo "report-drift: the plan of $env failed (exit $code)" >&2
    exit "$code"
    ;;
esac
