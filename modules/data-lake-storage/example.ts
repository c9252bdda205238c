/**
 * The fixture behind data-lake-storage's examples and its `terraform test`: inputs a platform team
 * would set, in AWS's documentation account. No environment's tfvars feed it, so adding
 * or editing an environment changes nothing in the module's release.
 */
import { type ModuleExample } from "../../lib/module";
import type { storageSchema } from "./schema";
import type { wiring } from "./wiring";

export const example: ModuleExample<typeof storageSchema, typeof wiring> = {
  inputs: {
    force_destroy: false,
    kms_deletion_window_days: 30,
    abort_incomplete_multipart_upload_days: 7,
    noncurrent_version_expiration_days: 90,
    log_expiration_days: 365,
    zones: {
      raw: {
        versioning: true,
        transitions: [
          {
            days: 30,
            storage_class: "STANDARD_IA"
          },
          {
            days: 90,
            storage_class: "GLACIER"
          },
          {
            days: 365,
            storage_class: "DEEP_ARCHIVE"
          }
        ],
        expiration_days: 2555
      },
      processed: {
        transitions: [
          {
            days: 0,
            storage_class: "INTELLIGENT_TIERING"
          }
        ]
      },
      curated: {
        transitions: [
          {
            days: 0,
            storage_class: "INTELLIGENT_TIERING"
          }
        ]
      },
      temp: {
        versioning: false,
        expiration_days: 7
      }
    }
  },
  wiring: () => ({}),
};
