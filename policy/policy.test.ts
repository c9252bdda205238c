import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as ts from "typescript";
import * as path from "node:path";
import { makeTempDir } from "../lib/terraform";
import { ALL_RULES, failing, runChecks } from "./engine";
import type { Json } from "../testkit/json";
import { renderReport } from "./report/formats";
import { rulesTable } from "./report/rules-table";
import { sarifProblems } from "../testkit/sarif";
import { RULES } from "./rules";
import { passingLake, type PlanFixture } from "../testkit/policy/plan-fixture";
import { CLASS_MUTATIONS, classTable } from "../testkit/policy/class-mutations";
import { MUTATIONS } from "../testkit/policy/mutations";
import { addressMatches, loadWaivers } from "./waivers";

const ROOT = path.join(__dirname, "..");
const check = (f: PlanFixture, opts = {}) => runChecks([{ file: "plan.json", plan: f.plan() }], opts).findings;

/** Edits that make a rule fail, for the engine's and the reports' cases; each rule's own cases are in policy/rules/. */
const EDIT = {
  "LG-S3-001": (f: PlanFixture) =>
    (f.values('aws_s3_bucket_server_side_encryption_configuration.this["raw"]').rule[0].apply_server_side_encryption_by_default = []),
  "LG-S3-004": (f: PlanFixture) => (f.values('aws_s3_bucket_versioning.this["raw"]').versioning_configuration[0].status = "Suspended"),
  "LG-S3-013": (f: PlanFixture) =>
    delete f.values('aws_s3_bucket_lifecycle_configuration.this["raw"]').rule[0].noncurrent_version_expiration,
  "LG-S3-014": (f: PlanFixture) => (f.values('aws_s3_bucket.this["raw"]').force_destroy = true),
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

  it("are listed in docs/policy.md with their Checkov and Trivy equivalents, as --list-rules --format markdown prints them", () => {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "policy.md"), "utf8");
    const block = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1];
    expect(block).toBe(rulesTable(RULES));
    expect(readme).toContain(`runs ${RULES.length} rules`);
  });

  it("guard access or data wherever a mistake they catch loses data or opens access, so their unknowns fail the default gate", () => {
    const harmful = new Set(
      [...MUTATIONS, ...CLASS_MUTATIONS].filter((m) => m.harm === "access" || m.harm === "data-loss").map((m) => m.rule),
    );
    expect(RULES.filter((r) => harmful.has(r.id) && !r.guards).map((r) => r.id)).toEqual([]);
  });

  it("are listed by the class of mistake they catch, beside Checkov's checks, as the corpus by class gives them", () => {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "policy.md"), "utf8");
    expect(/<!-- classes:start -->\n([\s\S]*?)<!-- classes:end -->/.exec(readme)?.[1]).toBe(classTable(RULES));
  });

  it("passes a lake that does everything right", () => {
    expect(check(passingLake())).toEqual([]);
  });

  it(
    "has, for every rule, a non-compliant case beside its rules file (policy/rules/<service>.test.ts); the lake above is every " +
      "rule's compliant case",
    () => {
      const dir = path.join(ROOT, "policy", "rules");
      const cased = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".test.ts"))
        .flatMap((f) => {
          return brokenRuleIds(path.join(dir, f)).map((id) => `${id} in ${f.replace(".test", "")}`);
        })
        .sort();
      const home = (id: string) =>
        fs.readdirSync(dir).find((f) => !f.endsWith(".test.ts") && fs.readFileSync(path.join(dir, f), "utf8").includes(`id: "${id}"`));
      expect(cased).toEqual(RULES.map((r) => `${r.id} in ${home(r.id)}`).sort());
    },
  );
});

