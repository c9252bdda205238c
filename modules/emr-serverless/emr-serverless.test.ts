import { emrServerless } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("emr-serverless module", () => {
  const tf = synthModule(emrServerless as never);
  const app = tf.resource.aws_emrserverless_application.spark;

  it("builds a Spark application from the sizing inputs, with no literal size", () => {
    expect(app.type).toBe("spark");
    expect(app.release_label).toBe("${var.release_label}");
    expect(app.architecture).toBe("${var.architecture}");
    expect(app.auto_start_configuration).toEqual({ enabled: "${var.auto_start}" });
    expect(app.auto_stop_configuration).toEqual({ enabled: true, idle_timeout_minutes: "${var.idle_timeout_minutes}" });
    expect(app.maximum_capacity.cpu).toBe("${var.max_capacity.cpu} vCPU");
    expect(app.maximum_capacity.memory).toBe("${var.max_capacity.memory_gb} GB");
    expect(app.dynamic.initial_capacity.for_each).toBe("${local.initial_workers}");
  });

  it("derives the Spark submit parameters from the same inputs", () => {
    const params: string = tf.locals.spark_submit_parameters;
    for (const conf of [
      "spark.driver.cores=${var.driver.cpu}",
      "spark.driver.memory=${min(floor(((var.driver.memory_gb * 1024) / 1.1)), ((var.driver.memory_gb * 1024) - 384))}m",
      "spark.executor.cores=${var.executor.cpu}",
      "spark.executor.memory=${min(floor(((var.executor.memory_gb * 1024) / 1.1)), ((var.executor.memory_gb * 1024) - 384))}m",
      "spark.dynamicAllocation.minExecutors=${var.min_executors}",
      "spark.dynamicAllocation.maxExecutors=${var.max_executors}",
    ]) {
      expect(params).toContain(`--conf ${conf}`);
    }
    expect(tf.output.spark_submit_parameters.value).toBe("${local.spark_submit_parameters}");
  });

  it("gives the job role least privilege: no wildcard actions, scoped resources", () => {
    const statements = tf.data.aws_iam_policy_document.job_access.statement as {
      actions: string[];
      resources: string[] | string;
    }[];
    for (const s of statements) {
      expect(s.actions.filter((a) => a.includes("*"))).toEqual([]);
      expect([s.resources].flat().filter((res) => res === "*")).toEqual([]);
    }
    const trust = tf.data.aws_iam_policy_document.assume_role.statement[0];
    expect(trust.principals[0].identifiers).toEqual(["emr-serverless.amazonaws.com"]);
  });

  it("logs to an encrypted log group with the configured retention", () => {
    const lg = tf.resource.aws_cloudwatch_log_group.jobs;
    expect(lg.kms_key_id).toBe("${var.kms_key_arn}");
    expect(lg.retention_in_days).toBe("${var.log_retention_days}");
  });

  it("renders the resource math as a Terraform validation on max_executors", () => {
    const conditions = tf.variable.max_executors.validation.map((v: { condition: string }) => v.condition);
    expect(conditions).toContain("${(((1 * var.driver.cpu) + (var.max_executors * var.executor.cpu)) <= var.max_capacity.cpu)}");
  });

  describe("validation", () => {
    it("enforces the resource math for cpu and memory", () => {
      expect(problemsAfter((v) => (v.emr.max_executors = 4))).toEqual([
        "emr.max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu. (2 + 4 × 2 = 10 vCPU > " +
          "max_capacity.cpu 8)",
        "emr.max_executors: driver.memory_gb + max_executors × executor.memory_gb must not exceed max_capacity.memory_gb. (8 + 4 × 8 " +
          "= 40 GB > max_capacity.memory_gb 32)",
      ]);
    });

    it("enforces AWS's worker sizes", () => {
      expect(problemsAfter((v) => (v.emr.executor = { cpu: 3, memory_gb: 8 }))[0]).toMatch(/^emr\.executor\.cpu: /);
      expect(problemsAfter((v) => (v.emr.driver = { cpu: 2, memory_gb: 17 }))).toContainEqual(
        expect.stringMatching(/^emr\.driver\.memory_gb: must be a supported EMR Serverless worker size/),
      );
      expect(problemsAfter((v) => (v.emr.executor = { cpu: 8, memory_gb: 18 }))).toContainEqual(
        expect.stringMatching(/^emr\.executor\.memory_gb: must be a supported/),
      );
    });

    it("rejects an unpinned release label", () => {
      expect(problemsAfter((v) => (v.emr.release_label = "latest"))).toEqual([expect.stringMatching(/^emr\.release_label: /)]);
    });

    it("rejects initial capacity beyond the maximum", () => {
      expect(problemsAfter((v) => (v.emr.initial_capacity = { driver_count: 1, executor_count: 9 }))).toEqual([
        "emr.initial_capacity: driver_count × driver + executor_count × executor must fit in max_capacity (cpu and memory_gb). (1 × 2 " +
          "+ 9 × 2 = 20 vCPU > max_capacity.cpu 8)",
      ]);
    });
  });
});

describe("emr-serverless job role and the artifacts bucket", () => {
  const tf = synthModule(emrServerless as never);
  const statements = tf.data.aws_iam_policy_document.job_access.statement as { sid: string; resources: unknown }[];
  const sid = (name: string) => JSON.stringify(statements.find((x) => x.sid === name)!.resources);

  it("reads objects in the artifacts bucket, which holds the entry points", () => {
    expect(sid("ReadOnlyObjects")).toContain("var.artifacts_bucket_arn");
  });

  it("never writes the artifacts bucket", () => {
    expect(sid("ReadWriteLakeObjects")).not.toContain("artifacts");
    expect(tf.variable.artifacts_bucket_arn.default).toBeUndefined();
  });
});
