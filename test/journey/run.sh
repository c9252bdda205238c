#!/usr/bin/env bash
# The data journey (test/journey/journey.ts): the rendered roots, the shipped jobs
# in local Spark, the state machines in aws-local-stepfunctions. Needs the build
# (tsc) and the Python virtualenv of test/python/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/go-gc.sh
bash test/python/venv.sh
command -v java >/dev/null || { echo "journey: PySpark needs Java 17 on PATH" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-journey-render.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The mirror's CLI config, or none: then Terraform takes the provider from the registry (it says so).
TF_CLI_CONFIG_FILE=$(node -e 'console.log(require("./build/lib/provider-mirror.js").providerSourceForScript(process.argv[1]))' "$work")
[ -n "$TF_CLI_CONFIG_FILE" ] || unset TF_CLI_CONFIG_FILE
mkdir -p "$work/plugin-cache" "$work/rendered"
# npm test renders the roots once, in Jest, keeps them for this run only, and names the folder in LAKEGEN_REUSE_RENDERED.
reuse=${LAKEGEN_REUSE_RENDERED:-}
if [ -n "$reuse" ] && [ -d "$reuse" ]; then cp "$reuse"/*.json "$work/rendered/" 2>/dev/null || true; fi
export TF_CLI_CONFIG_FILE TF_PLUGIN_CACHE_DIR="$work/plugin-cache" CHECKPOINT_DISABLE=1
LAKEGEN_JEST_DIR="$work" node --test --test-reporter=spec ${JOURNEY_PATTERN:+--test-name-pattern="$JOURNEY_PATTERN"} build/test/journey/journey.js
