/**
 * lakegen check on Terraform written as public module examples write it, not
 * as lakegen does, planned for real (offline) from test/fixtures/foreign/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROVIDER_OVERRIDE } from "../lib/plan";
import { makeTempDir, runTerraform, terraform } from "../lib/terraform";
import { runChecks } from "../policy/engine";
import { ROOT } from "../testkit/helpers";
import { checkedPlan } from "../policy/plan";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

/** A finding as the lists below name it; a third result says so. */
const named = (f: { ruleId: string; address: string; unknown?: true }) =>
  `${f.ruleId} ${f.address}${f.unknown ? " (unknown at plan)" : ""}`;

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
    findings = runChecks([
      { file: "cloudposse-style-s3.json", plan: checkedPlan(planFixture("cloudposse-style-s3"), "cloudposse-style-s3") },
    ]).findings;
  });

  it("joins encryption, versioning, public access block and ownership to the bucket through the local", () => {
    expect(
      findings.map((f) => f.ruleId).filter((id) => ["LG-S3-001", "LG-S3-002", "LG-S3-004", "LG-S3-005", "LG-S3-006"].includes(id)),
    ).toEqual([]);
  });

  it("joins the TLS-only policy of another module, which receives the bucket as an input", () => {
    expect(findings.map((f) => f.ruleId)).not.toContain("LG-S3-007");
  });

  it("still reports what the example lacks: access logging and a lifecycle", () => {
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["LG-S3-008", "LG-S3-009"]));
  });
});

/**
 * What the fixture gets wrong on purpose or leaves out, each true: the adhoc application sets no
 * capacity or auto-stop, the reader policy takes every bucket's objects, the location has no role,
 * the bucket has no logging or lifecycle (so noncurrent versions never expire), and the bucket policy
 * cannot be read at plan time. Its literal sizes break only lakegen's own contract (LG-LAKEGEN-001),
 * which applies to roots lakegen generated, or with --house-rules.
 */
const EXPECTED_TAM_FINDINGS = [
  "LG-EMR-001 aws_emrserverless_application.adhoc",
  "LG-EMR-002 aws_emrserverless_application.adhoc",
  "LG-IAM-002 aws_iam_policy.reader",
  "LG-IAM-006 aws_s3_bucket_policy.data (unknown at plan)",
  "LG-LF-003 aws_lakeformation_resource.data",
  "LG-S3-007 aws_s3_bucket.data (unknown at plan)",
  "LG-S3-008 aws_s3_bucket.data",
  "LG-S3-009 aws_s3_bucket.data",
  "LG-S3-013 aws_s3_bucket.data",
];

describe("a data lake in the style of the terraform-aws-modules examples (inline S3 blocks, jsonencode() policies, omitted blocks)", () => {
  let findings: string[];
  let houseRules: string[];
  beforeAll(() => {
    const plans = [{ file: "tam-style-data-lake.json", plan: checkedPlan(planFixture("tam-style-data-lake"), "tam-style-data-lake") }];
    const listed = (opts = {}) => runChecks(plans, opts).findings.map(named).sort();
    findings = listed();
    houseRules = listed({ houseRules: true }).filter((f) => f.startsWith("LG-LAKEGEN-"));
  });

  // Everything reported is listed here; anything else would be a false positive.
  it("reports what is wrong, and nothing that is configured", () => {
    expect(findings).toEqual(EXPECTED_TAM_FINDINGS);
  });

  it("applies lakegen's house rules only when asked: the root is not lakegen's", () => {
    expect(houseRules).toEqual(["LG-LAKEGEN-001 aws_emrserverless_application.spark", "LG-LAKEGEN-001 aws_kms_key.this"]);
  });

  it('counts the inline encryption and versioning, and reads X-Ray\'s "*" as the only choice', () => {
    const rules = findings.map((f) => f.split(" ")[0]);
    for (const id of ["LG-S3-001", "LG-S3-002", "LG-S3-004"]) expect(rules).not.toContain(id);
    expect(findings).not.toContain("LG-IAM-002 aws_iam_policy.tracing");
  });

  it("reports the jsonencode() bucket policy as unknown at plan, never as a missing TLS deny", () => {
    expect(findings).toContain("LG-IAM-006 aws_s3_bucket_policy.data (unknown at plan)");
    expect(findings.filter((f) => f.startsWith("LG-S3-007"))).toEqual(["LG-S3-007 aws_s3_bucket.data (unknown at plan)"]);
  });
});

/**
 * Everything the access fixture opens on purpose, and nothing else: the CI role any GitHub
 * repository may assume, the role any account may assume, the bucket any account may read, the
 * queue anyone may send to, the ETL role that may drop tables, and the topic policy built from an
 * ARN known only at apply; and, true too, the catalog left without encryption settings, and the partner account's trust: an external
 * id guards the partner against a confused deputy, yet the role still lets another account in, a sharing decision to review (and
 * waive). The narrowed ones (the key's CallerAccount, the topic's SourceAccount) pass, as do the "staging" bucket name and S3's
 * defaults for a new bucket.
 */
const EXPECTED_ACCESS_FINDINGS = [
  "LG-GLUE-004 aws_glue_catalog_database.share",
  "LG-IAM-006 aws_sns_topic_policy.events (unknown at plan)",
  "LG-IAM-007 aws_iam_role.anyone",
  "LG-IAM-007 aws_iam_role.ci",
  "LG-IAM-007 aws_iam_role.partner",
  "LG-IAM-008 aws_s3_bucket_policy.share",
  "LG-IAM-008 aws_sqs_queue_policy.work",
  "LG-LF-007 aws_lakeformation_permissions.etl",
];

describe("access written as public examples write it (trust, resource policies, grants)", () => {
  let findings: string[];
  beforeAll(() => {
    findings = runChecks([{ file: "shared-access.json", plan: checkedPlan(planFixture("shared-access"), "shared-access") }])
      .findings.map(named)
      .sort();
  });

  it("reports every open door, and nothing that is narrowed or left to S3's defaults", () => {
    expect(findings).toEqual(EXPECTED_ACCESS_FINDINGS);
  });
});
