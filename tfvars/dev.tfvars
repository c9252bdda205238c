# Development: the brief's minimal sizing, short retention, disposable buckets.
environment = "dev"
project     = "acme-lake"
account_id  = "111111111111"
region      = "eu-west-1"

tags = {
  CostCenter = "data-platform"
  Owner      = "data-platform-team"
}

backend = {
  bucket = "acme-terraform-state-dev"
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
    stream    = { mode = "ON_DEMAND" }
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
  force_destroy                          = true
  kms_deletion_window_days               = 7
  abort_incomplete_multipart_upload_days = 3
  noncurrent_version_expiration_days     = 7
  log_expiration_days                    = 30

  zones = {
    raw = {
      versioning      = true
      transitions     = [{ days = 30, storage_class = "GLACIER" }]
      expiration_days = 180
    }
    processed = {
      transitions = [{ days = 0, storage_class = "INTELLIGENT_TIERING" }]
    }
    curated = {
      transitions = [{ days = 0, storage_class = "INTELLIGENT_TIERING" }]
    }
    temp = {
      versioning      = false
      expiration_days = 1
    }
  }
}

# The brief's example: 2 + 3 × 2 = 8 vCPU and 8 + 3 × 8 = 32 GB, exactly the maximum capacity.
emr = {
  release_label        = "emr-7.5.0"
  architecture         = "ARM64"
  driver               = { cpu = 2, memory_gb = 8 }
  executor             = { cpu = 2, memory_gb = 8 }
  min_executors        = 1
  max_executors        = 3
  max_capacity         = { cpu = 8, memory_gb = 32 }
  idle_timeout_minutes = 15
  log_retention_days   = 14
}

glue = {
  glue_version      = "4.0"
  worker_type       = "G.1X"
  number_of_workers = 2
  timeout_minutes   = 60

  # Glue jobs' log groups.
  log_retention_days = 14
  crawler = {
    recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"
    update_behavior  = "LOG"
    delete_behavior  = "LOG"
  }
}

lake_formation = {
  admins           = ["arn:aws:iam::111111111111:role/DataPlatformAdmin", "arn:aws:iam::111111111111:role/TerraformDeploy"]
  permission_model = "HYBRID"
  classifications  = ["public", "internal", "confidential"]
  zone_classification = {
    raw       = "confidential"
    processed = "internal"
    curated   = "internal"
  }
  analyst_roles = ["arn:aws:iam::111111111111:role/DataAnalyst"]
  analyst_zones = ["curated"]
}

streaming = {
  retention_hours            = 24
  buffering_size_mb          = 5
  buffering_interval_seconds = 60
  log_retention_days         = 14
}

athena = {
  bytes_scanned_cutoff_per_query = 10737418240
  engine_version                 = "Athena engine version 3"
}

orchestration = {
  retry = {
    interval_seconds = 30
    max_attempts     = 1
    backoff_rate     = 2
  }
  notification_emails = ["data-platform-team@example.com"]
  timeout_seconds     = 7200
  task_timeouts = {
    glue_job_seconds  = 3600
    spark_job_seconds = 1800
    crawl_seconds     = 900
    call_seconds      = 60
  }
  log_level          = "ALL"
  log_retention_days = 14
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
  alarm_evaluation_periods  = 1
  alarm_datapoints_to_alarm = 1
  treat_missing_data        = "notBreaching"
  thresholds = {
    pipeline_executions_failed    = 1
    pipeline_executions_timed_out = 1
    delivery_freshness_seconds    = 1800
    iterator_age_ms               = 600000
    write_throttled_records       = 10
    quarantined_rows              = 0
  }
  budget = {
    monthly_limit_usd        = 300
    alert_thresholds_percent = [80, 100]
  }
}
