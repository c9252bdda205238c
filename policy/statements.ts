/**
 * IAM policy statements as the rules read them, one shape for policy JSON and for
 * aws_iam_policy_document alike: what the plan knows, and "<unknown>" or "<reference>"
 * for what only apply will know.
 */
import { asArray, asObject, asString, isObject, type JsonObject, type JsonValue } from "../lib/json";
import type { PlanModel, PlanResource } from "./plan";
import { blocksOf, type ConfigModule, type ConfigResource, expressionOf, type Expression, type Expressions, marksAt } from "./plan-json";

/** A statement's principals, one entry per type: `"*"` is type "*". Identifiers not known at plan time read "<reference>". */
export interface Principal {
  type: string;
  ids: string[];
}

/** A condition test, normalized from policy JSON and from aws_iam_policy_document alike. */
export interface Condition {
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  notActions: string[];
  notResources: string[];
  principals: Principal[];
  notPrincipals: Principal[];
  conditions: Condition[];
}

/** A principal that is a role the plan creates, known only at apply. */
export const OWN_ROLE = "<role created by this plan>";

/** Four IAM rules read each policy: read it once per resource and attribute. */
const STATEMENTS = new WeakMap<PlanResource, Map<string, Statement[] | undefined>>();

/**
 * Policy documents a module hands out through its outputs (the analysts' policies a team
 * attaches to its own roles), each with its statements: policies of roles outside the plan.
 */
export function exportedDocuments(model: PlanModel): { res: PlanResource; statements: Statement[] }[] {
  let found = EXPORTED.get(model);
  if (!found) EXPORTED.set(model, (found = readExported(model)));
  return found;
}
/** Two rules read the exported documents. */
const EXPORTED = new WeakMap<PlanModel, { res: PlanResource; statements: Statement[] }[]>();

function readExported(model: PlanModel): { res: PlanResource; statements: Statement[] }[] {
  const exported = new Map<ConfigModule, Set<string>>();
  const namesIn = (mod: ConfigModule | undefined): Set<string> => {
    if (!mod) return new Set();
    let names = exported.get(mod);
    if (!names) {
      const refs = Object.values(mod.outputs ?? {}).flatMap((o) => o.expression?.references ?? []);
      names = new Set(refs.map((x) => /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)/.exec(x)?.[1]).filter((x): x is string => !!x));
      exported.set(mod, names);
    }
    return names;
  };
  return model.resources
    .filter((r) => r.mode === "data" && r.type === "aws_iam_policy_document")
    .filter((r) => namesIn(model.module(r.file, r.moduleAddress)).has(r.name))
    .flatMap((r) => {
      const cfg = model.dataConfig(r.file, r.moduleAddress, `data.aws_iam_policy_document.${r.name}`);
      const statements = cfg ? cachedDocument(cfg, r) : undefined;
      return statements ? [{ res: r, statements }] : [];
    });
}

/** Statements of an IAM policy: from planned JSON when known, else from the aws_iam_policy_document it refers to. */
export function policyStatements(model: PlanModel, res: PlanResource, attr = "policy"): Statement[] | undefined {
  let byAttr = STATEMENTS.get(res);
  if (!byAttr) STATEMENTS.set(res, (byAttr = new Map()));
  if (!byAttr.has(attr)) byAttr.set(attr, readStatements(model, res, attr));
  return byAttr.get(attr);
}

/**
 * Statements by document text, and by policy-document configuration: instances of a block,
 * and roles trusting the same service, repeat the same document. Rules only read statements.
 */
const BY_TEXT = new WeakMap<PlanModel, Map<string, Statement[] | undefined>>();
const BY_CONFIG = new WeakMap<object, Map<string, Statement[] | undefined>>();

