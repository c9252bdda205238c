/** `lakegen bootstrap`: its line in `lakegen --help`, and its own help. */
export const synopsis = "bootstrap <env>";
export const summary = "Write the root that creates the environment's state bucket and GitHub Actions' roles (dist/bootstrap/<env>)";
export const help = `Usage: lakegen bootstrap <env> [--github-repo OWNER/NAME] [--oidc-provider-arn ARN] [--create-state-key] [--out DIR]

Writes the Terraform root that an administrator applies once per environment, before
its own root (terraform init && terraform apply in DIR):

  main.tf      The state bucket (the backend bucket of tfvars/<env>.tfvars): versioned,
               SSE-KMS (backend.kms_key_id when set), TLS-only, no public access,
               owner-enforced, kept from destroy. The roots lock their state with S3's
               lock file, so no DynamoDB table is needed. The provider only touches
               the state's account (allowed_account_ids).
  identity.tf  GitHub's OIDC provider and three roles in the environment's account, each
               trusted by one token subject: github-<project>-<env>-pr (pull requests;
               reads configuration and the state, no data), -plan (main's plan and
               drift; the same reads) and -apply (the GitHub environment <env>).
  .terraform.lock.hcl  The tested hashicorp/aws release.

Options:
  --github-repo OWNER/NAME  The repository whose workflows plan and apply (default: the
                            origin remote, when it is on GitHub)
  --oidc-provider-arn ARN   Use the account's existing GitHub OIDC provider
  --create-state-key        Encrypt the state with a key of its own (rotated, kept from
                            destroy); set backend.kms_key_id to its output afterwards
  --out DIR                 Where to write the root (default: dist/bootstrap/<env>; synth keeps it)`;
