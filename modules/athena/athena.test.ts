import { athena } from ".";
import { problemsAfter, synthModule } from "../../testkit/helpers";

describe("athena module", () => {
  const tf = synthModule(athena as never);
  const wg = tf.resource.aws_athena_workgroup.this;

  it("enforces a workgroup configuration with a scan cutoff and encrypted results in the lake", () => {
    expect(wg.configuration.enforce_workgroup_configuration).toBe("${var.enforce_workgroup_configuration}");
    expect(wg.configuration.bytes_scanned_cutoff_per_query).toBe("${var.bytes_scanned_cutoff_per_query}");
    expect(wg.configuration.publish_cloudwatch_metrics_enabled).toBe("${var.publish_cloudwatch_metrics}");
    expect(wg.configuration.engine_version.selected_engine_version).toBe("${var.engine_version}");
    expect(wg.configuration.result_configuration.output_location).toBe("s3://${var.results_bucket_name}/athena-results/");
    expect(wg.configuration.result_configuration.encryption_configuration).toEqual({
      encryption_option: "SSE_KMS",
      kms_key_arn: "${var.kms_key_arn}",
    });
  });

  it("rejects a scan cutoff below Athena's 10 MB minimum", () => {
    expect(problemsAfter((v) => (v.athena.bytes_scanned_cutoff_per_query = 1000))[0]).toMatch(/^athena\.bytes_scanned_cutoff_per_query: /);
  });
});