describe("waivers", () => {
  // Made in beforeAll, so a run filtered to other tests (-t) leaves no directory behind.
  let dir: string;
  beforeAll(() => (dir = makeTempDir("waivers")));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it("suppress matching findings, by glob, and show them as suppressed", () => {
    const f = passingLake();
    EDIT["LG-S3-004"](f);
    const waivers = loadWaivers(
      write(
        "w.yaml",
        `waivers:\n  - rule: LG-S3-004\n    resource: module.lake.aws_s3_bucket.this["r*"]\n    reason: "Raw data is immutable; ` +
          `replays come from the source."\n    expires: 2099-01-01\n`,
      ),
    );
    const findings = check(f, { waivers, today: "2026-11-26" });
    expect(findings.map((x) => [x.ruleId, x.suppressed?.expires])).toEqual([["LG-S3-004", "2099-01-01"]]);
    expect(failing(findings, "low")).toEqual([]);
  });

  it("report an expired waiver as a finding and stop suppressing", () => {
    const f = passingLake();
    EDIT["LG-S3-004"](f);
    const waivers = loadWaivers(
      write(
        "w.json",
        JSON.stringify([{ rule: "LG-S3-004", resource: "*", reason: "Accepted for the pilot phase.", expires: "2026-01-01" }]),
      ),
    );
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
    expect(() => loadWaivers(write("bad.yaml", "- rule: LG-S3-004\n  resource: x\n  expires: 2027-01-01\n"))).toThrow(
      /bad\.yaml: 0\.reason: /,
    );
    expect(() =>
      loadWaivers(write("bad2.yaml", "- rule: S3\n  resource: x\n  reason: a long enough reason\n  expires: 2027-01-01\n")),
    ).toThrow(/0\.rule: must be a rule id/);
  });
});

describe("reports", () => {
  const f = passingLake();
  EDIT["LG-S3-001"](f);
  EDIT["LG-S3-004"](f);
  EDIT["LG-S3-014"](f);
  const waivers = [{ rule: "LG-S3-014", resource: "*", reason: "Sandbox buckets are disposable.", expires: "2099-01-01" }];
  const { findings, model } = runChecks([{ file: "plan.json", plan: f.plan() }], { waivers, today: "2026-11-26" });
  const input = { findings, model, failOn: "high" as const, version: "0.1.0" };

  it("SARIF is a valid SARIF 2.1.0 log with rules, levels, fingerprints and suppressions", () => {
    const log = JSON.parse(renderReport("sarif", input));
    expect(sarifProblems(log)).toEqual([]);
    // The schema is enforced: a level SARIF does not define, and a result without a message, are refused.
    const broken = JSON.parse(JSON.stringify(log));
    broken.runs[0].results[0].level = "critical";
    delete broken.runs[0].results[1].message;
    expect(sarifProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/runs\/0\/results\/0\/level: must be equal to one of the allowed values/),
        expect.stringMatching(/^\/runs\/0\/results\/1: must have required property 'message'/),
      ]),
    );
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBe(ALL_RULES.length);
    const rule = (id: string) => run.tool.driver.rules.find((r: Json) => r.id === id);
    expect([rule("LG-S3-001").properties["security-severity"], rule("LG-CHANGE-001").properties["security-severity"]]).toEqual([
      "8.0",
      "9.5",
    ]);
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
    expect(renderReport("github", input).split("\n")[0]).toMatch(
      /^::error title=LG-S3-001 S3 default encryption names an algorithm S3 applies::module\.lake/,
    );
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
  // Made in beforeAll, so a run filtered to other tests (-t) leaves no directory behind.
  let dir: string;
  beforeAll(() => (dir = makeTempDir("check")));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "build", "cli", "lakegen.js"), "check", ...args], { encoding: "utf8" });
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it("0 when nothing fails, 1 with findings at or above --fail-on", () => {
    const good = file("good.json", JSON.stringify(passingLake().plan()));
    expect(cli([good]).status).toBe(0);
    const f = passingLake();
    EDIT["LG-S3-013"](f); // low
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
    [
      "a resource change that is not an object",
      JSON.stringify({ format_version: "1.2", resource_changes: [null] }),
      /bad\.json: resource_changes\[0\]: expected an object/,
    ],
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

  it("lists what each rule checked with --results in the JSON report, and refuses --results for other formats", () => {
    const f = passingLake();
    EDIT["LG-S3-014"](f);
    const plan = file("results.json", JSON.stringify(f.plan()));
    const res = cli([plan, "--format", "json", "--results"]);
    expect(res.status).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.checked.fail).toBe(1);
    expect(report.checked.pass).toBeGreaterThan(50);
    expect(report.results).toContainEqual({
      ruleId: "LG-S3-014",
      status: "fail",
      address: 'module.lake.aws_s3_bucket.this["raw"]',
      resourceType: "aws_s3_bucket",
      file: plan,
    });
    expect(JSON.parse(cli([plan, "--format", "json"]).stdout).results).toBeUndefined();
    const text = cli([plan, "--results"]);
    expect([text.status, text.stderr.split("\n")[0]]).toEqual([2, "lakegen: --results needs --format json"]);
  });

  it("1 for an unknown at plan of a rule that guards data, 0 with --unknown none; 2 for a bad --unknown or --account", () => {
    const f = passingLake();
    f.add(
      "aws_kms_key",
      "other",
      { enable_key_rotation: true, tags_all: { Environment: "test", Project: "fixture" } },
      { unknown: { is_enabled: true }, config: { expressions: { is_enabled: { references: ["var.enabled"] } } } },
    );
    const plan = file("unknown.json", JSON.stringify(f.plan()));
    const res = cli([plan]);
    expect([
      res.status,
      /UNKNOWN +LG-KMS-002/.test(res.stdout),
      /1 unknown at plan \(1 failing under --unknown guarded\)/.test(res.stdout),
    ]).toEqual([1, true, true]);
    expect(cli([plan, "--unknown", "none"]).status).toBe(0);
    expect(cli([plan, "--unknown", "maybe"]).stderr).toMatch(/--unknown must be one of guarded, all, none/);
    expect(cli([plan, "--account", "12345"]).stderr).toMatch(/--account takes 12-digit AWS account ids/);
  });

  it("2 for a missing file or a bad option", () => {
    expect(cli([path.join(dir, "missing.json")]).status).toBe(2);
    expect(cli([file("ok.json", JSON.stringify(passingLake().plan())), "--format", "pdf"]).status).toBe(2);
  });
});