function readStatements(model: PlanModel, res: PlanResource, attr: string): Statement[] | undefined {
  if (attr === "inline_policy") return inlineStatements(res);
  const doc = res.values?.[attr];
  if (typeof doc === "string" && doc.trim().startsWith("{")) {
    let known = BY_TEXT.get(model);
    if (!known) BY_TEXT.set(model, (known = new Map()));
    if (!known.has(doc)) known.set(doc, parseStatements(doc));
    return known.get(doc);
  }
  const ref = (expressionOf(res.config?.expressions, attr)?.references ?? []).find((r) => r.startsWith("data.aws_iam_policy_document."));
  if (!ref) return undefined;
  const address = /^data\.aws_iam_policy_document\.[A-Za-z0-9_-]+/.exec(ref)![0];
  const cfg = model.dataConfig(res.file, res.moduleAddress, address);
  if (!cfg) return undefined;
  // What the configuration leaves to locals or variables, the data source's planned values often know.
  const planned = model.dataInstance(res.file, res.moduleAddress, address, res.index);
  return cachedDocument(cfg, planned);
}

/** The statement fields a document's configuration leaves to references, whose planned values count. */
const REFERENCED = new WeakMap<object, [number, string][]>();
const FIELDS = ["effect", "actions", "resources", "not_actions", "not_resources", "principals", "not_principals", "condition"];

/** What of a data source's planned values a document reads: its statement count, and the fields written as references. */
function plannedKey(cfg: ConfigResource, planned: PlanResource): string {
  let fields = REFERENCED.get(cfg);
  if (!fields) {
    fields = blocksOf(cfg.expressions, "statement").flatMap((s, i) =>
      FIELDS.filter((f) => s[f] !== undefined && (Array.isArray(s[f]) || expressionOf(s, f)?.constant_value === undefined)).map(
        (f): [number, string] => [i, f],
      ),
    );
    REFERENCED.set(cfg, fields);
  }
  const pv = planned.values?.statement;
  const pu = planned.unknown?.statement;
  if (!Array.isArray(pv) || pu === true) return `${pu === true}|${Array.isArray(pv) ? pv.length : undefined}`;
  // Dynamic statements are read from the planned values whole (plannedStatements): key on all of them.
  if (pv.length > blocksOf(cfg.expressions, "statement").length) return JSON.stringify([pv, pu, planned.values?.json]);
  return JSON.stringify([pv.length, planned.values?.json, fields.map(([i, f]) => [asObject(pv[i])[f], marksAt(pu, i, f)])]);
}

/** Instances of a module repeat the same planned statements: read each distinct one once. */
function cachedDocument(cfg: ConfigResource, planned: PlanResource | undefined): Statement[] | undefined {
  const key = planned ? plannedKey(cfg, planned) : "";
  let byPlanned = BY_CONFIG.get(cfg);
  if (!byPlanned) BY_CONFIG.set(cfg, (byPlanned = new Map()));
  if (!byPlanned.has(key)) byPlanned.set(key, documentStatements(cfg, planned));
  return byPlanned.get(key);
}

/** The statements of a role's inline_policy blocks; undefined when one of them is unknown at plan. */
function inlineStatements(res: PlanResource): Statement[] | undefined {
  if (res.unknown?.inline_policy === true && res.config?.expressions?.inline_policy) return undefined;
  const out: Statement[] = [];
  for (const b of asArray(res.values?.inline_policy)) {
    const policy = asObject(b).policy;
    if (policy === undefined || policy === null || policy === "") continue;
    const parsed = typeof policy === "string" ? parseStatements(policy) : undefined;
    if (!parsed) return undefined;
    out.push(...parsed);
  }
  return out;
}

