/** `lakegen cost`: its line in `lakegen --help`, and its own help. */
export const synopsis = "cost ENV";
export const summary = "Monthly cost estimate of an environment, beside a naive baseline";
export const help = `Usage: lakegen cost ENV [--usage FILE] [--format text|json|markdown]

Estimates the environment's monthly cost from its tfvars and a usage file
(default: usage/ENV.hcl; built-in defaults when it does not exist), beside the
naive baseline: x86, no lifecycle, no auto-stop. Prices: deliverables/prices.json.`;
