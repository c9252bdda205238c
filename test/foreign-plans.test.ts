/**
 * lakegen check on Terraform written as public module examples write it, not
 * as lakegen does, planned for real (offline) from test/fixtures/foreign/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROVIDER_OVERRIDE } from "../lib/plan";
import { makeTempDir, runTerraform, terraform } from "../lib/terraform";
import { runChecks } from "../policy/engine";
import { ROOT } from "./helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function planFixture(name: string): Json {
  const dir = path.join(makeTempDir("foreign"), name);
  fs.cpSync(path.join(ROOT, "test", "fixtures", "foreign", name), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "provider_override.tf"), PROVIDER_OVERRIDE);
  try {
    terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir });
    const plan = runTerraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=tfplan"], { cwd: dir });
    if (plan.code !== 0) throw new Error(plan.stderr);
    return JSON.parse(terraform(["show", "-json", "tfplan"], { cwd: dir }).stdout);
  } finally {
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

describe("an S3 module in the style of public examples (split resources through a local and a module input)", () => {
  let findings: { ruleId: string; address: string }[];
  beforeAll(() => {
    findings = runChecks([{ file: "cloudposse-style-s3.json", plan: planFixture("cloudposse-style-s3") }]).findings;
  });

  it("joins encryption, versioning, public access block and ownership to the bucket through the local", () => {
    expect(findings.map((f) => f.ruleId).filter((id) => ["LG-S3-001", "LG-S3-002", "LG-S3-004", "LG-S3-005", "LG-S3-006"].includes(id))).toEqual([]);
  });

  it("joins the TLS-only policy of another module, which receives the bucket as an input", () => {
    expect(findings.map((f) => f.ruleId)).not.toContain("LG-S3-007");
  });

  it("still reports what the example lacks: access logging and a lifecycle", () => {
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["LG-S3-008", "LG-S3-009"]));
  });
});
