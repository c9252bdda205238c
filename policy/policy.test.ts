import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../lib/terraform";
import { ALL_RULES, failing, runChecks } from "./engine";
import type { Json } from "./plan";
import { renderReport } from "./report/formats";
import { rulesTable } from "./report/rules-table";
import { sarifLogSchema } from "./testing/sarif-schema";
import { RULES } from "./rules";
import { passingLake, type PlanFixture } from "./testing/plan-fixture";
import { addressMatches, loadWaivers } from "./waivers";

const ROOT = path.join(__dirname, "..");
const check = (f: PlanFixture, opts = {}) => runChecks([{ file: "plan.json", plan: f.plan() }], opts).findings;
const statement = (f: PlanFixture, i: number) => f.config("data.aws_iam_policy_document.job").expressions.statement[i];

/** One way to break each rule, on a lake that otherwise passes them all. */
const BREAK: Record<string, (f: PlanFixture) => void> = {
  "LG-KMS-001": (f) => (f.values("aws_kms_key.lake").enable_key_rotation = false),
  "LG-ATHENA-001": (f) => (f.values("aws_athena_workgroup.this").configuration[0].enforce_workgroup_configuration = false),
  "LG-ATHENA-002": (f) => (f.values("aws_athena_workgroup.this").configuration[0].result_configuration[0].encryption_configuration = []),
  "LG-ATHENA-003": (f) => delete f.values("aws_athena_workgroup.this").configuration[0].bytes_scanned_cutoff_per_query,
  "LG-IAM-004": (f) => (statement(f, 0).not_resources = { constant_value: ["arn:aws:s3:::audit/*"] }),
  "LG-IAM-005": (f) => f.add("aws_iam_role_policy_attachment", "admin", { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
  "LG-LF-004": (f) => (f.values("aws_lakeformation_data_lake_settings.this").create_table_default_permissions = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }]),
  "LG-LF-005": (f) => Object.assign(f.values('aws_lakeformation_permissions.database["job"]'), { permissions: ["ALL"], permissions_with_grant_option: ["ALL"] }),
  "LG-LF-006": (f) => (f.values('aws_lakeformation_permissions.database["job"]').principal = "arn:aws:iam::999999999999:role/partner"),
  "LG-IAM-006": (f) => (f.config("data.aws_iam_policy_document.job").expressions.source_policy_documents = { references: ["var.extra_policy"] }),
  "LG-CHANGE-001": (f) => f.changed('aws_s3_bucket.this["raw"]', ["delete", "create"], { bucket: "old-raw" }, [["bucket"]]),
  "LG-CHANGE-002": (f) => f.changed("aws_lakeformation_data_lake_settings.this", ["update"], { admins: ["arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::111111111111:role/Old"] }),
  "LG-CHANGE-003": (f) => {
    f.values('aws_kinesis_stream.this["events"]').shard_count = 1;
    f.changed('aws_kinesis_stream.this["events"]', ["update"], { shard_count: 4 });
  },
  "LG-S3-001": (f) => (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].apply_server_side_encryption_by_default = []),
  "LG-S3-002": (f) => (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].apply_server_side_encryption_by_default = [{ sse_algorithm: "AES256" }]),
  "LG-S3-003": (f) => (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].bucket_key_enabled = false),
  "LG-S3-004": (f) => (f.values('aws_s3_bucket_versioning.this["raw"]').versioning_configuration[0].status = "Suspended"),
  "LG-S3-005": (f) => (f.values('aws_s3_bucket_public_access_block.this["raw"]').block_public_policy = false),
  "LG-S3-006": (f) => (f.values('aws_s3_bucket_ownership_controls.this["raw"]').rule[0].object_ownership = "ObjectWriter"),
  "LG-S3-007": (f) => (f.config("data.aws_iam_policy_document.tls").expressions.statement[0].effect = { constant_value: "Allow" }),
  "LG-S3-008": (f) => f.remove('aws_s3_bucket_logging.this["raw"]'),
  "LG-S3-009": (f) => f.remove('aws_s3_bucket_lifecycle_configuration.this["raw"]'),
  "LG-S3-010": (f) => delete f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].abort_incomplete_multipart_upload,
  "LG-S3-011": (f) => (f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].transition[1].days = 10),
  "LG-S3-012": (f) => (f.values('aws_s3_bucket_lifecycle_configuration.this["temp"]').rule[0].expiration = []),
  "LG-S3-013": (f) => delete f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].noncurrent_version_expiration,
  "LG-S3-014": (f) => (f.values('aws_s3_bucket.this["raw"]').force_destroy = true),
  "LG-GLUE-001": (f) => (f.values('aws_glue_crawler.this["raw"]').security_configuration = null),
  "LG-GLUE-002": (f) => (f.values('aws_glue_job.this["raw"]').security_configuration = ""),
  "LG-GLUE-003": (f) => (f.values("aws_glue_security_configuration.this").encryption_configuration[0].s3_encryption[0].s3_encryption_mode = "DISABLED"),
  "LG-GLUE-004": (f) => f.remove("aws_glue_data_catalog_encryption_settings.this"),
  "LG-GLUE-005": (f) => (f.values('aws_glue_job.this["raw"]').default_arguments = {}),
  "LG-KIN-001": (f) => (f.values('aws_kinesis_stream.this["events"]').encryption_type = "NONE"),
  "LG-FH-001": (f) => delete f.values('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration[0].kms_key_arn,
  "LG-FH-002": (f) => (f.values('aws_kinesis_firehose_delivery_stream.this["events"]').extended_s3_configuration[0].error_output_prefix = ""),
  "LG-EMR-001": (f) => (f.values("aws_emrserverless_application.spark").auto_stop_configuration[0].enabled = false),
  "LG-EMR-002": (f) => (f.values("aws_emrserverless_application.spark").maximum_capacity = []),
  "LG-EMR-003": (f) => (f.outputs.lake.spark_submit_parameters = f.outputs.lake.spark_submit_parameters.replace("maxExecutors=3", "maxExecutors=4")),
  "LG-EMR-004": (f) => (f.values("aws_emrserverless_application.spark").release_label = "emr-5.36.0"),
  "LG-EMR-005": (f) => (f.values("aws_emrserverless_application.spark").architecture = "X86_64"),
  "LG-LF-001": (f) => (f.values("aws_lakeformation_data_lake_settings.this").admins = []),
  "LG-LF-002": (f) => (f.values('aws_lakeformation_permissions.database["job"]').principal = "IAM_ALLOWED_PRINCIPALS"),
  "LG-LF-003": (f) => (f.values('aws_lakeformation_resource.zone["raw"]').use_service_linked_role = true),
  "LG-SFN-001": (f) => (f.values('aws_sfn_state_machine.pipeline["daily"]').logging_configuration[0].level = "OFF"),
  "LG-SFN-002": (f) => (f.values('aws_sfn_state_machine.pipeline["daily"]').tracing_configuration[0].enabled = false),
  "LG-SNS-001": (f) => delete f.values("aws_sns_topic.alerts").kms_master_key_id,
  "LG-LOG-001": (f) => delete f.values("aws_cloudwatch_log_group.jobs").kms_key_id,
  "LG-LOG-002": (f) => (f.values("aws_cloudwatch_log_group.jobs").retention_in_days = 0),
  "LG-IAM-001": (f) => (statement(f, 0).actions = { constant_value: ["s3:*"] }),
  "LG-IAM-002": (f) => (statement(f, 0).resources = { constant_value: ["*"] }),
  "LG-IAM-003": (f) => (statement(f, 1).resources = { constant_value: ["*"] }),
  "LG-LF-007": (f) => f.values('aws_lakeformation_permissions.database["job"]').permissions.push("ALTER"),
  "LG-IAM-007": (f) => (f.values("aws_iam_role.crawler").assume_role_policy = JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" } })),
  "LG-IAM-008": (f) => {
    const key = f.values("aws_kms_key.lake");
    const doc = JSON.parse(key.policy);
    doc.Statement.push({ Effect: "Allow", Principal: "*", Action: ["kms:Decrypt"], Resource: "*" });
    key.policy = JSON.stringify(doc);
  },
  "LG-PROVIDER-001": (f) => Object.assign(f.provider, { access_key: { constant_value: "AKIAIOSFODNN7EXAMPLE" }, secret_key: { constant_value: "example" } }),
  "LG-LAKEGEN-001": (f) => (f.config("aws_glue_job.this").expressions.number_of_workers = { constant_value: 10 }),
  "LG-LAKEGEN-002": (f) => (f.values('aws_glue_job.this["raw"]').tags_all = { Environment: "test" }),
};

describe("policy rules", () => {
  it("has at least 35 rules, each with an id, a severity, the why and the fix", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(35);
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^LG-[A-Z0-9]+-[0-9]{3}$/);
      expect([r.title.length > 5, r.rationale.length > 20, r.fix.length > 10]).toEqual([true, true, true]);
    }
  });

  it("are listed in the README with their Checkov and Trivy equivalents, as --list-rules --format markdown prints them", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1];
    expect(block).toBe(rulesTable(RULES));
    expect(readme).toContain(`runs ${RULES.length} rules`);
  });

  it("passes a lake that does everything right", () => {
    expect(check(passingLake())).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r]))("%s fails when its one thing is broken", (id) => {
    const f = passingLake();
    expect(BREAK[id]).toBeDefined();
    BREAK[id](f);
    const findings = check(f);
    expect(findings.map((x) => x.ruleId)).toContain(id);
    expect(findings.filter((x) => x.ruleId === id).every((x) => /^(module\.lake\.|provider\.)/.test(x.address))).toBe(true);
  });

  it("joins split S3 resources to their bucket through configuration references, not names", () => {
    const f = passingLake();
    // The bucket name is unknown at plan time, as for any new bucket.
    for (const z of ["raw", "temp"]) delete f.values(`aws_s3_bucket.this["${z}"]`).bucket;
    expect(check(f)).toEqual([]);
    f.remove('aws_s3_bucket_versioning.this["raw"]');
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([["LG-S3-004", 'module.lake.aws_s3_bucket.this["raw"]']]);
  });

  it("exempts the S3 access-log bucket from KMS and logging, and only while it receives access logs", () => {
    const f = passingLake();
    f.remove('aws_s3_bucket_logging.this["raw"]');
    f.remove('aws_s3_bucket_logging.this["temp"]');
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([
      ["LG-S3-002", "module.lake.aws_s3_bucket.logs"],
      ["LG-S3-008", "module.lake.aws_s3_bucket.logs"],
      ["LG-S3-008", 'module.lake.aws_s3_bucket.this["raw"]'],
      ["LG-S3-008", 'module.lake.aws_s3_bucket.this["temp"]'],
    ]);
  });

  it("computes the resource math with Spark's memory overhead", () => {
    const f = passingLake();
    f.outputs.lake.spark_submit_parameters = f.outputs.lake.spark_submit_parameters.replace(/7447m/g, "8g");
    const [finding] = check(f).filter((x) => x.ruleId === "LG-EMR-003");
    expect(finding.message).toBe("driver + 3 executors need 36 GB > 32 GB of maximum capacity.");
  });
});