/** A document's statements from its planned values alone: what is unknown reads "<unknown>" (actions) or "<reference>". */
function plannedStatements(planned: PlanResource): Statement[] {
  const unknownStatements = planned.unknown?.statement;
  return asArray(planned.values.statement).map((value, i) => {
    const s = asObject(value);
    const u = marksAt(unknownStatements, i);
    const list = (key: string, unknown: string) => plannedList(s[key] ?? [], marksAt(u, key)) ?? [unknown];
    const principals = (key: string): Principal[] =>
      marksAt(u, key) === true
        ? [{ type: "AWS", ids: ["<reference>"] }]
        : asArray(s[key]).map((p, j) => ({
            type: String(asObject(p).type ?? "AWS"),
            ids: plannedList(asObject(p).identifiers, marksAt(u, key, j, "identifiers")) ?? ["<reference>"],
          }));
    return {
      effect: asString(s.effect) ?? "Allow",
      actions: list("actions", "<unknown>"),
      resources: list("resources", "<reference>"),
      notActions: list("not_actions", "<unknown>"),
      notResources: list("not_resources", "<reference>"),
      principals: principals("principals"),
      notPrincipals: principals("not_principals"),
      conditions: asArray(s.condition).map((value, j) => {
        const c = asObject(value);
        return {
          operator: String(c.test),
          key: String(c.variable),
          values: plannedList(c.values, marksAt(u, "condition", j, "values")) ?? ["<reference>"],
        };
      }),
    };
  });
}

/** A list the plan knows, entries unknown until apply read "<reference>"; undefined when the list itself is unknown. */
function plannedList(value: unknown, unknown: unknown): string[] | undefined {
  if (unknown === true || !Array.isArray(value)) return undefined;
  return value.map((v) => (typeof v === "string" ? v : "<reference>"));
}

/** Policy JSON's "one or a list" fields, as a list of strings. */
const strings = (v: JsonValue | undefined): string[] => [v ?? []].flat().map(String);

/** A policy document's statements, from its JSON, normalized as rules read them; undefined when it is not JSON. */
export function parseStatements(doc: string): Statement[] | undefined {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(doc);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  if (!isObject(parsed)) return [];
  return [parsed.Statement ?? []].flat().map((value) => {
    const s = asObject(value);
    return {
      effect: asString(s.Effect) ?? "Allow",
      actions: strings(s.Action),
      resources: strings(s.Resource),
      notActions: strings(s.NotAction),
      notResources: strings(s.NotResource),
      principals: jsonPrincipals(s.Principal),
      notPrincipals: jsonPrincipals(s.NotPrincipal),
      conditions: jsonConditions(s.Condition),
    };
  });
}

/**
 * An aws_iam_policy_document's statements: literal values from its configuration, and what
 * it takes from locals or variables from its planned values. Actions known only at apply
 * read "<unknown>", resources and principals "<reference>".
 */
function documentStatements(cfg: ConfigResource, planned?: PlanResource): Statement[] | undefined {
  const e: Expressions = cfg.expressions ?? {};
  const json = planned?.values?.json;
  // The plan knows the whole document: composed, dynamic or literal, its JSON says what it allows.
  if (typeof json === "string" && json.trim().startsWith("{")) return parseStatements(json);
  // Composed from other documents: not readable here.
  if (e.source_policy_documents || e.override_policy_documents) return undefined;
  // Dynamic statements are absent from the configuration: the planned values hold them all, or the plan cannot count them.
  const written = blocksOf(e, "statement");
  const plannedCount = asArray(planned?.values?.statement).length;
  if (planned?.unknown?.statement === true) return undefined;
  if (planned && plannedCount > written.length) return plannedStatements(planned);
  if (!e.statement) return undefined;
  return written.map((s, i) => documentStatement(s, i, planned));
}

