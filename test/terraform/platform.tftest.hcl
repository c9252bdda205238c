# Applies an environment root against a mocked AWS provider and checks that the
# applied resources carry the values from the environment's tfvars.

# The mocks return ARN-shaped values, which the provider validates (mocks/aws.tfmock.hcl).
mock_provider "aws" {
  source = "./tests/mocks"
}

# Each bucket its own ARN: emr-serverless refuses an artifacts bucket among the buckets jobs write.
override_resource {
  target = module.data_lake_storage.aws_s3_bucket.this["artifacts"]
  values = {
    arn = "arn:aws:s3:::mock-artifacts"
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

  assert {
    condition     = toset(keys(output.glue_catalog.job_capacity)) == toset(keys(var.sources))
    error_message = "Expected one Glue job per source"
  }

  assert {
    condition = alltrue([
      for name, job in output.glue_catalog.job_capacity :
      job.worker_type == var.glue.worker_type && job.number_of_workers == var.glue.number_of_workers &&
      job.timeout == var.glue.timeout_minutes
    ])
    error_message = "Glue job capacity does not match glue.*"
  }

  assert {
    condition     = output.glue_catalog.crawler_schedules == { for name, s in var.sources : name => s.crawler_schedule if s.ingestion == "batch" }
    error_message = "Expected one crawler per batch source, on its crawler_schedule"
  }

  assert {
    condition     = toset(keys(output.kinesis_ingest.stream_capacity)) == toset([for name, s in var.sources : name if s.ingestion == "stream"])
    error_message = "Expected one stream per stream source"
  }

  assert {
    condition = alltrue([
      for name, c in output.kinesis_ingest.stream_capacity :
      c.mode == var.sources[name].stream.mode && c.retention_hours == var.streaming.retention_hours &&
      (c.mode == "ON_DEMAND" || c.shard_count == var.sources[name].stream.shard_count)
    ])
    error_message = "Stream mode, shards or retention do not match sources.*.stream and streaming.retention_hours"
  }

  assert {
    condition = alltrue([
      for name, b in output.kinesis_ingest.delivery_buffering :
      b.size_mb == var.streaming.buffering_size_mb && b.interval_seconds == var.streaming.buffering_interval_seconds
    ])
    error_message = "Firehose buffering does not match streaming.buffering_*"
  }

  assert {
    condition     = toset(keys(output.lake_formation.database_grants)) == toset(concat(["crawler", "emr-curated", "emr-processed"], [for name in keys(var.sources) : "job-${name}"]))
    error_message = "Expected database grants for the crawler, each source's job and EMR"
  }

  assert {
    condition     = toset(output.lake_formation.admins) == toset(var.lake_formation.admins)
    error_message = "Lake Formation admins do not match lake_formation.admins"
  }

  assert {
    condition     = output.athena.bytes_scanned_cutoff_per_query == var.athena.bytes_scanned_cutoff_per_query
    error_message = "Athena scan cutoff does not match athena.bytes_scanned_cutoff_per_query"
  }

  assert {
    condition     = toset(keys(output.etl_pipeline.definitions)) == toset(keys(var.orchestration.pipelines))
    error_message = "Expected one state machine per pipeline"
  }

  assert {
    condition = alltrue([
      for name, d in output.etl_pipeline.definitions :
      jsondecode(d).States.StartEMRJob.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters == output.emr_serverless.spark_submit_parameters &&
      strcontains(jsondecode(d).States.StartEMRJob.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters, "spark.executor.cores=${var.emr.executor.cpu} ") &&
      strcontains(jsondecode(d).States.StartEMRJob.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters, "spark.dynamicAllocation.maxExecutors=${var.emr.max_executors}")
    ])
    error_message = "The state machine does not submit the Spark parameters derived from emr.*"
  }

  assert {
    condition = alltrue(flatten([
      for name, d in output.etl_pipeline.definitions : [
        for state in values(jsondecode(d).States) : [
          length(setsubtract(state.Retry[0].ErrorEquals, var.orchestration.retry.errors)) == 0,
          # WithGlueRuns itself goes on to NotifyFailure.
          jsondecode(d).States.WithGlueRuns.Next == "NotifyFailure",
          state.Retry[0].IntervalSeconds == var.orchestration.retry.interval_seconds,
          state.Retry[0].MaxAttempts == var.orchestration.retry.max_attempts,
          state.Retry[0].BackoffRate == var.orchestration.retry.backoff_rate,
          # The last catcher takes everything else to NotifyFailure, after the Glue jobs through WithGlueRuns
          # (RunGlueCrawler first catches a running crawler).
          state.Catch[length(state.Catch) - 1].ErrorEquals == ["States.ALL"] && contains(["NotifyFailure", "WithGlueRuns"], state.Catch[length(state.Catch) - 1].Next),
        ] if state.Type == "Task" && can(state.Catch) && can(state.Retry[0])
      ]
    ]))
    error_message = "Task retries do not match orchestration.retry (errors, interval, attempts, backoff), or a task does not catch States.ALL into NotifyFailure"
  }

  assert {
    condition = alltrue([
      for name, d in output.etl_pipeline.definitions : jsondecode(d).TimeoutSeconds == var.orchestration.timeout_seconds
    ])
    error_message = "A state machine's TimeoutSeconds does not match orchestration.timeout_seconds"
  }

  assert {
    condition     = output.etl_pipeline.schedules == { for name, p in var.orchestration.pipelines : name => p.schedule }
    error_message = "Schedules do not match orchestration.pipelines.*.schedule"
  }

  assert {
    condition = alltrue([
      for name, t in output.monitoring.alarm_thresholds :
      contains(values(var.monitoring.thresholds), t)
    ]) && length(output.monitoring.alarm_thresholds) > 0
    error_message = "An alarm threshold does not come from monitoring.thresholds"
  }

  assert {
    condition     = tonumber(output.monitoring.budget_limit_usd) == var.monitoring.budget.monthly_limit_usd
    error_message = "The budget does not match monitoring.budget.monthly_limit_usd"
  }
}

# The threading proof for the state machine: bigger executors change its Spark parameters.
run "bigger_executors" {
  command = apply

  variables {
    emr = merge(var.emr, {
      executor      = { cpu = var.emr.executor.cpu * 2, memory_gb = var.emr.executor.memory_gb * 2, disk_gb = 20 }
      min_executors = 1
      max_executors = 1
    })
  }

  assert {
    condition     = output.etl_pipeline.definitions != run.apply.etl_pipeline.definitions
    error_message = "Changing the executor sizing did not change the state machine definition"
  }

  assert {
    condition = alltrue([
      for name, d in output.etl_pipeline.definitions :
      strcontains(jsondecode(d).States.StartEMRJob.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters, "spark.executor.cores=${var.emr.executor.cpu} ") &&
      endswith(jsondecode(d).States.StartEMRJob.Parameters.JobDriver.SparkSubmit.SparkSubmitParameters, "spark.dynamicAllocation.maxExecutors=1")
    ])
    error_message = "The state machine does not carry the new executor sizing"
  }

  assert {
    condition     = output.emr_serverless.maximum_capacity == run.apply.emr_serverless.maximum_capacity
    error_message = "max_capacity did not change, so the application's maximum capacity must not either"
  }
}

# Retry settings reach every task of the state machine.
run "slower_retries" {
  command = apply

  variables {
    orchestration = merge(var.orchestration, {
      retry = { interval_seconds = var.orchestration.retry.interval_seconds * 2, max_attempts = 5, backoff_rate = 3 }
      # Longer retry waits need a longer execution: the tasks and their retries must fit in it.
      timeout_seconds = 200000
    })
  }

  assert {
    condition     = output.etl_pipeline.definitions != run.apply.etl_pipeline.definitions
    error_message = "Changing orchestration.retry did not change the state machine definition"
  }

  assert {
    condition = alltrue(flatten([
      for name, d in output.etl_pipeline.definitions : [
        for state in values(jsondecode(d).States) :
        state.Retry[0].MaxAttempts == 5 && state.Retry[0].BackoffRate == 3 && state.Retry[0].IntervalSeconds == var.orchestration.retry.interval_seconds
        if state.Type == "Task" && can(state.Retry[0])
      ]
    ]))
    error_message = "The tasks do not retry with the new orchestration.retry"
  }
}
