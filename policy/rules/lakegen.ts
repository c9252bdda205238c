/**
 * lakegen's house rules: sizes come from variables, and every resource carries the required tags.
 * They are lakegen's contract, so they apply to roots lakegen generated (or when `--house-rules` asks).
 */
import { asArray, asObject, isObject } from "../../lib/json";
import type { PlanModel } from "../plan";
import type { ConfigResource } from "../plan-json";
import { at, type Rule } from "../rule";

/** Attributes that hold a size, count, duration, threshold or limit. */
export const SIZING_ATTRIBUTES = new Set([
  "days",
  "noncurrent_days",
  "days_after_initiation",
  "deletion_window_in_days",
  "retention_in_days",
  "retention_period",
  "shard_count",
  "number_of_workers",
  "worker_count",
  "timeout",
  "max_concurrent_runs",
  "idle_timeout_minutes",
  "buffering_size",
  "buffering_interval",
  "bytes_scanned_cutoff_per_query",
  "threshold",
  "period",
  "evaluation_periods",
  "limit_amount",
  "cpu",
  "memory",
  "disk",
]);

/** House rules apply to roots lakegen generated, or everywhere when asked (`--house-rules`). */
const houseRulesApply = (m: PlanModel) => m.houseRulesEverywhere || m.resources.some((r) => m.houseRulesApply(r.file));

/** Sizing attributes whose configuration is a literal rather than an expression over inputs. */
function literalSizes(expressions: unknown, path = ""): string[] {
  if (Array.isArray(expressions)) return expressions.flatMap((e, i) => literalSizes(e, `${path}[${i}]`));
  if (!isObject(expressions)) return [];
  return Object.entries(expressions).flatMap(([key, e]) => {
    const here = path ? `${path}.${key}` : key;
    if (!isObject(e) || (e.constant_value === undefined && e.references === undefined)) return literalSizes(e, here);
    const literal =
      SIZING_ATTRIBUTES.has(key) && !asArray(e.references).length && /^[0-9.]+(\s*[A-Za-z]+)?$/.test(String(e.constant_value ?? ""));
    return literal ? [`${here} = ${JSON.stringify(e.constant_value)}`] : [];
  });
}

/** Instances of one block share its configuration: read it once. */
const LITERALS = new WeakMap<object, string[]>();
function literalsOf(config: ConfigResource | undefined): string[] {
  if (!config) return [];
  let found = LITERALS.get(config);
  if (!found) LITERALS.set(config, (found = literalSizes(config.expressions)));
  return found;
}

export const lakegenRules: Rule[] = [
  {
    id: "LG-LAKEGEN-001",
    title: "Sizes come from variables, not literals",
    severity: "medium",
    rationale:
      "lakegen's contract: every size, count, day and limit lives in tfvars, so environments differ only in their tfvars and a review " +
      "sees every sizing change.",
    fix: "Pass the value in through a variable filled from tfvars.",
    appliesTo: houseRulesApply,
    check: (m) =>
      m.resources
        .filter((r) => r.mode === "managed" && m.houseRulesApply(r.file))
        .flatMap((r) => {
          const literals = literalsOf(r.config);
          return literals.length ? [at(r, `Literal sizes in the configuration: ${literals.join(", ")}.`)] : [];
        })
        .filter(
          (f, i, all) =>
            all.findIndex((g) => g.address.replace(/\[[^\]]*\]$/, "") === f.address.replace(/\[[^\]]*\]$/, "") && g.file === f.file) === i,
        ),
  },
  {
    id: "LG-LAKEGEN-002",
    title: "Resources carry the required tags",
    severity: "medium",
    rationale: "Cost allocation, the per-environment budget and ownership all read these tags.",
    fix: "Set them in the provider's default_tags (lakegen's roots add Environment and Project) or on the resource.",
    appliesTo: houseRulesApply,
    check: (m) =>
      m.resources
        .filter(
          (r) => r.mode === "managed" && m.houseRulesApply(r.file) && r.values && "tags_all" in r.values && r.unknown?.tags_all !== true,
        )
        .flatMap((r) => {
          const missing = m.requiredTags.filter((t) => !(t in asObject(r.values.tags_all)));
          return missing.length ? [at(r, `Missing tags: ${missing.join(", ")}.`)] : [];
        }),
  },
];
