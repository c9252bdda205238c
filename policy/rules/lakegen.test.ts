/** The rules in lakegen.ts (lakegen's house rules): a non-compliant case each, at its own address, then the cases that need more. */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-LAKEGEN-001": (f) => (f.config("aws_glue_job.this").expressions.number_of_workers = { constant_value: 10 }),
    "LG-LAKEGEN-002": (f) => (f.values('aws_glue_job.this["raw"]').tags_all = { Environment: "test" }),
  },
  {
    "LG-LAKEGEN-001": ['module.lake.aws_glue_job.this["raw"]'],
    "LG-LAKEGEN-002": ['module.lake.aws_glue_job.this["raw"]'],
  },
);
