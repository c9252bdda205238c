#!/usr/bin/env bash
# Apply applies only what a pull request showed: finds the merged pull request of this commit, takes the
# reviewed marker from ENV's lakegen comment on it, and compares it with plans/ENV.json (lakegen reviewed).
# Fails when no merged pull request holds the commit, or its comment has no marker, or the plans differ in
# what they destroy, replace or grant.
# Usage: reviewed-plan.sh ENV   (needs gh and GH_TOKEN; GITHUB_REPOSITORY and GITHUB_SHA)
set -euo pipefail
env=${1:?usage: reviewed-plan.sh ENV}
repo=${GITHUB_REPOSITORY:?} sha=${GITHUB_SHA:?}
# The pull request merged into main as this commit; GitHub may list it a few seconds after the push.
for attempt in 1 2 3; do
  pr=$(gh api "repos/$repo/commits/$sha/pulls" --jq "[.[] | select(.merged_at != null and .base.ref == \"main\" and .merge_commit_sha == \"$sha\")][0].number // empty")
  [ -n "$pr" ] || [ "$attempt" = 3 ] || sleep "${REVIEWED_RETRY_SECONDS:-10}"
  [ -z "$pr" ] || break
done
if [ -z "$pr" ]; then
  echo "::error::no merged pull request holds $sha: apply applies only a plan that a pull request showed" >&2
  exit 1
fi
comment=$(mktemp)
trap 'rm -f "$comment"' EXIT
marker="<!-- lakegen:$env -->"
# Only the workflow's own comment: anyone who can comment could write a marker in theirs.
gh api "repos/$repo/issues/$pr/comments" --paginate \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .body" > "$comment"
echo "reviewed-plan: pull request #$pr, environment $env" >&2
./bin/lakegen.js reviewed "plans/$env.json" --against "$comment"
