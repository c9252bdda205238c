/** The rules in processing.ts (EMR Serverless): a non-compliant case each, at its own address, then the cases that need more. */
import { check, describeRuleCases } from "../../testkit/policy/rule-cases";
import { passingLake } from "../../testkit/policy/plan-fixture";

describeRuleCases(
  {
    "LG-EMR-001": (f) => (f.values("aws_emrserverless_application.spark").auto_stop_configuration[0].enabled = false),
    "LG-EMR-002": (f) => (f.values("aws_emrserverless_application.spark").maximum_capacity = []),
    "LG-EMR-003": (f) =>
      (f.outputs.lake.spark_submit_parameters = f.outputs.lake.spark_submit_parameters.replace("maxExecutors=3", "maxExecutors=4")),
    "LG-EMR-004": (f) => (f.values("aws_emrserverless_application.spark").release_label = "emr-5.36.0"),
    "LG-EMR-005": (f) => (f.values("aws_emrserverless_application.spark").architecture = "X86_64"),
  },
  {
    "LG-EMR-001": ["module.lake.aws_emrserverless_application.spark"],
    "LG-EMR-002": ["module.lake.aws_emrserverless_application.spark"],
    "LG-EMR-003": ["module.lake.aws_emrserverless_application.spark"],
    "LG-EMR-004": ["module.lake.aws_emrserverless_application.spark"],
    "LG-EMR-005": ["module.lake.aws_emrserverless_application.spark"],
  },
);

describe("EMR resource math", () => {
  it("computes the resource math with Spark's memory overhead", () => {
    const f = passingLake();
    f.outputs.lake.spark_submit_parameters = f.outputs.lake.spark_submit_parameters.replace(/7447m/g, "8g");
    const [finding] = check(f).filter((x) => x.ruleId === "LG-EMR-003");
    expect(finding.message).toBe("driver + 3 executors need 36 GB > 32 GB of maximum capacity.");
  });
});

describe("values from data sources", () => {
  const emrRelease = (known: boolean) => {
    const f = passingLake();
    const app = f.values("aws_emrserverless_application.spark");
    f.config("aws_emrserverless_application.spark").expressions.release_label = {
      references: ["data.aws_emr_release_labels.latest.release_labels[0]", "data.aws_emr_release_labels.latest"],
    };
    if (known) app.release_label = "emr-latest";
    else {
      delete app.release_label;
      f.entries.find((e) => e.address.endsWith("aws_emrserverless_application.spark"))!.unknown.release_label = true;
    }
    return check(f)
      .filter((x) => x.ruleId === "LG-EMR-004")
      .map((x) => x.message);
  };

  it("are judged where the plan knows them", () => {
    expect(emrRelease(true)).toEqual(['Release label "emr-latest" is not a pinned emr-6 or later release.']);
  });

  it("are reported as unknown where it does not, never passed in silence", () => {
    expect(emrRelease(false)).toEqual([
      "Unknown at plan: the release label comes from data.aws_emr_release_labels.latest.release_labels[0]: no pinned release can be " +
        "checked.",
    ]);
  });
});