describe("waivers", () => {
  const dir = makeTempDir("waivers");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it("suppress matching findings, by glob, and show them as suppressed", () => {
    const f = passingLake();
    BREAK["LG-S3-004"](f);
    const waivers = loadWaivers(
      write("w.yaml", `waivers:\n  - rule: LG-S3-004\n    resource: module.lake.aws_s3_bucket.this["r*"]\n    reason: "Raw data is immutable; replays come from the source."\n    expires: 2099-01-01\n`),
    );
    const findings = check(f, { waivers, today: "2026-11-26" });
    expect(findings.map((x) => [x.ruleId, x.suppressed?.expires])).toEqual([["LG-S3-004", "2099-01-01"]]);
    expect(failing(findings, "low")).toEqual([]);
  });

  it("report an expired waiver as a finding and stop suppressing", () => {
    const f = passingLake();
    BREAK["LG-S3-004"](f);
    const waivers = loadWaivers(write("w.json", JSON.stringify([{ rule: "LG-S3-004", resource: "*", reason: "Accepted for the pilot phase.", expires: "2026-01-01" }])));
    const findings = check(f, { waivers, today: "2026-11-26" });
    expect(findings.map((x) => [x.ruleId, Boolean(x.suppressed)])).toEqual([
      ["LG-WAIVER-001", false],
      ["LG-S3-004", false],
    ]);
  });

  it("refuse a date that is not a day of the calendar, with the file and the key", () => {
    const text = "- rule: LG-S3-004\n  resource: x\n  reason: Accepted for the pilot phase.\n  expires: 2027-02-30\n";
    expect(() => loadWaivers(write("feb30.yaml", text))).toThrow(/feb30\.yaml: 0\.expires: must be a real day of the calendar/);
    expect(() => loadWaivers(write("feb28.yaml", text.replace("02-30", "02-28")))).not.toThrow();
  });

  it("refuse a bad escape in a quoted YAML string, with the file and the line", () => {
    const text = '- rule: LG-S3-004\n  resource: "module.x.\\q"\n  reason: Accepted for the pilot phase.\n  expires: 2027-02-28\n';
    expect(() => loadWaivers(write("escape.yaml", text))).toThrow(/escape\.yaml:2: not valid YAML: /);
  });

  it("require a reason and name the bad key", () => {
    expect(() => loadWaivers(write("bad.yaml", "- rule: LG-S3-004\n  resource: x\n  expires: 2027-01-01\n"))).toThrow(/bad\.yaml: 0\.reason: /);
    expect(() => loadWaivers(write("bad2.yaml", "- rule: S3\n  resource: x\n  reason: a long enough reason\n  expires: 2027-01-01\n"))).toThrow(
      /0\.rule: must be a rule id/,
    );
  });
});

