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
unreleased=$(jq -r '[.[] | select(.released) | .module] | join(", ")' "$dir/release.json")
[ -z "$unreleased" ] || echo "Changed since their last release, left for the next one: $unreleased"

while read -r r; do
  [ -n "$r" ] || continue
  module=$(jq -r .module <<<"$r")
  tag=$(jq -r .tag <<<"$r")
  archive=$(jq -r .archive <<<"$r")
  state=$(tag_state "$tag")
  if [ "$state" = published ]; then
    echo "$tag: already published"
    continue
  fi
  bash .github/scripts/tag-module.sh "$module" "$tag" "$dir/$archive"
  git push origin "refs/tags/$tag"
  gh release create "$tag" "$dir/$archive" "$dir/$archive.sha256" --title "$tag" --notes-file "releases/$module/CHANGELOG.md"
  echo "$tag: published"
done <<<"$entries"

version=$(jq -r .version package.json)
tag="lakegen/v$version"
state=$(tag_state "$tag")
if [ "$state" = published ]; then
  echo "$tag: already published"
else
  git tag "$tag" HEAD
  git push origin "refs/tags/$tag"
  gh release create "$tag" --title "$tag" --notes-file docs/upgrading.md
  echo "$tag: published"
fi
