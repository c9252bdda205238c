#!/usr/bin/env bash
# `lakegen pr --base-tfvars --head-tfvars`, end to end: both sides validated,
# synthesized and planned offline by the real Terraform, then compared. Outside
# Jest because two plans take about 15 s. Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf 'pr from tfvars: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-pr.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
[ -f build/cli/lakegen.js ] || npx tsc -p .

# The head cuts the stream from four shards to one.
cp tfvars/prod.tfvars "$scratch/prod.tfvars"
sed -e 's/shard_count = 4/shard_count = 1/' tfvars/prod.tfvars > "$scratch/head.tfvars"
grep -q 'shard_count = 1' "$scratch/head.tfvars" || fail "the head edit did not apply"

status=0
node bin/lakegen.js pr --base-tfvars "$scratch/prod.tfvars" --head-tfvars "$scratch/head.tfvars" --format json --output "$scratch/report.json" || status=$?
[ "$status" -eq 0 ] || fail "a cheaper stream is no finding, expected exit 0, got $status"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const k = r.cost.lines.find((l) => l.component === "Kinesis stream api-integrations");
  if (!k || !(k.delta < 0)) throw new Error("expected the Kinesis line to cost less in head: " + JSON.stringify(k));
  if (r.cost.delta !== k.delta) throw new Error("expected the total to change by the Kinesis delta only: " + r.cost.delta + " vs " + k.delta);
  if (!r.summary.some((s) => s.module === "module.kinesis_ingest")) throw new Error("no plan summary for module.kinesis_ingest");
' "$scratch/report.json" || fail "the report is wrong"
say "cost delta from tfvars: ok"

# Invalid head tfvars: exit 1, the file and the key named, nothing planned.
sed -e 's/shard_count = 4/shard_count = 0/' tfvars/prod.tfvars > "$scratch/bad.tfvars"
status=0
node bin/lakegen.js pr --base-tfvars "$scratch/prod.tfvars" --head-tfvars "$scratch/bad.tfvars" > "$scratch/out" 2> "$scratch/err" || status=$?
[ "$status" -eq 1 ] || fail "invalid head tfvars: expected exit 1, got $status"
grep -q "bad.tfvars: sources.api-integrations.stream.shard_count" "$scratch/err" || { cat "$scratch/err" >&2; fail "the error does not name the file and the key"; }
[ ! -s "$scratch/out" ] || fail "a report was written for invalid tfvars"
say "invalid tfvars refused: ok"

# Plans and tfvars together: a usage error.
status=0
node bin/lakegen.js pr --base "$scratch/x.json" --head-tfvars "$scratch/head.tfvars" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "mixed inputs: expected exit 2, got $status"
say "all checks passed"