describe("reports", () => {
  const f = passingLake();
  BREAK["LG-S3-001"](f);
  BREAK["LG-S3-004"](f);
  BREAK["LG-S3-014"](f);
  const waivers = [{ rule: "LG-S3-014", resource: "*", reason: "Sandbox buckets are disposable.", expires: "2099-01-01" }];
  const { findings, model } = runChecks([{ file: "plan.json", plan: f.plan() }], { waivers, today: "2026-11-26" });
  const input = { findings, model, failOn: "high" as const, version: "0.1.0" };

  it("SARIF is a valid SARIF 2.1.0 log with rules, levels, fingerprints and suppressions", () => {
    const log = JSON.parse(renderReport("sarif", input));
    expect(sarifLogSchema.safeParse(log).error?.issues ?? []).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBe(ALL_RULES.length);
    const rule = (id: string) => run.tool.driver.rules.find((r: Json) => r.id === id);
    expect([rule("LG-S3-001").properties["security-severity"], rule("LG-CHANGE-001").properties["security-severity"]]).toEqual(["8.0", "9.5"]);
    expect(run.results.map((r: Json) => [r.ruleId, r.level, Boolean(r.suppressions)])).toEqual([
      ["LG-S3-001", "error", false],
      ["LG-S3-004", "warning", false],
      ["LG-S3-014", "note", true],
    ]);
    const again = JSON.parse(renderReport("sarif", input));
    expect(again.runs[0].results.map((r: Json) => r.partialFingerprints)).toEqual(run.results.map((r: Json) => r.partialFingerprints));
  });

  it("JUnit parses as XML with a failure per finding at or above --fail-on and skipped waived ones", () => {
    const xml = renderReport("junit", input);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(wellFormed(xml)).toBe(true);
    // LG-S3-001 is high and fails; LG-S3-004 is medium, below --fail-on high, and passes with a message.
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect(xml).toContain('<testsuites name="lakegen check" failures="1">');
    expect(xml).toMatch(/<testcase classname="LG-S3-004"[^>]*><system-out>medium, below --fail-on high: /);
    expect((xml.match(/<skipped /g) ?? []).length).toBe(1);
    expect((renderReport("junit", { ...input, failOn: "medium" }).match(/<failure /g) ?? []).length).toBe(2);
  });

  it("Markdown summarizes and lists findings and waivers", () => {
    const md = renderReport("markdown", input);
    expect(md).toContain("## lakegen check: ❌ failed");
    expect(md).toContain("| 0 | 1 | 1 | 0 | 1 |");
    expect(md).toContain("| high | LG-S3-001 |");
    expect(md).toContain("### Waived");
  });

  it("github emits workflow commands by severity; text groups by resource, without colour when asked", () => {
    expect(renderReport("github", input).split("\n")[0]).toMatch(/^::error title=LG-S3-001 S3 default encryption names an algorithm S3 applies::module\.lake/);
    const text = renderReport("text", input);
    expect(text).not.toContain("\x1b[");
    expect(text).toContain('module.lake.aws_s3_bucket.this["raw"]\n  HIGH     LG-S3-001');
    expect(renderReport("text", { ...input, color: true })).toContain("\x1b[31mHIGH");
  });
});

