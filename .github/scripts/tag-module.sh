#!/usr/bin/env bash
# Tags <tag> on a new commit that holds only <module>/, the contents of the
# module's release archive, so that `git::<repo>//<module>?ref=<tag>` finds it.
# The commit has no parent and touches neither the index nor the work tree.
# Usage: tag-module.sh MODULE TAG ARCHIVE
set -euo pipefail
module=$1 tag=$2 archive=$3
tree=$(mktemp -d)
index=$(mktemp -u)
trap 'rm -rf "$tree" "$index"' EXIT
mkdir "$tree/$module"
tar -xzf "$archive" -C "$tree/$module"
GIT_INDEX_FILE=$index git --work-tree="$tree" add -A .
# In two steps: a failing substitution inside another command's arguments would not stop the script.
tree_id=$(GIT_INDEX_FILE=$index git write-tree)
commit=$(git commit-tree "$tree_id" -m "$tag")
git tag "$tag" "$commit"
