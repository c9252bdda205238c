# Production: sized for the full daily load, long retention, buckets that cannot be force-destroyed.
environment = "prod"
project     = "acme-lake"
account_id  = "222222222222"
region      = "eu-west-1"

tags = {
  CostCenter = "data-platform"
  Owner      = "data-platform-team"
}

backend = {
  bucket = "acme-terraform-state-prod"
}

# Data sources, declared once: every module that works per source iterates over this map.
sources = {
  source-system-a = {
    ingestion        = "batch"
    format           = "json"
    crawler_schedule = "cron(0 2 * * ? *)"
    quality = {
      not_null      = ["id", "order_date"]
      unique        = ["id"]
      ranges        = [{ column = "revenue", min = 0 }]
      min_row_count = 1
    }
    # A corrected order is sent again: its latest version, by order_date, is the one kept.
    contract = {
      load            = "upsert"
      key             = ["id"]
      ordering_column = "order_date"
      columns = [
        { name = "id", type = "string", comment = "Order id." },
        { name = "order_date", type = "timestamp", comment = "When the order was last changed: its latest version wins." },
        { name = "revenue", type = "double", comment = "Order revenue." },
        { name = "status", type = "string" },
      ]
    }
  }
  source-system-b = {
    ingestion        = "batch"
    format           = "csv"
    crawler_schedule = "cron(30 2 * * ? *)"
    quality = {
      not_null = ["customer_id"]
    }
    # Each delivery is the whole customer list.
    contract = {
      load = "full_refresh"
      key  = ["customer_id"]
      columns = [
        { name = "customer_id", type = "string" },
        { name = "segment", type = "string" },
        { name = "country", type = "string" },
      ]
    }
  }
  api-integrations = {
    ingestion = "stream"
    format    = "json"
    stream    = { mode = "PROVISIONED", shard_count = 4 }
    quality = {
      not_null = ["event_id", "event_time"]
    }
    # Firehose and producers retry: the same record delivered twice is kept once.
    contract = {
      load = "append"
      columns = [
        { name = "event_id", type = "string" },
        { name = "event_time", type = "timestamp" },
        { name = "event_type", type = "string" },
      ]
    }
  }
}

storage = {
  force_destroy                          = false
  kms_deletion_window_days               = 30
  abort_incomplete_multipart_upload_days = 7
  noncurrent_version_expiration_days     = 90
  log_expiration_days                    = 365

  zones = {
    raw = {
      versioning = true
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 90, storage_class = "GLACIER" },
        { days = 365, storage_class = "DEEP_ARCHIVE" },
      ]
      expiration_days = 2555
    }
    processed = {
      transitions = [{ days = 0, storage_class = "INTELLIGENT_TIERING" }]
    }
    curated = {
      transitions = [{ days = 0, storage_class = "INTELLIGENT_TIERING" }]
    }
    temp = {
      versioning      = false
      expiration_days = 7
    }
  }
}

# 4 + 20 × 4 = 84 vCPU and 16 + 20 × 16 = 336 GB, within 96 vCPU / 384 GB.
emr = {
  release_label        = "emr-7.5.0"
  architecture         = "ARM64"
  driver               = { cpu = 4, memory_gb = 16 }
  executor             = { cpu = 4, memory_gb = 16, disk_gb = 50 }
  min_executors        = 2
  max_executors        = 20
  max_capacity         = { cpu = 96, memory_gb = 384, disk_gb = 1500 }
  initial_capacity     = { driver_count = 1, executor_count = 2 }
  idle_timeout_minutes = 30
  log_retention_days   = 90
}

glue = {
  glue_version      = "4.0"
  worker_type       = "G.2X"
  number_of_workers = 10
  timeout_minutes   = 240

  # Glue jobs' log groups.
  log_retention_days = 90
  crawler = {
    recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"
    update_behavior  = "LOG"
    delete_behavior  = "LOG"
  }
}

lake_formation = {
  admins           = ["arn:aws:iam::222222222222:role/DataPlatformAdmin", "arn:aws:iam::222222222222:role/TerraformDeploy"]
  permission_model = "LAKE_FORMATION"
  classifications  = ["public", "internal", "confidential"]
  zone_classification = {
    raw       = "confidential"
    processed = "internal"
    curated   = "internal"
  }
  analyst_roles = ["arn:aws:iam::222222222222:role/DataAnalyst"]
  analyst_zones = ["curated"]
}

streaming = {
  retention_hours            = 168
  buffering_size_mb          = 128
  buffering_interval_seconds = 300
  log_retention_days         = 90
}

athena = {
  bytes_scanned_cutoff_per_query = 1099511627776
  engine_version                 = "Athena engine version 3"
}

orchestration = {
  retry = {
    interval_seconds = 60
    max_attempts     = 3
    backoff_rate     = 2
    errors = [
      "Glue.ConcurrentRunsExceededException",
      "Glue.InternalServiceException",
      "Glue.OperationTimeoutException",
      "EMRServerless.InternalServerException",
      "Ssm.InternalServerErrorException",
      "Ssm.TooManyUpdatesException",
      "SNS.InternalErrorException",
    ]
  }
  notification_emails = ["data-platform-team@example.com"]
  # 4 h for the Glue jobs (their own timeout), 2 h for Spark, 30 min for the crawl, and the calls and retries, within 8 h.
  timeout_seconds = 28800
  task_timeouts = {
    glue_job_seconds  = 14400
    spark_job_seconds = 7200
    crawl_seconds     = 1800
    call_seconds      = 60
  }
  log_level          = "ERROR"
  log_retention_days = 90
  pipelines = {
    daily-orders = {
      schedule           = "cron(0 3 * * ? *)"
      timezone           = "UTC"
      entry_point        = "etl/transform.py"
      sources            = ["source-system-a", "source-system-b", "api-integrations"]
      crawl_source       = "source-system-a"
      first_window_start = "2026-01-01T00:00:00Z"

      # Curated Parquet files aim at this size (the brief asks for 128 MB to 1 GB).
      target_file_size_mb = 256
    }
  }
}

monitoring = {
  alert_emails              = ["data-platform-alerts@example.com"]
  alarm_period_seconds      = 300
  alarm_evaluation_periods  = 2
  alarm_datapoints_to_alarm = 1
  treat_missing_data        = "notBreaching"
  thresholds = {
    pipeline_executions_failed    = 1
    pipeline_executions_timed_out = 1
    delivery_freshness_seconds    = 900
    iterator_age_ms               = 60000
    write_throttled_records       = 1
    quarantined_rows              = 0
  }
  budget = {
    monthly_limit_usd        = 5000
    alert_thresholds_percent = [80, 100]
  }
}