/** A minimal XML well-formedness check: every element opened is closed, in order. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([A-Za-z]+)([^>]*?)(\/?)>/g)) {
    if (m[4]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

describe("lakegen check exit codes", () => {
  const dir = makeTempDir("check");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "build", "cli", "lakegen.js"), "check", ...args], { encoding: "utf8" });
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it("0 when nothing fails, 1 with findings at or above --fail-on", () => {
    const good = file("good.json", JSON.stringify(passingLake().plan()));
    expect(cli([good]).status).toBe(0);
    const f = passingLake();
    BREAK["LG-S3-013"](f); // low
    const low = file("low.json", JSON.stringify(f.plan()));
    expect(cli([low]).status).toBe(0);
    expect(cli([low, "--fail-on", "low"]).status).toBe(1);
    const out = path.join(dir, "report.sarif");
    const res = cli([low, "--fail-on", "low", "--format", "sarif", "--output", out]);
    expect(res.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).version).toBe("2.1.0");
  });

  it.each([
    ["an empty file", "", /is empty/],
    ["a JSON that is not a plan", '{"hello": "world"}', /not a Terraform plan/],
    ["a truncated plan", JSON.stringify(passingLake().plan()).slice(0, 200), /not valid JSON/],
    ["a resource change that is not an object", JSON.stringify({ format_version: "1.2", resource_changes: [null] }), /bad\.json: resource_changes\[0\]: expected an object/],
    [
      "a resource change without actions",
      JSON.stringify({ format_version: "1.2", resource_changes: [{ address: "a.b", type: "a", name: "b", mode: "managed", change: {} }] }),
      /resource_changes\[0\]: expected "change\.actions", a list of strings/,
    ],
  ])("2 with a one-line message for %s", (_name, content, message) => {
    const res = cli([file("bad.json", content)]);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split("\n").length).toBe(1);
  });

  it("2 for a missing file or a bad option", () => {
    expect(cli([path.join(dir, "missing.json")]).status).toBe(2);
    expect(cli([file("ok.json", JSON.stringify(passingLake().plan())), "--format", "pdf"]).status).toBe(2);
  });
});

describe("IAM patterns", () => {
  const withStatement = (actions: string[], resources: string[]) => {
    const f = passingLake();
    statement(f, 2).actions = { constant_value: actions };
    statement(f, 2).resources = { constant_value: resources };
    return check(f).map((x) => x.ruleId);
  };

  it("exempts actions the IAM reference says take only Resource \"*\"", () => {
    expect(withStatement(["xray:GetSamplingStatisticSummaries", "xray:GetSamplingRules", "sts:GetCallerIdentity"], ["*"])).toEqual([]);
  });

  it.each([["arn:aws:s3:::*"], ["arn:aws:s3:::*/*"], ["arn:aws:s3:::*-raw/*"], ["arn:aws:kms:eu-west-1:111111111111:*"]])("treats %s as a wildcard resource", (arn) => {
    expect(withStatement(["s3:GetObject"], [arn])).toContain("LG-IAM-002");
  });

  it("treats role/* as any role for iam:PassRole", () => {
    expect(withStatement(["iam:PassRole"], ["arn:aws:iam::111111111111:role/*"])).toEqual(expect.arrayContaining(["LG-IAM-002", "LG-IAM-003"]));
  });

  it.each([["arn:aws:iam::*:role/acme-*"], ["arn:aws:iam::111111111111:role/*-job"], ["arn:aws:iam::111111111111:role/service-role/*"]])(
    "treats %s, as variables may resolve, as any role for iam:PassRole",
    (arn) => {
      expect(withStatement(["iam:PassRole"], [arn])).toContain("LG-IAM-003");
    },
  );

  it("passes iam:PassRole on the account's named roles or a named prefix", () => {
    expect(withStatement(["iam:PassRole"], ["arn:aws:iam::111111111111:role/acme-dev-emr-job", "arn:aws:iam::111111111111:role/acme-dev-*"])).toEqual([]);
  });

  it("flags a full-access managed policy on a role, and not a narrow service role policy", () => {
    const f = passingLake();
    f.add("aws_iam_role", "job", { managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"], tags_all: { Environment: "test", Project: "fixture" } });
    f.add("aws_iam_role_policy_attachment", "glue", { policy_arn: "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole" });
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([["LG-IAM-005", "module.lake.aws_iam_role.job"]]);
  });
});

describe("Lake Formation mode", () => {
  it("still fails an IAMAllowedPrincipals grant when the defaults leave IAM mode open on a governed lake", () => {
    const f = passingLake();
    f.values("aws_lakeformation_data_lake_settings.this").create_database_default_permissions = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
    f.values('aws_lakeformation_permissions.database["job"]').principal = "IAM_ALLOWED_PRINCIPALS";
    expect(check(f).map((x) => x.ruleId).sort()).toEqual(["LG-LF-002", "LG-LF-004"]);
  });

  it("accepts IAM-mode defaults on a hybrid lake, whose locations keep hybrid access", () => {
    const f = passingLake();
    f.values("aws_lakeformation_data_lake_settings.this").create_database_default_permissions = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
    f.values('aws_lakeformation_resource.zone["raw"]').hybrid_access_enabled = true;
    expect(check(f)).toEqual([]);
  });
});

describe("severity follows the environment", () => {
  const severityOf = (f: PlanFixture, id: string) => check(f).find((x) => x.ruleId === id)?.severity;

  it("makes force_destroy and versioning off high in production, by the Environment tag", () => {
    const f = passingLake();
    BREAK["LG-S3-014"](f);
    BREAK["LG-S3-004"](f);
    expect([severityOf(f, "LG-S3-014"), severityOf(f, "LG-S3-004")]).toEqual(["low", "medium"]);
    f.values('aws_s3_bucket.this["raw"]').tags_all = { Environment: "prod", Project: "fixture" };
    expect([severityOf(f, "LG-S3-014"), severityOf(f, "LG-S3-004")]).toEqual(["high", "high"]);
  });

  it("reads the root's environment variable, then the name, when there is no tag", () => {
    const f = passingLake();
    BREAK["LG-S3-014"](f);
    delete f.values('aws_s3_bucket.this["raw"]').tags_all;
    const plan = f.plan();
    const sev = (p: Json) => runChecks([{ file: "plan.json", plan: p }]).findings.find((x) => x.ruleId === "LG-S3-014")?.severity;
    expect(sev({ ...plan, variables: { environment: { value: "production" } } })).toBe("high");
    expect(sev(plan)).toBe("low");
    f.values('aws_s3_bucket.this["raw"]').bucket = "acme-prod-raw";
    expect(sev(f.plan())).toBe("high");
  });
});

describe("legacy inline S3 blocks", () => {
  const legacy = (configured: boolean) => {
    const f = passingLake();
    f.remove('aws_s3_bucket_server_side_encryption_configuration.this["raw"]');
    f.remove('aws_s3_bucket_versioning.this["raw"]');
    const bucket = f.values('aws_s3_bucket.this["raw"]');
    bucket.server_side_encryption_configuration = [
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/k" }], bucket_key_enabled: true }] },
    ];
    bucket.versioning = [{ enabled: true, mfa_delete: false }];
    f.config("aws_s3_bucket.this").expressions = configured ? { server_side_encryption_configuration: [{}], versioning: [{}] } : {};
    return check(f).map((x) => x.ruleId);
  };

  it("count as configured when the configuration writes them", () => {
    expect(legacy(true)).toEqual([]);
  });

  it("do not count when only the provider filled them in: S3's default encryption has no customer-managed key", () => {
    expect(legacy(false)).toEqual(expect.arrayContaining(["LG-S3-002", "LG-S3-004"]));
  });
});

describe("values from data sources", () => {
  const emrRelease = (known: boolean) => {
    const f = passingLake();
    const app = f.values("aws_emrserverless_application.spark");
    f.config("aws_emrserverless_application.spark").expressions.release_label = { references: ["data.aws_emr_release_labels.latest.release_labels[0]", "data.aws_emr_release_labels.latest"] };
    if (known) app.release_label = "emr-latest";
    else {
      delete app.release_label;
      f.entries.find((e) => e.address.endsWith("aws_emrserverless_application.spark"))!.unknown.release_label = true;
    }
    return check(f).filter((x) => x.ruleId === "LG-EMR-004").map((x) => x.message);
  };

  it("are judged where the plan knows them", () => {
    expect(emrRelease(true)).toEqual(['Release label "emr-latest" is not a pinned emr-6 or later release.']);
  });

  it("are reported as unknown where it does not, never passed in silence", () => {
    expect(emrRelease(false)).toEqual([
      "Release label comes from data.aws_emr_release_labels.latest.release_labels[0], unknown at plan time: no pinned release can be checked.",
    ]);
  });
});

describe("omitted is not unknown", () => {
  const emr = (config: Record<string, unknown>) => {
    const f = passingLake();
    const values = f.values("aws_emrserverless_application.spark");
    f.remove("aws_emrserverless_application.spark");
    f.add("aws_emrserverless_application", "spark", { ...values, maximum_capacity: [], auto_stop_configuration: [] }, {
      unknown: { maximum_capacity: true, auto_stop_configuration: true },
    });
    f.config("aws_emrserverless_application.spark").expressions = config;
    return check(f).map((x) => x.ruleId);
  };

  it("fails an EMR application whose configuration sets no maximum capacity and no auto-stop, though the plan leaves them unknown", () => {
    expect(emr({ name: { constant_value: "spark" } })).toEqual(expect.arrayContaining(["LG-EMR-001", "LG-EMR-002"]));
  });

  it("passes one whose configuration sets them from values not yet known", () => {
    expect(emr({ maximum_capacity: [{}], auto_stop_configuration: [{}] }).filter((id) => id.startsWith("LG-EMR-00"))).toEqual([]);
  });

  it("fails a registered location whose role is unknown only because nothing sets it", () => {
    const f = passingLake();
    f.remove('aws_lakeformation_resource.zone["raw"]');
    f.add("aws_lakeformation_resource", "zone", {}, { index: "raw", unknown: { role_arn: true }, config: { expressions: { arn: { references: ["var.arn"] } } } });
    f.config("aws_lakeformation_resource.zone").expressions = { arn: { references: ["var.arn"] } };
    expect(check(f).map((x) => x.ruleId)).toEqual(["LG-LF-003"]);
  });
});

describe("policies that cannot be read at plan time", () => {
  it("are reported as such, not read as empty: no false \"no TLS deny\"", () => {
    const f = passingLake();
    const tls = f.config("data.aws_iam_policy_document.tls").expressions;
    delete tls.statement;
    tls.source_policy_documents = { references: ["var.base_policy"] };
    const ids = check(f).map((x) => x.ruleId);
    expect(ids).toContain("LG-IAM-006");
    expect(ids).not.toContain("LG-S3-007");
  });

  it("are reported when the policy is jsonencode() of values unknown at plan time", () => {
    const f = passingLake();
    f.add("aws_iam_role_policy", "runtime", {}, { unknown: { policy: true }, config: { expressions: { policy: { references: ["aws_s3_bucket.this"] } } } });
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([["LG-IAM-006", "module.lake.aws_iam_role_policy.runtime"]]);
  });
});

describe("waiver globs", () => {
  it.each([
    ['module.data_lake_storage.aws_s3_bucket.this["raw"]', 'module.data_lake_storage.aws_s3_bucket.this["raw"]', true],
    ["module.*.aws_s3_bucket.*", 'module.data_lake_storage.aws_s3_bucket.this["raw"]', true],
    ["*", 'module.a.aws_s3_object.this["dir/key"]', true],
    ["module.?.x", "module.a.x", true],
    ["module.?.x", "module.ab.x", false],
    ['*["raw"]', 'module.a.aws_s3_bucket.this["temp"]', false],
    ["", "", true],
  ])("%s against %s: %s", (glob, address, expected) => {
    expect(addressMatches(glob, address)).toBe(expected);
  });

  it("cannot stall: adversarial globs against long addresses answer at once", () => {
    const long = "a".repeat(20_000);
    // A regex matcher backtracks once per *: these take minutes there. Here each is at most length × length steps.
    expect(addressMatches("********b", long)).toBe(false);
    expect(addressMatches("*a*a*a*a*a*a*b", long)).toBe(false);
    expect(addressMatches("*a*a*a*a*a*a*a", long)).toBe(true);
  });
});