describe("severity follows the environment", () => {
  const severityOf = (f: PlanFixture, id: string) => check(f).find((x) => x.ruleId === id)?.severity;

  it("makes force_destroy and versioning off high in production, by the Environment tag", () => {
    const f = passingLake();
    EDIT["LG-S3-014"](f);
    EDIT["LG-S3-004"](f);
    expect([severityOf(f, "LG-S3-014"), severityOf(f, "LG-S3-004")]).toEqual(["low", "medium"]);
    f.values('aws_s3_bucket.this["raw"]').tags_all = { Environment: "prod", Project: "fixture" };
    expect([severityOf(f, "LG-S3-014"), severityOf(f, "LG-S3-004")]).toEqual(["high", "high"]);
  });

  it("reads the root's environment variable, then the name, when there is no tag", () => {
    const f = passingLake();
    EDIT["LG-S3-014"](f);
    delete f.values('aws_s3_bucket.this["raw"]').tags_all;
    const plan = f.plan();
    const sev = (p: Json) => runChecks([{ file: "plan.json", plan: p }]).findings.find((x) => x.ruleId === "LG-S3-014")?.severity;
    expect(sev({ ...plan, variables: { environment: { value: "production" } } })).toBe("high");
    expect(sev(plan)).toBe("low");
    f.values('aws_s3_bucket.this["raw"]').bucket = "acme-prod-raw";
    expect(sev(f.plan())).toBe("high");
  });
});

describe("omitted is not unknown", () => {
  const emr = (config: Record<string, unknown>) => {
    const f = passingLake();
    const values = f.values("aws_emrserverless_application.spark");
    f.remove("aws_emrserverless_application.spark");
    f.add(
      "aws_emrserverless_application",
      "spark",
      { ...values, maximum_capacity: [], auto_stop_configuration: [] },
      {
        unknown: { maximum_capacity: true, auto_stop_configuration: true },
      },
    );
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
    f.add(
      "aws_lakeformation_resource",
      "zone",
      {},
      { index: "raw", unknown: { role_arn: true }, config: { expressions: { arn: { references: ["var.arn"] } } } },
    );
    f.config("aws_lakeformation_resource.zone").expressions = { arn: { references: ["var.arn"] } };
    expect(check(f).map((x) => x.ruleId)).toEqual(["LG-LF-003"]);
  });
});

