#!/usr/bin/env bash
# The e2e suite: each environment applied against the AWS emulator (moto),
# checked through the AWS SDK, re-planned, resized and destroyed. Makes the
# emulator's virtualenv (.venv-e2e, remade when its requirements change),
# downloads the Go modules, synthesizes into a scratch directory (or copies
# npm test's, test/dist.sh), then runs `go test`. Extra arguments go to
# `go test` (e.g. -run TestEmulatorGaps).
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf 'e2e: %s\n' "$*" >&2; }

command -v go >/dev/null || { say "Go 1.26 is required on PATH"; exit 1; }
command -v terraform >/dev/null || { say "Terraform >= 1.10 is required on PATH"; exit 1; }

if [ "${LAKEGEN_E2E_TARGET:-emulator}" != "aws" ]; then
  req=test/terratest/emulator/requirements.txt
  venv=.venv-e2e
  stamp="$venv/.requirements.sha256"
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing the emulator ($req) into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    echo "$want" > "$stamp"
  fi
  export LAKEGEN_E2E_PYTHON="$PWD/$venv/bin/python"
  # Every Go process of the suite collects at five times the last collection's heap, not twice (docs/testing.md).
  export GOGC="${GOGC:-400}"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-e2e.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
[ -f build/lib/provider-mirror.js ] || npx tsc -p .
# The mirror's CLI config, or none: then Terraform takes the provider from the registry (it says so).
TF_CLI_CONFIG_FILE=$(node -e 'console.log(require("./build/lib/provider-mirror.js").providerSourceForScript(process.argv[1]))' "$scratch/terraform")
[ -n "$TF_CLI_CONFIG_FILE" ] || unset TF_CLI_CONFIG_FILE
export TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1

source test/dist.sh
dist_into "$scratch/dist"
export LAKEGEN_E2E_DIST="$scratch/dist"

cd test/terratest
say "go mod download"
go mod download
# Under npm test, the suite is built first and the file LAKEGEN_E2E_READY names is touched: npm test starts its
# other suites then. On a machine with an empty Go build cache, the build compiles the AWS SDK's clients, which
# would otherwise share the cores with those suites and make this one end long after them. go test below reuses
# the compiled packages (with -o /dev/null, the binary itself is not kept).
if [ -n "${LAKEGEN_E2E_READY:-}" ]; then
  say "go test -c (the suite's build)"
  go test -c -o /dev/null ./...
  touch "$LAKEGEN_E2E_READY"
fi
say "go test (each environment: apply, check, re-plan, resize, destroy)"
# Not exec: the trap must still remove the scratch folder when go test ends.
status=0
# -parallel: the tests mostly wait on the provider's polls, so all of them at once, not GOMAXPROCS (2) at a time.
go test -count=1 -timeout 30m -parallel 8 -v "$@" ./... || status=$?
exit "$status"
