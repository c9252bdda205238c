/**
 * The destructive-change guard on real plans: prod is applied against a
 * mocked provider, then planned again with edited tfvars. Terraform itself
 * decides what it would delete or change; lakegen check must name it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineRoot } from "../lib/plan";
import { makeTempDir } from "../lib/terraform";
import { runChecks } from "../policy/engine";
import type { Finding } from "../policy/rule";
import { readTfvars, ROOT } from "../testkit/helpers";
import { sharedDist, sharedPlan } from "../testkit/shared-root";
import { terraformTestJson, toTfvars } from "../testkit/terraform-batch";
import { checkedPlan } from "../policy/plan";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

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
  removed_stream_source: {
    vars:
      edited("sources", (s) => delete s["api-integrations"]) +
      "\n" +
      edited("orchestration", (o) => {
        for (const p of Object.values(o.pipelines as Json)) p.sources = (p.sources as string[]).filter((x) => x !== "api-integrations");
      }),
  },
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
  const root = new OfflineRoot(await sharedDist(), "prod");
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
    if (m.type === "diagnostic" && m.diagnostic.severity === "error")
      errors.push(`${m["@testrun"]}: ${m.diagnostic.summary}: ${m.diagnostic.detail ?? ""}`);
  });
  for (const name of Object.keys(RUNS)) {
    const plan = plans.get(name);
    if (!plan) throw new Error(`no plan for ${name}:\n${[...errors, stderr].join("\n")}`);
    findings.set(name, runChecks([{ file: `${name}.json`, plan: checkedPlan({ format_version: "1.2", ...plan }, name) }]).findings);
    fs.writeFileSync(path.join(work, `${name}.json`), JSON.stringify({ format_version: "1.2", ...plan }));
  }
  // Two plans as terraform show -json writes them, with the tfvars in `variables`, for the cost delta.
  fs.writeFileSync(path.join(work, "prod-base.json"), JSON.stringify(await sharedPlan("prod")));
  const varFile = path.join(work, "fewer-executors.tfvars");
  fs.writeFileSync(varFile, toTfvars({ ...prod, emr: { ...prod.emr, max_executors: 10 } }));
  fs.writeFileSync(path.join(work, "prod-fewer-executors.json"), JSON.stringify(root.plan(varFile)));
  root.dispose();
}, 600_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

it("finds nothing destructive in a plan of what is applied", () => {
  expect(changeFindings("unchanged")).toEqual([]);
});

it("fails a bucket that Terraform would replace, critical, naming what is lost", () => {
  expect(changeFindings("replaced_bucket").map((f) => [f.ruleId, f.severity, f.address, f.message])).toEqual([
    [
      "LG-CHANGE-001",
      "critical",
      'module.data_lake_storage.aws_s3_bucket.this["raw"]',
      "Replaced (delete then create): loses the bucket and every object in it.",
    ],
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

describe("lakegen pr on the same plans", () => {
  const pr = (base: string, head: string, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, "build", "cli", "lakegen.js"),
        "pr",
        "--base",
        path.join(work, `${base}.json`),
        "--head",
        path.join(work, `${head}.json`),
        ...args,
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );

  it("fails a head that cuts the shards, and names the destructive change and the plan per module", () => {
    // terraform test's plans carry no configuration: the delivery policy the cut makes unknown is unknown at plan, and fails too.
    const res = pr("unchanged", "fewer_shards");
    expect(res.status).toBe(1);
    expect(res.stdout).toContain("**Fails:** 2 new findings at or above high or unknown at plan, not waived.");
    expect(res.stdout).toContain(
      '| unknown at plan | LG-IAM-006 | `module.kinesis_ingest.aws_iam_role_policy.delivery["api-integrations"]` |',
    );
    // With unknowns left to the reviewer, only the destructive change fails.
    expect(pr("unchanged", "fewer_shards", "--unknown", "none", "--format", "json").stdout).toMatch(
      /"failing": \[\s*\{\s*"address": "module\.kinesis_ingest\.aws_kinesis_stream/,
    );
    expect(res.stdout).toContain(
      '| high | LG-CHANGE-003 | `module.kinesis_ingest.aws_kinesis_stream.this["api-integrations"]` | shard_count goes from 4 to 1, ' +
        "below half. |",
    );
    expect(res.stdout).toMatch(/^\| module\.kinesis_ingest \| 0 \| [1-9]\d* \| 0 \| 0 \|$/m);
  });

  it("passes a head with fewer executors, and gives the cost of both sides per line item", () => {
    const res = pr("prod-base", "prod-fewer-executors", "--format", "json");
    expect(res.status).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.added).toEqual([]);
    expect(report.cost.unavailable).toBeUndefined();
    expect(report.cost.delta).toBeLessThan(0);
    const changed = report.cost.lines.filter((l: Json) => l.delta !== 0).map((l: Json) => l.component);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((c: string) => /EMR/i.test(c))).toBe(true);
  });

  it("reports as resolved what head no longer has", () => {
    const res = pr("fewer_shards", "unchanged", "--format", "json");
    expect(res.status).toBe(0);
    // terraform test's plans carry no configuration, so a policy that is unknown there is unreadable (LG-IAM-006) too.
    const resolved = JSON.parse(res.stdout).resolved.map((f: Json) => f.ruleId);
    expect(resolved).toContain("LG-CHANGE-003");
    expect(resolved.filter((id: string) => id !== "LG-IAM-006")).toEqual(["LG-CHANGE-003"]);
  });

  it("writes SARIF of the new findings only, with stable fingerprints", () => {
    const a = JSON.parse(pr("unchanged", "removed_stream_source", "--format", "sarif").stdout);
    const b = JSON.parse(pr("unchanged", "removed_stream_source", "--format", "sarif").stdout);
    const prints = (log: Json) => log.runs[0].results.map((r: Json) => r.partialFingerprints["lakegenFinding/v1"]);
    expect(prints(a).length).toBeGreaterThan(0);
    expect(prints(a)).toEqual(prints(b));
    expect(a.runs[0].results.every((r: Json) => r.ruleId === "LG-CHANGE-001")).toBe(true);
  });
});
