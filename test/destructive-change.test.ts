/**
 * The destructive-change guard on real plans: prod is applied against a
 * mocked provider, then planned again with edited tfvars. Terraform itself
 * decides what it would delete or change; lakegen check must name it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineRoot } from "../lib/plan";
import { makeTempDir } from "../lib/terraform";
import { runChecks } from "../policy/engine";
import type { Finding } from "../policy/rule";
import { loadEnvironments } from "../synth/environments";
import { synthesize } from "../synth/synth";
import { readTfvars, ROOT } from "./helpers";
import { terraformTestJson, toTfvars } from "./terraform-batch";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const prod = readTfvars("tfvars/prod.tfvars");
const edited = (key: string, edit: (v: Json) => void) => {
  const v = structuredClone(prod[key]);
  edit(v);
  return toTfvars({ [key]: v });
};

/**
 * Each run plans prod, as applied, with one edit. A mocked provider cannot say
 * which changes force a replacement (that is the real provider's schema at
 * work), so the replacement of a bucket is asked of Terraform with `replace`,
 * as `terraform plan -replace` does; everything else follows from the tfvars.
 */
const RUNS: Record<string, { vars: string; replace?: string[] }> = {
  unchanged: { vars: "" },
  replaced_bucket: { vars: "", replace: ['module.data_lake_storage.aws_s3_bucket.this["raw"]'] },
  fewer_shards: { vars: edited("sources", (s) => (s["api-integrations"].stream.shard_count = 1)) },
  dropped_admin: { vars: edited("lake_formation", (lf) => (lf.admins = lf.admins.slice(0, 1))) },
  removed_stream_source: { vars: edited("sources", (s) => delete s["api-integrations"]) },
};

/** Each bucket its own ARN: emr-serverless refuses an artifacts bucket among the buckets jobs write. */
const ARTIFACTS_ARN = `override_resource {
  target = module.data_lake_storage.aws_s3_bucket.this["artifacts"]
  values = {
    arn = "arn:aws:s3:::mock-artifacts"
  }
}
`;

let work: string;
const findings = new Map<string, Finding[]>();
const changeFindings = (run: string) => findings.get(run)!.filter((f) => f.ruleId.startsWith("LG-CHANGE-"));

beforeAll(async () => {
  work = makeTempDir("guard");
  process.chdir(ROOT);
  synthesize({ environments: loadEnvironments().filter((e) => e.name === "prod"), distDir: path.join(work, "dist") });
  const root = new OfflineRoot(path.join(work, "dist"), "prod");
  root.init();
  // A mocked provider applies prod; each run then plans an edit from that state.
  fs.cpSync(path.join(ROOT, "test", "terraform", "mocks"), path.join(root.dir, "guard", "mocks"), { recursive: true });
  const runs = Object.entries(RUNS).map(([name, run]) => {
    const replace = run.replace ? `\n  plan_options {\n    replace = [${run.replace.join(", ")}]\n  }\n` : "";
    return `run "${name}" {\n  command = plan\n${replace}\n  variables {\n${run.vars}\n  }\n}\n`;
  });
  fs.writeFileSync(
    path.join(root.dir, "guard", "guard.tftest.hcl"),
    `mock_provider "aws" {\n  source = "./guard/mocks"\n}\n\n${ARTIFACTS_ARN}\nrun "applied" {\n  command = apply\n}\n\n${runs.join("\n")}`,
  );
  const plans = new Map<string, Json>();
  const errors: string[] = [];
  const stderr = await terraformTestJson(root.dir, "guard", (m) => {
    if (m.type === "test_plan") plans.set(m["@testrun"], m.test_plan);
    if (m.type === "diagnostic" && m.diagnostic.severity === "error") errors.push(`${m["@testrun"]}: ${m.diagnostic.summary}: ${m.diagnostic.detail ?? ""}`);
  });
  for (const name of Object.keys(RUNS)) {
    const plan = plans.get(name);
    if (!plan) throw new Error(`no plan for ${name}:\n${[...errors, stderr].join("\n")}`);
    findings.set(name, runChecks([{ file: `${name}.json`, plan: { format_version: "1.2", ...plan } }]).findings);
  }
  root.dispose();
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("finds nothing destructive in a plan of what is applied", () => {
  expect(changeFindings("unchanged")).toEqual([]);
});

it("fails a bucket that Terraform would replace, critical, naming what is lost", () => {
  expect(changeFindings("replaced_bucket").map((f) => [f.ruleId, f.severity, f.address, f.message])).toEqual([
    ["LG-CHANGE-001", "critical", 'module.data_lake_storage.aws_s3_bucket.this["raw"]', "Replaced (delete then create): loses the bucket and every object in it."],
  ]);
});

it("fails a stream source's removal: its stream and delivery stream are deleted", () => {
  expect(changeFindings("removed_stream_source").map((f) => [f.ruleId, f.address, f.message.split(":")[0]])).toEqual(
    expect.arrayContaining([
      ["LG-CHANGE-001", 'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]', "Deleted"],
      ["LG-CHANGE-001", 'module.kinesis_ingest.aws_kinesis_firehose_delivery_stream.this["api-integrations"]', "Deleted"],
    ]),
  );
});

it("fails a Lake Formation admin dropped from the settings", () => {
  expect(changeFindings("dropped_admin").map((f) => [f.ruleId, f.severity, f.message])).toEqual([
    ["LG-CHANGE-002", "critical", "Drops the Lake Formation admin arn:aws:iam::222222222222:role/TerraformDeploy."],
  ]);
});

it("fails a shard count cut below half", () => {
  expect(changeFindings("fewer_shards").map((f) => [f.ruleId, f.address, f.message])).toEqual([
    ["LG-CHANGE-003", 'module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]', "shard_count goes from 4 to 1, below half."],
  ]);
});
