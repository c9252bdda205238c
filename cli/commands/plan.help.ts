/** `lakegen plan`: its line in `lakegen --help`, and its own help. */
export const synopsis = "plan <env>";
export const summary = "terraform init + plan for dist/envs/<env>, offline; writes the plan JSON";
export const help = `Usage: lakegen plan <env> [--var-file FILE] [--out FILE] [--plugin-dir DIR] [--dist DIR]

Runs terraform init and plan for DIST/envs/<env> in a scratch copy, with a local
backend and placeholder credentials, so it needs neither AWS access nor the state
bucket. Providers come from --plugin-dir, or from the mirror that
TF_CLI_CONFIG_FILE configures. Writes the plan as JSON (terraform show -json).

Options:
  --var-file FILE       Plan with this tfvars file instead of the environment's copy
  --out FILE            Where to write the plan JSON (default: DIST/plans/<env>.json)
  --plugin-dir DIR      Provider plugin directory for terraform init
  --dist DIR            Synthesized output to plan (default: dist)`;
