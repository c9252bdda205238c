/**
 * Every module rule, evaluated by lakegen and by Terraform on the same inputs,
 * must agree: the TypeScript check and the HCL validation are one rule.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { moduleContextSchema, type ModuleDefinition } from "../lib/module";
import { parseTfvars } from "../lib/tfvars";
import { moduleInputs } from "../config/config";
import { passes } from "../lib/rules";
import { variableSpecs } from "../lib/terraform-schema";
import { makeTempDir, terraform } from "../lib/terraform";
import { MODULES } from "../modules";
import { requireTerraformCliConfig, ROOT } from "../testkit/helpers";
import { INVALID_CASES } from "../testkit/invalid-cases";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

/** Schema-valid inputs for a module from a tfvars text, or undefined when the schema rejects them. */
function inputsFor(def: ModuleDefinition, text: string): Json | undefined {
  const raw = parseTfvars(text);
  const parsed = def.schema.safeParse(raw[def.tfvarsKey]);
  if (!parsed.success) return undefined;
  try {
    return moduleInputs(def, { ...raw, tags: raw.tags ?? {}, [def.tfvarsKey]: parsed.data } as never);
  } catch {
    return undefined; // the context (account_id, project…) itself is invalid
  }
}

/** Each rule's condition, evaluated by `terraform console` on the inputs. */
function terraformVerdicts(def: ModuleDefinition, inputs: Json, dir: string): boolean[] {
  const all = moduleContextSchema(def).extend(def.wiring.shape).extend(def.schema.shape);
  const vars = variableSpecs(all)
    .filter((v) => v.name in inputs)
    .map((v) => `variable "${v.name}" {\n  type = ${v.type}\n}\n`);
  fs.writeFileSync(path.join(dir, "variables.tf"), vars.join("\n"));
  const values = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
  fs.writeFileSync(path.join(dir, "terraform.tfvars.json"), JSON.stringify(values));
  const expr = `jsonencode([${checkedRules(def, inputs)
    .map((r) => r.check.hcl())
    .join(", ")}])`;
  const out = terraform(["console"], { cwd: dir, input: expr }).stdout.trim();
  return JSON.parse(JSON.parse(out));
}

/** Rules over inputs that tfvars carry; rules over module wiring only Terraform can check. */
const checkedRules = (def: ModuleDefinition, inputs: Json) => def.rules.filter((r) => r.path.split(".")[0] in inputs);

const WITH_RULES = MODULES.filter((m) => m.rules.length > 0);

it("covers the modules that have rules", () => {
  expect(WITH_RULES.map((m) => m.name)).toEqual([
    "data-lake-storage",
    "emr-serverless",
    "glue-catalog",
    "lake-formation",
    "kinesis-ingest",
    "etl-pipeline",
    "monitoring",
  ]);
});

describe.each(WITH_RULES.map((m) => [m.name, m]))("rules of %s", (_name, def) => {
  it("agree with Terraform on the shipped environments and every invalid case", () => {
    requireTerraformCliConfig();
    const texts = [
      ...["dev", "prod"].map((e) => fs.readFileSync(path.join(ROOT, "tfvars", `${e}.tfvars`), "utf8")),
      ...INVALID_CASES.map((c) => c.edit(fs.readFileSync(path.join(ROOT, "tfvars", `${c.base}.tfvars`), "utf8"))),
    ];
    const dir = makeTempDir("rules");
    // Most invalid cases leave this module's inputs as a shipped file has them: ask Terraform once per distinct input.
    const asked = new Map<string, boolean[]>();
    let failures = 0;
    let compared = 0;
    try {
      for (const text of texts) {
        const inputs = inputsFor(def, text);
        if (!inputs) continue;
        const ours = checkedRules(def, inputs).map((r) => passes(r, inputs));
        const key = JSON.stringify(inputs);
        if (!asked.has(key)) asked.set(key, terraformVerdicts(def, inputs, dir));
        expect(asked.get(key)).toEqual(ours);
        failures += ours.filter((ok) => !ok).length;
        compared++;
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(compared).toBeGreaterThan(5);
    expect(failures).toBeGreaterThan(0);
  });
});
