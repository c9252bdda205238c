/** The rules in iam.ts (IAM policies): a non-compliant case each, at its own address, then the cases that need more. */
import { check, describeRuleCases, statement, UNKNOWN } from "../../testkit/policy/rule-cases";
import { passingLake } from "../../testkit/policy/plan-fixture";

describeRuleCases(
  {
    "LG-IAM-004": (f) => (statement(f, 0).not_resources = { constant_value: ["arn:aws:s3:::audit/*"] }),
    "LG-IAM-005": (f) => f.add("aws_iam_role_policy_attachment", "admin", { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
    "LG-IAM-006": (f) =>
      (f.config("data.aws_iam_policy_document.job").expressions.source_policy_documents = { references: ["var.extra_policy"] }),
    "LG-IAM-001": (f) => (statement(f, 0).actions = { constant_value: ["s3:*"] }),
    "LG-IAM-002": (f) => (statement(f, 0).resources = { constant_value: ["*"] }),
    "LG-IAM-003": (f) => (statement(f, 1).resources = { constant_value: ["*"] }),
    "LG-IAM-009": (f) => (statement(f, 0).resources = { constant_value: ["arn:aws:glue:data.aws_region.current.id:111111111111:catalog"] }),
  },
  {
    "LG-IAM-004": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-005": ["module.lake.aws_iam_role_policy_attachment.admin"],
    "LG-IAM-006": [`${UNKNOWN}module.lake.aws_iam_role_policy.job`],
    "LG-IAM-001": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-002": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-003": ["module.lake.aws_iam_role_policy.job"],
    "LG-IAM-009": ["module.lake.aws_iam_role_policy.job"],
  },
);

describe("IAM patterns", () => {
  const withStatement = (actions: string[], resources: string[]) => {
    const f = passingLake();
    statement(f, 2).actions = { constant_value: actions };
    statement(f, 2).resources = { constant_value: resources };
    return check(f).map((x) => x.ruleId);
  };

  it('exempts actions the IAM reference says take only Resource "*"', () => {
    expect(withStatement(["xray:GetSamplingStatisticSummaries", "xray:GetSamplingRules", "sts:GetCallerIdentity"], ["*"])).toEqual([]);
  });

  it.each([["arn:aws:s3:::*"], ["arn:aws:s3:::*/*"], ["arn:aws:s3:::*-raw/*"], ["arn:aws:kms:eu-west-1:111111111111:*"]])(
    "treats %s as a wildcard resource",
    (arn) => {
      expect(withStatement(["s3:GetObject"], [arn])).toContain("LG-IAM-002");
    },
  );

  it("treats role/* as any role for iam:PassRole", () => {
    expect(withStatement(["iam:PassRole"], ["arn:aws:iam::111111111111:role/*"])).toEqual(
      expect.arrayContaining(["LG-IAM-002", "LG-IAM-003"]),
    );
  });

  it.each([["arn:aws:iam::*:role/acme-*"], ["arn:aws:iam::111111111111:role/*-job"], ["arn:aws:iam::111111111111:role/service-role/*"]])(
    "treats %s, as variables may resolve, as any role for iam:PassRole",
    (arn) => {
      expect(withStatement(["iam:PassRole"], [arn])).toContain("LG-IAM-003");
    },
  );

  it("passes iam:PassRole on the account's named roles", () => {
    expect(
      withStatement(
        ["iam:PassRole"],
        ["arn:aws:iam::111111111111:role/acme-dev-emr-job", "arn:aws:iam::111111111111:role/acme-dev-glue-job"],
      ),
    ).toEqual([]);
  });

  it.each([
    ["arn:aws:iam::111111111111:role/acme-dev-*"],
    ["arn:aws:iam::111111111111:role/*Admin*"],
    ["arn:aws:iam::111111111111:role/job-?"],
  ])("fails iam:PassRole on %s: a pattern reaches an admin role named to match it", (arn) => {
    expect(withStatement(["iam:Pass*"], [arn])).toContain("LG-IAM-003");
  });

  it("flags a full-access managed policy on a role, and not a narrow service role policy", () => {
    const f = passingLake();
    f.add("aws_iam_role", "job", {
      managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
      tags_all: { Environment: "test", Project: "fixture" },
    });
    f.add("aws_iam_role_policy_attachment", "glue", { policy_arn: "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole" });
    expect(check(f).map((x) => [x.ruleId, x.address])).toEqual([["LG-IAM-005", "module.lake.aws_iam_role.job"]]);
  });
});
