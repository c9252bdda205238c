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
