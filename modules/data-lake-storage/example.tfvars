# The fixture of data-lake-storage's examples and its terraform test: the module's own inputs, as a
# platform team sets them. No environment's tfvars feed it, so an environment changes no release.
# synth checks it against the module's schema and rules, and names this file and the key.

force_destroy                          = false
kms_deletion_window_days               = 30
abort_incomplete_multipart_upload_days = 7
noncurrent_version_expiration_days     = 90
log_expiration_days                    = 365
zones = {
  raw = {
    versioning = true
    transitions = [
      {
        days          = 30
        storage_class = "STANDARD_IA"
      },
      {
        days          = 90
        storage_class = "GLACIER"
      },
      {
        days          = 365
        storage_class = "DEEP_ARCHIVE"
      },
    ]
    expiration_days = 2555
  }
  processed = {
    transitions = [
      {
        days          = 0
        storage_class = "INTELLIGENT_TIERING"
      },
    ]
  }
  curated = {
    transitions = [
      {
        days          = 0
        storage_class = "INTELLIGENT_TIERING"
      },
    ]
  }
  temp = {
    versioning      = false
    expiration_days = 7
  }
}
