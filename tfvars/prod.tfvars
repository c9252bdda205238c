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
