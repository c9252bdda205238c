/**
 * The rules in catalog.ts (the Glue catalog, jobs and crawlers): a non-compliant case each, at its own address,
 * then the cases that need more.
 */
import { describeRuleCases } from "../../testkit/policy/rule-cases";

describeRuleCases(
  {
    "LG-GLUE-006": (f) => (f.values('aws_glue_crawler.this["raw"]').schema_change_policy = [{ delete_behavior: "DELETE_FROM_DATABASE" }]),
    "LG-GLUE-001": (f) => (f.values('aws_glue_crawler.this["raw"]').security_configuration = null),
    "LG-GLUE-002": (f) => (f.values('aws_glue_job.this["raw"]').security_configuration = ""),
    "LG-GLUE-003": (f) =>
      (f.values("aws_glue_security_configuration.this").encryption_configuration[0].s3_encryption[0].s3_encryption_mode = "DISABLED"),
    "LG-GLUE-004": (f) => f.remove("aws_glue_data_catalog_encryption_settings.this"),
    "LG-GLUE-005": (f) => (f.values('aws_glue_job.this["raw"]').default_arguments = {}),
  },
  {
    "LG-GLUE-006": ['module.lake.aws_glue_crawler.this["raw"]'],
    "LG-GLUE-001": ['module.lake.aws_glue_crawler.this["raw"]'],
    "LG-GLUE-002": ['module.lake.aws_glue_job.this["raw"]'],
    "LG-GLUE-003": ["module.lake.aws_glue_security_configuration.this"],
    "LG-GLUE-004": ['module.lake.aws_glue_catalog_database.this["raw"]'],
    "LG-GLUE-005": ['module.lake.aws_glue_job.this["raw"]'],
  },
);
