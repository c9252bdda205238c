#!/usr/bin/env bash
# Tags and publishes each module version that main's record holds and no tag
# has yet, then lakegen's own version. A tag that exists is skipped, so the
# script can run again after a failure. Usage: publish-releases.sh RELEASE_DIR
set -euo pipefail
dir=$1

# 0: the tag exists; 2: it does not (git ls-remote --exit-code); anything else stops the script.
tag_state() {
  local code=0
  git ls-remote --exit-code --tags origin "refs/tags/$1" >/dev/null || code=$?
  case $code in
    0) echo published ;;
    2) echo missing ;;
    *) echo "publish: cannot list the tags of origin (git ls-remote exited $code)" >&2; return 1 ;;
  esac
}

entries=$(jq -c '.[] | select(.released == false)' "$dir/release.json")

# A module whose code changed after its record: fine once its recorded version is published, but a
# recorded version never published would be lost (the next release skips past it). Stop and say so.
lost=()
changed=$(jq -r '.[] | select(.released) | .module' "$dir/release.json")
for module in $changed; do
  recorded=$(jq -r .version "releases/$module/interface.json")
  # Assigned first: a failing substitution inside a test's arguments would not stop the script.
  state=$(tag_state "$module/v$recorded")
  if [ "$state" = missing ]; then lost+=("$module/v$recorded"); fi
done
if [ ${#lost[@]} -gt 0 ]; then
  echo "publish: ${lost[*]}: recorded, never published, and the module has changed since; run the release workflow again" >&2
  exit 1
fi
unreleased=$(jq -r '[.[] | select(.released) | .module] | join(", ")' "$dir/release.json")
[ -z "$unreleased" ] || echo "Changed since their last release, left for the next one: $unreleased"

while read -r r; do
  [ -n "$r" ] || continue
  module=$(jq -r .module <<<"$r")
  tag=$(jq -r .tag <<<"$r")
  archive=$(jq -r .archive <<<"$r")
  state=$(tag_state "$tag")
  # A run that stopped after the tag and before the GitHub release finishes it here.
  if [ "$state" = published ] && gh release view "$tag" >/dev/null 2>&1; then
    echo "$tag: already published"
    continue
  fi
  if [ "$state" = missing ]; then
    bash .github/scripts/tag-module.sh "$module" "$tag" "$dir/$archive"
    git push origin "refs/tags/$tag"
  fi
  gh release create "$tag" "$dir/$archive" "$dir/$archive.sha256" --title "$tag" --notes-file "releases/$module/CHANGELOG.md"
  echo "$tag: published"
done <<<"$entries"

version=$(jq -r .version package.json)
tag="lakegen/v$version"
state=$(tag_state "$tag")
if [ "$state" = published ] && gh release view "$tag" >/dev/null 2>&1; then
  echo "$tag: already published"
else
  if [ "$state" = missing ]; then
    git tag "$tag" HEAD
    git push origin "refs/tags/$tag"
  fi
  gh release create "$tag" --title "$tag" --notes-file docs/upgrading.md
  echo "$tag: published"
fi
