#!/usr/bin/env bash
# `lakegen pr --base-tfvars --head-tfvars`, end to end: both sides validated,
# synthesized and planned offline by the real Terraform, then compared. Outside
# Jest because its plans take about 30 s. Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/go-gc.sh
say() { printf 'pr from tfvars: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lakegen-pr.XXXXXX")
extended_pid=
# The comparison in the background is its own process group: stopped with its Terraform, whatever ends this script.
trap '[ -z "$extended_pid" ] || kill -TERM -- "-$extended_pid" 2>/dev/null; rm -rf "$scratch"' EXIT
[ -f build/cli/lakegen.js ] || npx tsc -p .

# The head renames the project, which replaces every bucket, and cuts the stream from four shards
# to one. Neither side has a state: lakegen pr infers the replacements from the two plans, and fails.
cp tfvars/prod.tfvars "$scratch/prod.tfvars"
sed -e 's/shard_count = 4/shard_count = 1/' -e 's/^project     = "acme-lake"/project     = "acme-data"/' tfvars/prod.tfvars > "$scratch/head.tfvars"
grep -q 'shard_count = 1' "$scratch/head.tfvars" && grep -q '"acme-data"' "$scratch/head.tfvars" || fail "the head edits did not apply"

# The two comparisons below plan prod each: they run at once, one per core.
node -e '
  const { withExtensions } = require("./build/testkit/extensions");
  const fs = require("fs");
  fs.writeFileSync(process.argv[2], withExtensions(fs.readFileSync(process.argv[1], "utf8"), ["networks", "iam"]));
' "$scratch/prod.tfvars" "$scratch/extended.tfvars"
setsid node bin/lakegen.js pr --base-tfvars "$scratch/prod.tfvars" --head-tfvars "$scratch/extended.tfvars" --format json --output "$scratch/extended.json" 2>"$scratch/extended.err" &
extended_pid=$!

status=0
node bin/lakegen.js pr --base-tfvars "$scratch/prod.tfvars" --head-tfvars "$scratch/head.tfvars" --format json --output "$scratch/report.json" || status=$?
[ "$status" -eq 1 ] || fail "a rename that replaces every bucket must fail, expected exit 1, got $status"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (r.inferred !== true) throw new Error("expected the report to say it inferred the changes without a state");
  const replaced = r.destructive.filter((f) => f.ruleId === "LG-CHANGE-001" && f.resourceType === "aws_s3_bucket").length;
  if (replaced < 6) throw new Error("expected every bucket replaced, got " + replaced);
  if (!r.failing.some((f) => f.ruleId === "LG-CHANGE-001" && f.resourceType === "aws_kinesis_stream")) throw new Error("expected the renamed stream to be replaced");
  const k = r.cost.lines.find((l) => l.component === "Kinesis stream api-integrations");
  if (!k || !(k.delta < 0)) throw new Error("expected the Kinesis line to cost less in head: " + JSON.stringify(k));
  if (r.cost.delta !== k.delta) throw new Error("expected the total to change by the Kinesis delta only: " + r.cost.delta + " vs " + k.delta);
  const kinesis = r.summary.find((s) => s.module === "module.kinesis_ingest");
  if (!kinesis || kinesis.create !== 0) throw new Error("expected the module table to show the change only: " + JSON.stringify(kinesis));
' "$scratch/report.json" || fail "the report is wrong"
say "rename and shard cut seen without state, cost delta: ok"

# A team adds a boundary, managed policies and networks to a running lake: the full plans,
# configuration included, pass the gate with no new finding, and nothing is destroyed.
# (A bucket name change replaces the bucket, and fails, as the rename above shows.)
code=0
wait "$extended_pid" || code=$?
extended_pid=
[ "$code" -eq 0 ] ||
  { cat "$scratch/extended.err" >&2; node -e 'for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).failing) console.error(f.ruleId, f.address, f.message)' "$scratch/extended.json"; fail "the extension points must pass the gate"; }
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const destroyed = r.destructive.map((f) => f.address);
  if (destroyed.length) throw new Error("expected nothing destroyed: " + destroyed);
  const glue = r.summary.find((s) => s.module === "module.glue_catalog");
  if (!glue || glue.create !== 8) throw new Error("expected the connection, 4 network policies and 3 attachments added: " + JSON.stringify(glue));
' "$scratch/extended.json" || fail "the extension report is wrong"
say "boundary, managed policies and networks pass the gate: ok"

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
