/**
 * Edits to a real plan JSON (`terraform show -json`) that stand for one change
 * in a pull request: a value written as a literal, an argument or a block
 * removed, a resource added, deleted or replaced. Planned values, what is
 * unknown and the configuration's expressions change together, as Terraform
 * would show them after the edit.
 */
import type { Json } from "../json";

export class PlanEdit {
  constructor(readonly plan: Json) {}

  change(address: string): Json {
    const rc = this.plan.resource_changes.find((r: Json) => r.address === address);
    if (!rc) throw new Error(`no resource change at ${address}`);
    return rc;
  }

  after(address: string): Json {
    return this.change(address).change.after;
  }

  /** The configuration block of a resource: module.m.aws_x.y["k"] → aws_x.y in module m. */
  config(address: string): Json {
    const m = /^module\.([A-Za-z0-9_-]+)\.((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(address);
    if (!m) throw new Error(`not a module resource address: ${address}`);
    const block = this.plan.configuration.root_module.module_calls[m[1]].module.resources.find((r: Json) => r.address === m[2]);
    if (!block) throw new Error(`no configuration for ${address}`);
    return block;
  }

  /** The planned instances of a block: module.m.data.aws_x.y → module.m.data.aws_x.y["k"], … */
  instances(address: string): Json[] {
    const found = this.plan.resource_changes.filter((r: Json) => r.address === address || r.address.startsWith(`${address}[`));
    if (!found.length) throw new Error(`no resource change at ${address}`);
    return found;
  }

  /**
   * A statement added to an aws_iam_policy_document: in its configuration, written as `literal`
   * (constant values) or through a local (references only), and in every instance's planned values.
   */
  docStatement(doc: string, s: DocStatement, written: "literal" | "local" = "literal"): this {
    const expr = (v: unknown) => (written === "literal" ? { constant_value: v } : { references: ["local.extra_statement"] });
    this.config(doc).expressions.statement.push({
      ...(s.effect ? { effect: { constant_value: s.effect } } : {}),
      actions: expr(s.actions),
      resources: expr(s.resources),
      ...(s.principals ? { principals: s.principals.map((p) => ({ type: { constant_value: p.type }, identifiers: expr(p.ids) })) } : {}),
      ...(s.conditions
        ? {
            condition: s.conditions.map((c) => ({
              test: { constant_value: c.test },
              variable: { constant_value: c.variable },
              values: expr(c.values),
            })),
          }
        : {}),
    });
    for (const rc of this.instances(doc)) {
      rc.change.after.statement.push({
        actions: s.actions,
        resources: s.resources,
        effect: s.effect ?? null,
        principals: (s.principals ?? []).map((p) => ({ type: p.type, identifiers: p.ids })),
        condition: (s.conditions ?? []).map((c) => ({ test: c.test, variable: c.variable, values: c.values })),
        not_actions: null,
        not_resources: null,
        not_principals: [],
      });
      rc.change.after_unknown?.statement?.push({});
    }
    return this;
  }

  /** A top-level argument written as a literal. */
  set(address: string, key: string, value: unknown): this {
    const rc = this.change(address);
    rc.change.after[key] = value;
    if (rc.change.after_unknown) delete rc.change.after_unknown[key];
    const expressions = (this.config(address).expressions ??= {});
    expressions[key] =
      Array.isArray(value) && value.every((v) => typeof v === "object") ? value.map(() => ({})) : { constant_value: value };
    return this;
  }

  /** A top-level argument or block taken out of the configuration. */
  unset(address: string, key: string): this {
    const rc = this.change(address);
    rc.change.after[key] = Array.isArray(rc.change.after[key]) ? [] : null;
    if (rc.change.after_unknown) delete rc.change.after_unknown[key];
    delete this.config(address).expressions?.[key];
    return this;
  }

  /** A change inside a nested block's planned values (the configuration keeps the block). */
  nested(address: string, edit: (after: Json) => void): this {
    edit(this.after(address));
    return this;
  }

  /** The resource removed from the configuration before it ever existed. */
  drop(address: string): this {
    this.plan.resource_changes = this.plan.resource_changes.filter((r: Json) => r.address !== address);
    return this;
  }

  /** A resource added in a module, with its configuration. */
  add(module: string, type: string, name: string, values: Json, expressions: Json): this {
    this.plan.resource_changes.push({
      address: `module.${module}.${type}.${name}`,
      module_address: `module.${module}`,
      mode: "managed",
      type,
      name,
      change: { actions: ["create"], before: null, after: values, after_unknown: { id: true } },
    });
    this.plan.configuration.root_module.module_calls[module].module.resources.push({
      address: `${type}.${name}`,
      mode: "managed",
      type,
      name,
      expressions,
    });
    return this;
  }

  /**
   * The resource exists and the change deletes it, or replaces it because
   * `replacePaths` changed (`before` is what exists).
   */
  destroy(address: string, opts: { replacePaths?: string[][]; before?: Json } = {}): this {
    const rc = this.change(address);
    const existing = { ...rc.change.after, ...(opts.before ?? {}) };
    if (opts.replacePaths) {
      rc.change.actions = ["delete", "create"];
      rc.change.replace_paths = opts.replacePaths;
      rc.action_reason = "replace_because_cannot_update";
    } else {
      rc.change.actions = ["delete"];
      rc.change.after = null;
      rc.change.after_unknown = {};
      rc.action_reason = "delete_because_no_resource_config";
    }
    rc.change.before = existing;
    return this;
  }

  /** The resource exists with `before` and the change updates it in place. */
  update(address: string, before: Json): this {
    const rc = this.change(address);
    rc.change.actions = ["update"];
    rc.change.before = { ...rc.change.after, ...before };
    return this;
  }
}

/** A policy statement as a pull request would write it in an aws_iam_policy_document. */
export interface DocStatement {
  effect?: "Allow" | "Deny";
  actions: string[];
  resources: string[];
  principals?: { type: string; ids: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}
