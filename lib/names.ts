/**
 * AWS name limits, checked at the inputs that make the names. A module
 * declares each name it builds from a map key (`{prefix}-firehose-{key}`);
 * the rule runs in lakegen and as the module's own Terraform validation, and
 * fails at `sources.<key>` with the name that would be too long.
 */
import type { Expr, Rule } from "./rules";

export interface NameSpec {
  /** What AWS calls the name, e.g. "IAM role". */
  kind: string;
  /** AWS's maximum length. */
  limit: number;
  /** `{prefix}` and `{key}` placeholders, e.g. `{prefix}-firehose-{key}`. */
  template: string;
  /** The map input whose keys become names, e.g. `sources`. */
  over: string;
  /** Only entries whose `field` equals `value` get the resource. */
  where?: { field: string; value: string };
}

type Entries = Record<string, Record<string, unknown>>;

const nameOf = (spec: NameSpec, prefix: string, key: string) => spec.template.replace("{prefix}", prefix).replace("{key}", key);

function tooLong(spec: NameSpec, input: unknown): { key: string; name: string }[] {
  const inputs = input as Record<string, unknown>;
  const prefix = String(inputs.name_prefix);
  const entries = (inputs[spec.over] ?? {}) as Entries;
  return Object.entries(entries)
    .filter(([, v]) => !spec.where || v?.[spec.where.field] === spec.where.value)
    .map(([key]) => ({ key, name: nameOf(spec, prefix, key) }))
    .filter(({ name }) => name.length > spec.limit);
}

export function nameRule(spec: NameSpec): Rule {
  const hclName = spec.template.replace("{prefix}", "${var.name_prefix}").replace("{key}", "${k}");
  const filter = spec.where ? ` if v.${spec.where.field} == "${spec.where.value}"` : "";
  const check: Expr<boolean> = {
    evaluate: (s) => tooLong(spec, s.input).length === 0,
    hcl: () => `alltrue([for k, v in var.${spec.over} : length("${hclName}") <= ${spec.limit}${filter}])`,
    explain: (s) => {
      const [first] = tooLong(spec, s.input);
      return first && `"${first.name}" is ${first.name.length} characters`;
    },
  };
  const where = spec.where ? ` && v.${spec.where.field} == "${spec.where.value}"` : "";
  return {
    path: `${spec.over}.*`,
    offending: {
      label: "Too long",
      hcl:
        `join(", ", [for k, v in var.${spec.over} : "${hclName} (\${length("${hclName}")})" if length("${hclName}") > ` +
        `${spec.limit}${where}])`,
    },
    message:
      `the ${spec.kind} name ${spec.template} must be at most ${spec.limit} characters (AWS's limit); shorten the key or the ` + `project.`,
    check,
    failingPaths: (input) => tooLong(spec, input).map(({ key }) => `${spec.over}.${key}`),
  };
}

/**
 * The name an analyst role's own Athena workgroup and results prefix take: the role's name, with what
 * Athena refuses in a workgroup name as "-". In TypeScript, and in HCL for an expression `arn`.
 */
export const analystName = (arn: string): string =>
  arn
    .split("/")
    .pop()!
    .replace(/[^a-zA-Z0-9._-]/g, "-");
export const analystNameHcl = (arn: string): string =>
  `replace(element(split("/", ${arn}), length(split("/", ${arn})) - 1), "/[^a-zA-Z0-9._-]/", "-")`;
