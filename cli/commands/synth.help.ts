/** `lakegen synth`: its line in `lakegen --help`, and its own help. */
export const synopsis = "synth";
export const summary = "Validate every tfvars file, then write dist/modules and dist/envs";
export const help = `Usage: lakegen synth [--out DIR] [--format hcl|json] [--quiet]

Validates every tfvars/*.tfvars, then writes:
  DIR/modules/<name>/   versions.tf, variables.tf, main.tf, outputs.tf, README.md
  DIR/envs/<env>/       the root configuration and a copy of its tfvars (terraform.tfvars)
  tfvars/<env>.schemas.json
                        the columns each source declares; commit it with the tfvars file:
                        validation refuses a removed column or a changed type against it
                        unless the column is in the source's contract.migrate_columns
Nothing is written when any tfvars file is invalid.

Options:
  --out DIR             Output directory (default: dist)
  --format FORMAT       hcl (default), or json for cdktf's Terraform JSON (used to prove parity)
  --quiet               No progress output`;
