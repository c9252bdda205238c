#!/usr/bin/env bash
# Writes test/fixtures/previous-release/: what an earlier lakegen generated for tfvars/ at COMMIT (each
# environment's root and tfvars, the modules' Terraform and the scripts they upload, but no docs, examples
# or tests; and the emulator overrides of that time). The emulator's upgrade test applies it, then plans
# today's roots against that state.
# Usage: bash test/upgrade/previous-release.sh COMMIT VERSION   (1.0.0 is 67be614, where releases/ began)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 2 ] || { echo "usage: $0 COMMIT VERSION" >&2; exit 2; }
commit=$1 version=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-previous.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "previous-release: lakegen $version at $commit" >&2
git archive "$commit" | tar -x -C "$work"
ln -s "$PWD/node_modules" "$work/node_modules"
(cd "$work" && node_modules/.bin/tsc -p . && node bin/lakegen.js synth --quiet --out "$work/dist")

out=test/fixtures/previous-release
rm -rf "$out"
(cd "$work/dist" && find . -type f ! -path '*/docs/*' ! -path '*/examples/*' ! -path '*/tests/*' ! -name README.md | sort) |
  while read -r f; do
    mkdir -p "$out/$(dirname "$f")"
    cp "$work/dist/$f" "$out/$f"
  done
# The emulator's overrides of that time, which name that release's resources.
mkdir -p "$out/emulator-overrides"
cp -r "$work/test/terratest/emulator/overrides/." "$out/emulator-overrides/"
printf 'lakegen %s, generated from %s by test/upgrade/previous-release.sh\n' "$version" "$commit" > "$out/VERSION"
echo "previous-release: wrote $out" >&2