describe("policies that cannot be read at plan time", () => {
  it('are reported as such, not read as empty: no false "no TLS deny"', () => {
    const f = passingLake();
    const tls = f.config("data.aws_iam_policy_document.tls").expressions;
    delete tls.statement;
    tls.source_policy_documents = { references: ["var.base_policy"] };
    const found = check(f);
    expect(found.filter((x) => x.ruleId === "LG-IAM-006").every((x) => x.unknown)).toBe(true);
    // The TLS rule cannot read the deny: unknown at plan, never a definite "no TLS deny".
    expect(found.filter((x) => x.ruleId === "LG-S3-007").map((x) => x.unknown)).toEqual([true, true, true]);
  });

  it("are reported when the policy is jsonencode() of values unknown at plan time", () => {
    const f = passingLake();
    f.add(
      "aws_iam_role_policy",
      "runtime",
      {},
      { unknown: { policy: true }, config: { expressions: { policy: { references: ["aws_s3_bucket.this"] } } } },
    );
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

describe("rules as units", () => {
  const throwing = {
    ...RULES[0],
    id: "LG-TEST-001",
    check: () => {
      throw new Error("cannot read property 'rule' of undefined");
    },
  };

  it("turns a rule that throws into an LG-ENGINE-001 finding that fails the gate, and still runs the others", () => {
    const f = passingLake();
    EDIT["LG-S3-014"](f);
    const { findings } = runChecks([{ file: "plan.json", plan: f.plan() }], { rules: [throwing, ...RULES] });
    expect(findings.map((x) => [x.ruleId, x.address, x.severity])).toEqual([
      ["LG-ENGINE-001", "(rule LG-TEST-001)", "high"],
      ["LG-S3-014", 'module.lake.aws_s3_bucket.this["raw"]', "low"],
    ]);
    expect(findings[0].message).toBe("LG-TEST-001 failed on this plan and checked nothing: cannot read property 'rule' of undefined");
    expect(failing(findings, "high").map((x) => x.ruleId)).toEqual(["LG-ENGINE-001"]);
  });

  it("records each rule's pass, fail or waiver per resource it read, and not applicable where nothing was in its scope", () => {
    const f = passingLake();
    EDIT["LG-S3-014"](f);
    EDIT["LG-S3-004"](f);
    f.remove("aws_athena_workgroup.this");
    const waivers = [{ rule: "LG-S3-004", resource: "*", reason: "Raw is replayable.", expires: "2099-01-01" }];
    const { results } = runChecks([{ file: "plan.json", plan: f.plan() }], { results: true, waivers, today: "2026-12-03" });
    const of = (id: string) => results!.filter((r) => r.ruleId === id).map((r) => [r.address.replace("module.lake.", ""), r.status]);
    expect(of("LG-S3-014")).toEqual([
      ['aws_s3_bucket.this["raw"]', "fail"],
      ['aws_s3_bucket.this["temp"]', "pass"],
      ["aws_s3_bucket.logs", "pass"],
    ]);
    expect(of("LG-S3-004")).toContainEqual(['aws_s3_bucket.this["raw"]', "waived"]);
    expect(of("LG-ATHENA-001")).toEqual([["", "not_applicable"]]);
    expect(of("LG-CHANGE-001")).toEqual([["", "pass"]]);
    expect(new Set(results!.map((r) => r.ruleId))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  it("reports lakegen's house rules not applicable on a root lakegen did not write", () => {
    const f = passingLake();
    delete f.outputs.lakegen;
    const { results } = runChecks([{ file: "plan.json", plan: f.plan() }], { results: true });
    expect(results!.filter((r) => r.ruleId.startsWith("LG-LAKEGEN-")).map((r) => r.status)).toEqual(["not_applicable", "not_applicable"]);
  });
});

/** The rule ids a rules test file breaks: the keys of its describeRuleCases call's first argument, as TypeScript parses them. */
function brokenRuleIds(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const ids: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(source) === "describeRuleCases") {
      const breaks = node.arguments[0];
      if (breaks && ts.isObjectLiteralExpression(breaks)) {
        for (const p of breaks.properties) if (p.name && ts.isStringLiteral(p.name)) ids.push(p.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return ids;
}
