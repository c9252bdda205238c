/** `lakegen bootstrap`: its line in `lakegen --help`, and its own help. */
export const synopsis = "bootstrap <env>";
export const summary = "Write the root that creates the environment's state bucket (dist/bootstrap/<env>)";
export const help = `Usage: lakegen bootstrap <env> [--out DIR]

Writes the Terraform root that creates the environment's state bucket (the backend
bucket of tfvars/<env>.tfvars): versioned, SSE-KMS (with backend.kms_key_id when
set), TLS-only, no public access, owner-enforced, kept from destroy. The roots lock
their state with S3's lock file, so no DynamoDB table is needed. Apply it once,
before the environment's root: terraform init && terraform apply in DIR.

Options:
  --out DIR             Where to write main.tf (default: dist/bootstrap/<env>; synth keeps it)`;
