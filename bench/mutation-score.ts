/**
 * The mutation score of `lakegen check` (a report, not a test; Jest asserts
 * each mutation in test/terraform.test.ts): every mistake of the corpus
 * applied to the prod plan, with the rule and severity that caught it.
 *
 *   npm run bench:mutations [-- --plan PROD_PLAN.json]
 *
 * Without --plan, the prod environment is synthesized and planned offline.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { mdCell } from "../lib/markdown";
import { planEnvironment } from "../lib/plan";
import { ensureCliConfig } from "../lib/provider-mirror";
import { makeTempDir } from "../lib/terraform";
import { GATED_HARMS, MUTATIONS, tryMutation } from "../testkit/policy/mutations";
import { loadEnvironments } from "../synth/environments";
import { synthesize } from "../synth/synth";

function prodPlan(file?: string): unknown {
  if (file) return JSON.parse(fs.readFileSync(file, "utf8"));
  const dir = makeTempDir("bench-mutations");
  try {
    ensureCliConfig(dir);
    synthesize({ environments: loadEnvironments(), distDir: path.join(dir, "dist") });
    return planEnvironment({ distDir: path.join(dir, "dist"), env: "prod", log: (l) => process.stderr.write(`bench: ${l}\n`) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({ options: { plan: { type: "string" } } });
  const base = prodPlan(values.plan);
  let caught = 0;
  let gated = 0;
  const rows = MUTATIONS.map((m) => {
    const { hit, failsGate, gatedAsRequired } = tryMutation(base, m);
    if (hit) caught++;
    if (gatedAsRequired) gated++;
    return `| ${m.id} | ${mdCell(m.change)} | ${m.harm} | ${m.rule} | ${hit?.severity ?? "missed"} | ${failsGate ? "fails" : "passes"} |`;
  });
  console.log("| mutation | change | harm | rule | severity | default gate |\n|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`\nCaught by their rule: ${caught} of ${MUTATIONS.length}. Gated as their harm requires (${GATED_HARMS.join(", ")} fail at high): ${gated} of ${MUTATIONS.length}.`);
}

if (require.main === module) main();
