#!/usr/bin/env bash
# Puts BODY_FILE on the pull request as the one comment of KEY: updates the comment that
# carries the marker <!-- lakegen:KEY --> when there is one, else creates it. Each push
# then updates the report in place instead of adding a comment.
# Usage: upsert-comment.sh PR_NUMBER KEY BODY_FILE   (needs gh and GH_TOKEN; GITHUB_REPOSITORY)
set -euo pipefail
pr=${1:?usage: upsert-comment.sh PR KEY BODY_FILE} key=${2:?} body_file=${3:?}
repo=${GITHUB_REPOSITORY:?}
marker="<!-- lakegen:$key -->"
body=$(printf '%s\n%s\n' "$marker" "$(cat "$body_file")")
# The workflow's own comment only: another author's comment that starts with the marker is left alone.
id=$(gh api "repos/$repo/issues/$pr/comments" --paginate --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$marker\"))) | .id" | head -n 1)
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$repo/issues/comments/$id" -f body="$body" > /dev/null
  echo "upsert-comment: updated comment $id ($key)"
else
  gh api -X POST "repos/$repo/issues/$pr/comments" -f body="$body" > /dev/null
  echo "upsert-comment: created the comment of $key"
fi
