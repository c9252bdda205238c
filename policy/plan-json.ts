/**
 * The JSON of `terraform show -json PLANFILE`, as Terraform documents it (internals/json-format):
 * the parts lakegen reads. What Terraform writes as free-form values stays JsonValue.
 */
import type { JsonObject, JsonValue } from "../lib/json";

/** after_unknown and friends: `true` where a value is known only at apply, in the values' shape. */
export type UnknownMarks = boolean | UnknownMarks[] | { [key: string]: UnknownMarks };

export interface ChangeJson {
  actions: string[];
  before?: JsonValue;
  after?: JsonValue;
  after_unknown?: UnknownMarks;
  /** Attribute paths that force a replacement. */
  replace_paths?: (string | number)[][];
}

export interface ResourceChangeJson {
  address: string;
  module_address?: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  /** Where a `moved` block or a rename carried it from. */
  previous_address?: string;
  change: ChangeJson;
  action_reason?: string;
}

/** A configuration expression: a literal Terraform can evaluate now, or what it refers to. */
export interface Expression {
  constant_value?: JsonValue;
  references?: string[];
}

/**
 * A block's expressions: each argument an Expression, each nested block a list of such
 * maps. Read through `expressionOf` and `blocksOf`, which tell the two apart.
 */
export type Expressions = { [key: string]: Expression | Expressions[] };

export interface ConfigResource {
  address: string;
  mode?: "managed" | "data";
  type?: string;
  name?: string;
  provider_config_key?: string;
  expressions?: Expressions;
  for_each_expression?: Expression;
  count_expression?: Expression;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  outputs?: Record<string, { expression?: Expression; description?: string; sensitive?: boolean }>;
  module_calls?: Record<string, { source?: string; expressions?: Record<string, Expression>; module?: ConfigModule }>;
  variables?: Record<string, { default?: JsonValue; description?: string }>;
}

export interface ProviderConfigJson {
  name?: string;
  full_name?: string;
  alias?: string;
  module_address?: string;
  expressions?: Expressions;
}

export interface StateResourceJson {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: string | number;
  values?: JsonObject;
}

export interface StateModuleJson {
  address?: string;
  resources?: StateResourceJson[];
  child_modules?: StateModuleJson[];
}

export interface PlanJson {
  format_version: string;
  terraform_version?: string;
  variables?: Record<string, { value?: JsonValue }>;
  resource_changes: ResourceChangeJson[];
  output_changes?: Record<string, ChangeJson>;
  prior_state?: { values?: { root_module?: StateModuleJson } };
  configuration?: { provider_config?: Record<string, ProviderConfigJson>; root_module?: ConfigModule };
}

/** An argument's expression, when the key holds one (not a nested block). */
export function expressionOf(e: Expressions | undefined, key: string): Expression | undefined {
  const v = e?.[key];
  return v && !Array.isArray(v) ? v : undefined;
}

/** A nested block's instances, each with its expressions. */
export function blocksOf(e: Expressions | undefined, key: string): Expressions[] {
  const v = e?.[key];
  return Array.isArray(v) ? v : [];
}

/** The marks at a path inside after_unknown (undefined where the path leaves the marks). */
export function marksAt(marks: UnknownMarks | undefined, ...path: (string | number)[]): UnknownMarks | undefined {
  let at: UnknownMarks | undefined = marks;
  for (const key of path) {
    if (at === true) return true;
    if (typeof at !== "object" || at === null) return undefined;
    at = Array.isArray(at) ? (typeof key === "number" ? at[key] : undefined) : (at as Record<string, UnknownMarks>)[String(key)];
  }
  return at;
}

/** Whether the value at a path, or what holds it, is known only at apply. */
export const isUnknown = (marks: UnknownMarks | undefined, ...path: (string | number)[]): boolean => marksAt(marks, ...path) === true;