function documentStatement(s: Expressions, i: number, planned: PlanResource | undefined): Statement {
  const pv = asObject(asArray(planned?.values?.statement)[i]);
  const pu = marksAt(planned?.unknown?.statement, i);
  const list = (key: string, unknown: string): string[] => {
    const expr = expressionOf(s, key);
    if (expr?.constant_value !== undefined) return strings(expr.constant_value);
    return expr?.references ? (plannedList(pv[key], marksAt(pu, key)) ?? [unknown]) : [];
  };
  const effect = expressionOf(s, "effect");
  return {
    effect: asString(effect?.constant_value) ?? (effect?.references && typeof pv.effect === "string" ? pv.effect : "Allow"),
    actions: list("actions", "<unknown>"),
    resources: list("resources", "<reference>"),
    notActions: list("not_actions", "<unknown>"),
    notResources: list("not_resources", "<reference>"),
    principals: documentPrincipals(blocksOf(s, "principals"), asArray(pv.principals)),
    notPrincipals: documentPrincipals(blocksOf(s, "not_principals"), asArray(pv.not_principals)),
    conditions: documentConditions(blocksOf(s, "condition"), asArray(pv.condition)),
  };
}

function jsonPrincipals(p: JsonValue | undefined): Principal[] {
  if (p === undefined || p === null) return [];
  if (typeof p === "string") return [{ type: p === "*" ? "*" : "AWS", ids: [p] }];
  return Object.entries(asObject(p)).map(([type, ids]) => ({ type, ids: strings(ids) }));
}

function jsonConditions(c: JsonValue | undefined): Condition[] {
  return Object.entries(asObject(c)).flatMap(([operator, tests]) =>
    Object.entries(asObject(tests)).map(([key, values]) => ({ operator, key, values: strings(values) })),
  );
}

/** Planned string values of a list, "<reference>" for each entry known only at apply. */
const plannedStrings = (v: unknown, unknown = "<reference>"): string[] | undefined =>
  Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : unknown)) : undefined;

/** A literal list, or what the plan knows of a referenced one. */
function literalOr(expr: Expression | undefined, planned: JsonValue | undefined, unknown: string): string[] {
  if (expr?.constant_value !== undefined) return strings(expr.constant_value);
  return expr?.references ? (plannedStrings(planned, unknown) ?? [unknown]) : [];
}

/**
 * The planned values of a set block (principals, condition): the set's elements do not keep the
 * configuration's order, so with more than one block an element is paired by the block's literal
 * fields, and one that no single element matches reads as known only at apply.
 */
function plannedFor(blocks: Expressions[], planned: JsonValue[], i: number, fields: string[]): JsonObject {
  if (blocks.length <= 1) return asObject(planned[i]);
  const literal = fields.map((f) => [f, expressionOf(blocks[i], f)?.constant_value] as const);
  if (literal.some(([, v]) => v === undefined)) return {};
  const matches = planned.map(asObject).filter((p) => literal.every(([f, v]) => p[f] === v));
  return matches.length === 1 ? matches[0] : {};
}

function documentPrincipals(blocks: Expressions[], planned: JsonValue[]): Principal[] {
  return blocks.map((b, i) => {
    const identifiers = expressionOf(b, "identifiers");
    // A role this configuration creates is in the account it applies to: its ARN, unknown at plan, is the lake's own.
    const refs = identifiers?.references ?? [];
    const ownRoles = refs.length > 0 && refs.every((x) => /^aws_iam_role\.[A-Za-z0-9_-]+(\.|\[|$)/.test(x));
    const p = plannedFor(blocks, planned, i, ["type"]);
    return {
      type: String(expressionOf(b, "type")?.constant_value ?? p.type ?? "<reference>"),
      ids: literalOr(identifiers, p.identifiers, ownRoles ? OWN_ROLE : "<reference>"),
    };
  });
}

function documentConditions(blocks: Expressions[], planned: JsonValue[]): Condition[] {
  return blocks.map((b, i) => {
    const p = plannedFor(blocks, planned, i, ["test", "variable"]);
    return {
      operator: String(expressionOf(b, "test")?.constant_value ?? p.test ?? "<reference>"),
      key: String(expressionOf(b, "variable")?.constant_value ?? p.variable ?? "<reference>"),
      values: literalOr(expressionOf(b, "values"), p.values, "<reference>"),
    };
  });
}
