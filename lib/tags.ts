/**
 * The tags lakegen owns, in one place: what each root adds through the
 * provider's default_tags, and which of them lakegen check requires.
 */

/** Each tag a root adds, with its value as HCL. */
export const LAKEGEN_TAGS = { Environment: "var.environment", Project: "var.project", ManagedBy: '"lakegen"' } as const;

export const LAKEGEN_TAG_KEYS = Object.keys(LAKEGEN_TAGS);

/** The tags lakegen check requires on every resource by default: those that say whose and which environment it is. */
export const DEFAULT_REQUIRED_TAGS: readonly string[] = ["Environment", "Project"];

/** The provider's default_tags: the environment's own tags, then lakegen's, which win. */
export const DEFAULT_TAGS_HCL = `merge(var.tags, { ${Object.entries(LAKEGEN_TAGS)
  .map(([k, v]) => `${k} = ${v}`)
  .join(", ")} })`;

/** lakegen's tags with an environment's values, as an HCL object (the state bucket's root, which has no variables). */
export function lakegenTagsLiteral(env: { environment: string; project: string }): string {
  const value: Record<keyof typeof LAKEGEN_TAGS, string> = { Environment: env.environment, Project: env.project, ManagedBy: "lakegen" };
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(", ")} }`;
}
