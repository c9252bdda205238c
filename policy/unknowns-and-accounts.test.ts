/**
 * The third result, "unknown at plan", and how the gate treats it; and which
 * accounts count as the lake's own, from the plan or from --account.
 */
import { fails, runChecks } from "./engine";
import type { Json } from "../testkit/json";
import { reachOf } from "./principals";
import { renderReport } from "./report/formats";
import { check } from "../testkit/policy/rule-cases";
import { passingLake, type PlanFixture } from "../testkit/policy/plan-fixture";

/** The lake key's policy with one more statement. */
const keyStatement = (f: PlanFixture, statement: Json) => {
  const key = f.values("aws_kms_key.lake");
  const doc = JSON.parse(key.policy);
  doc.Statement = [doc.Statement].flat().concat(statement);
  key.policy = JSON.stringify(doc);
};

describe("unknown at plan", () => {
  const withUnknownKey = () => {
    const f = passingLake();
    f.add(
      "aws_kms_key",
      "other",
      { enable_key_rotation: true, tags_all: { Environment: "test", Project: "fixture" } },
      { unknown: { is_enabled: true }, config: { expressions: { is_enabled: { references: ["var.enabled"] } } } },
    );
    return f;
  };
  const keyUnknown = () => check(withUnknownKey()).filter((x) => x.ruleId === "LG-KMS-002");

  it("is a third result, never a pass: a key whose is_enabled is known only at apply", () => {
    expect(keyUnknown().map((x) => [x.address, x.unknown])).toEqual([["module.lake.aws_kms_key.other", true]]);
  });

  it("fails the gate under --unknown guarded (the default) and all, for a rule that guards data; not under none", () => {
    const [u] = keyUnknown();
    expect([fails(u, "high"), fails(u, "high", "all"), fails(u, "high", "none")]).toEqual([true, true, false]);
  });

  it("fails only under --unknown all for a rule that guards neither access nor data (a release label from a lookup)", () => {
    const f = passingLake();
    delete f.values("aws_emrserverless_application.spark").release_label;
    f.config("aws_emrserverless_application.spark").expressions.release_label = {
      references: ["data.aws_emr_release_labels.latest.release_labels"],
    };
    f.entries.find((e) => e.address.endsWith("aws_emrserverless_application.spark"))!.unknown.release_label = true;
    const [u] = check(f).filter((x) => x.ruleId === "LG-EMR-004");
    expect([u.unknown, fails(u, "medium"), fails(u, "medium", "all")]).toEqual([true, false, true]);
  });

  it(
    'is what an encryption rule gives when its key is created in the same plan and the rule is a dynamic block: never "no ' + 'algorithm"',
    () => {
      const f = passingLake();
      const sse = f.entries.find((e) => e.address === 'module.lake.aws_s3_bucket_server_side_encryption_configuration.this["raw"]')!;
      delete sse.values.rule;
      sse.unknown.rule = true;
      const found = check(f).filter((x) => x.address === 'module.lake.aws_s3_bucket.this["raw"]');
      expect(found.map((x) => `${x.ruleId} ${x.unknown ? "unknown" : "finding"}`)).toEqual(["LG-S3-001 unknown", "LG-S3-002 unknown"]);
    },
  );

  it("is listed apart from the findings in JSON, and as SARIF's kind open", () => {
    const { findings, model } = runChecks([{ file: "plan.json", plan: withUnknownKey().plan() }]);
    const json = JSON.parse(renderReport("json", { findings, model, failOn: "high", version: "test" }));
    expect([json.findings.length, json.unknown.map((u: Json) => [u.ruleId, u.failsGate]), json.summary.unknown]).toEqual([
      0,
      [["LG-KMS-002", true]],
      1,
    ]);
    const sarif = JSON.parse(renderReport("sarif", { findings, model, failOn: "high", version: "test" }));
    expect(sarif.runs[0].results.map((r: Json) => [r.ruleId, r.kind])).toEqual([["LG-KMS-002", "open"]]);
  });
});

