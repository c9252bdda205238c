/**
 * The rules in operations.ts (Step Functions, SNS and logs): a non-compliant case each, at its own address,
 * then the cases that need more.
 */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-SFN-001": (f) => (f.values('aws_sfn_state_machine.pipeline["daily"]').logging_configuration[0].level = "OFF"),
    "LG-SFN-002": (f) => (f.values('aws_sfn_state_machine.pipeline["daily"]').tracing_configuration[0].enabled = false),
    "LG-SNS-001": (f) => delete f.values("aws_sns_topic.alerts").kms_master_key_id,
    "LG-LOG-001": (f) => delete f.values("aws_cloudwatch_log_group.jobs").kms_key_id,
    "LG-LOG-002": (f) => (f.values("aws_cloudwatch_log_group.jobs").retention_in_days = 0),
  },
  {
    "LG-SFN-001": ['module.lake.aws_sfn_state_machine.pipeline["daily"]'],
    "LG-SFN-002": ['module.lake.aws_sfn_state_machine.pipeline["daily"]'],
    "LG-SNS-001": ["module.lake.aws_sns_topic.alerts"],
    "LG-LOG-001": ["module.lake.aws_cloudwatch_log_group.jobs"],
    "LG-LOG-002": ["module.lake.aws_cloudwatch_log_group.jobs"],
  },
);
