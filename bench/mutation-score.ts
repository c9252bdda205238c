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
import { GATED_HARMS, type Mutation, MUTATIONS, tryMutation } from "../testkit/policy/mutations";
import { CLASS_MUTATIONS, MUTATION_CLASSES } from "../testkit/policy/class-mutations";
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
  const all: Mutation[] = [...MUTATIONS, ...CLASS_MUTATIONS];
  const byClass = new Map<string, { n: number; caught: number; gated: number }>();
  const rows = all.map((m) => {
    const { hit, failsGate, gatedAsRequired } = tryMutation(base, m);
    const cls = m.class ? MUTATION_CLASSES[m.class] : "The first corpus";
    const tally = byClass.get(cls) ?? { n: 0, caught: 0, gated: 0 };
    byClass.set(cls, { n: tally.n + 1, caught: tally.caught + (hit ? 1 : 0), gated: tally.gated + (gatedAsRequired ? 1 : 0) });
    const result = hit ? (hit.unknown ? `unknown (${hit.severity})` : hit.severity) : "missed";
    return `| ${m.id} | ${mdCell(m.change)} | ${m.harm} | ${m.rule} | ${result} | ${failsGate ? "fails" : "passes"} |`;
  });
  console.log("| mutation | change | harm | rule | result | default gate |\n|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log("\n| class | mistakes | caught by their rule | gated as their harm requires |\n|---|---:|---:|---:|");
  for (const [cls, t] of byClass) console.log(`| ${cls} | ${t.n} | ${t.caught} | ${t.gated} |`);
  const caught = [...byClass.values()].reduce((a, t) => a + t.caught, 0);
  const gated = [...byClass.values()].reduce((a, t) => a + t.gated, 0);
  console.log(
    `\nCaught by their rule: ${caught} of ${all.length}. Gated as their harm requires (${GATED_HARMS.join(", ")} fail at high): ` +
      `${gated} of ${all.length}.`,
  );
}

if (require.main === module) main();