describe("the lake's own accounts", () => {
  const outsider = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "kms:Decrypt", Resource: "*" };

  it("come from the plan (here its admins' account): another account in a key policy is outside", () => {
    const f = passingLake();
    keyStatement(f, outsider);
    expect(
      check(f)
        .filter((x) => x.ruleId === "LG-IAM-008")
        .map((x) => x.message),
    ).toEqual(["Allows kms:Decrypt to account 999999999999."]);
  });

  it("come from --account too: a named account is the lake's own", () => {
    const f = passingLake();
    keyStatement(f, outsider);
    expect(check(f, { accounts: ["999999999999"] }).filter((x) => x.ruleId === "LG-IAM-008")).toEqual([]);
  });

  it("come from the provider's allowed_account_ids before anything inferred", () => {
    const f = passingLake();
    f.provider.allowed_account_ids = { constant_value: ["999999999999"] };
    keyStatement(f, outsider);
    // 111111111111, the admins' account, is now the outsider.
    expect(
      check(f)
        .filter((x) => x.ruleId === "LG-IAM-008")
        .map((x) => x.message),
    ).toEqual(["Allows kms:* to account 111111111111."]);
  });

  it("when nothing names one, an explicit account is unknown at plan, not a pass", () => {
    const f = passingLake();
    f.remove("aws_lakeformation_data_lake_settings.this");
    f.values("aws_kms_key.lake").policy = JSON.stringify({ Statement: [outsider] });
    expect(
      check(f)
        .filter((x) => x.ruleId === "LG-IAM-008")
        .map((x) => x.unknown),
    ).toEqual([true]);
  });
});

describe("what a statement's principals reach", () => {
  const own = new Set(["111111111111"]);
  const anyone = [{ type: "AWS", ids: ["*"] }];
  const cond = (operator: string, key: string, ...values: string[]) => [{ operator, key, values }];

  it.each([
    ["an exact own account", cond("StringEquals", "aws:PrincipalAccount", "111111111111"), "inside"],
    ["an organization", cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), "inside"],
    ["an own role by ARN", cond("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111111111111:role/Reader"), "inside"],
    ["a named bucket as source", cond("ArnLike", "aws:SourceArn", "arn:aws:s3:::lake-raw"), "inside"],
    ["another account", cond("StringEquals", "aws:PrincipalAccount", "999999999999"), "outside"],
    ["a Null test", cond("Null", "aws:PrincipalOrgID", "false"), "outside"],
    ["an account pattern", cond("StringLike", "aws:PrincipalAccount", "1*"), "outside"],
    ["any account's role", cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/Reader"), "outside"],
    ["any bucket as source", cond("ArnLike", "aws:SourceArn", "arn:aws:s3:::*"), "outside"],
    ["a test skipped when the key is absent", cond("StringEqualsIfExists", "aws:PrincipalAccount", "111111111111"), "outside"],
    ["a negated test", cond("StringNotEquals", "aws:PrincipalAccount", "999999999999"), "outside"],
    ["the resource's account, which is not the caller's", cond("StringEquals", "aws:ResourceAccount", "111111111111"), "outside"],
  ])("Principal * narrowed by %s: %s", (_what, conditions, kind) => {
    expect(reachOf(anyone, conditions, own).kind).toBe(kind);
  });

  it("reads Allow with NotPrincipal as everyone but a few", () => {
    expect(reachOf([], [], own, false, [{ type: "AWS", ids: ["arn:aws:iam::111111111111:root"] }]).kind).toBe("outside");
  });

  it("reads a third party's account in a trust policy as outside, external id or not: the id guards the partner, not the lake", () => {
    const partner = [{ type: "AWS", ids: ["arn:aws:iam::999999999999:root"] }];
    expect([reachOf(partner, [], own, true).kind, reachOf(partner, cond("StringEquals", "sts:ExternalId", "x"), own, true).kind]).toEqual([
      "outside",
      "outside",
    ]);
  });

  it.each([
    ["a SAML provider of another account", [{ type: "Federated", ids: ["arn:aws:iam::999999999999:saml-provider/corp"] }], [], "outside"],
    ["a service acting for any account's resources", [{ type: "Service", ids: ["logging.s3.amazonaws.com"] }], [], "outside"],
    [
      "a service tied to the lake's account",
      [{ type: "Service", ids: ["logging.s3.amazonaws.com"] }],
      cond("StringEquals", "aws:SourceAccount", "111111111111"),
      "inside",
    ],
    ["any role session by an id pattern", anyone, cond("StringLike", "aws:userid", "AROA*:*"), "outside"],
    ["one role's sessions by its unique id", anyone, cond("StringLike", "aws:userid", "AROAEXAMPLEID:*"), "inside"],
  ])("reads %s in a resource policy as %s", (_what, principals, conditions, kind) => {
    expect(reachOf(principals, conditions, own).kind).toBe(kind);
  });

  it("counts AWS's documented log-delivery accounts as no outsider", () => {
    expect(reachOf([{ type: "AWS", ids: ["arn:aws:iam::156460612806:root"] }], [], own).kind).toBe("inside");
  });
});
