# Applies an environment root against a mocked AWS provider and checks that the
# applied resources carry the values from the environment's tfvars.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

run "apply" {
  command = apply

  assert {
    condition     = output.emr_serverless.maximum_capacity.cpu == "${var.emr.max_capacity.cpu} vCPU"
    error_message = "EMR maximum vCPU does not match emr.max_capacity.cpu"
  }

  assert {
    condition     = output.emr_serverless.maximum_capacity.memory == "${var.emr.max_capacity.memory_gb} GB"
    error_message = "EMR maximum memory does not match emr.max_capacity.memory_gb"
  }

  assert {
    condition = alltrue([
      strcontains(output.emr_serverless.spark_submit_parameters, "spark.executor.cores=${var.emr.executor.cpu} "),
      strcontains(output.emr_serverless.spark_submit_parameters, "spark.driver.cores=${var.emr.driver.cpu} "),
      endswith(output.emr_serverless.spark_submit_parameters, "spark.dynamicAllocation.maxExecutors=${var.emr.max_executors}"),
    ])
    error_message = "Spark submit parameters do not carry the emr sizing"
  }

  assert {
    condition = alltrue([
      for zone, rules in output.data_lake_storage.lifecycle_rules :
      toset([for t in rules[0].transition : "${t.days}:${t.storage_class}"]) ==
      toset([for t in var.storage.zones[zone].transitions : "${t.days}:${t.storage_class}"])
    ])
    error_message = "Lifecycle transitions do not match storage.zones.*.transitions"
  }

  assert {
    condition = alltrue([
      for zone, rules in output.data_lake_storage.lifecycle_rules :
      length(rules[0].expiration) == 0 ? var.storage.zones[zone].expiration_days == null : rules[0].expiration[0].days == var.storage.zones[zone].expiration_days
    ])
    error_message = "Lifecycle expirations do not match storage.zones.*.expiration_days"
  }

  assert {
    condition     = alltrue([for zone, rules in output.data_lake_storage.lifecycle_rules : rules[0].abort_incomplete_multipart_upload[0].days_after_initiation == var.storage.abort_incomplete_multipart_upload_days])
    error_message = "Incomplete multipart uploads are not aborted after storage.abort_incomplete_multipart_upload_days"
  }

  assert {
    condition     = keys(output.data_lake_storage.bucket_names) == ["curated", "processed", "raw", "temp"]
    error_message = "Expected one bucket per zone"
  }
}
