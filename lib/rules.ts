/**
 * Cross-field rules, written once and run twice: in TypeScript when lakegen
 * validates tfvars, and as a Terraform `validation` condition at plan time.
 * Each rule is an expression tree that knows how to evaluate itself and how to
 * print itself as HCL, so the two can never disagree.
 */

type Scope = { input: unknown; bound: Record<string, unknown> };

export interface Expr<T = unknown> {
  evaluate(scope: Scope): T;
  hcl(): string;
  /** The arithmetic with values filled in, such as `2 + 4 × 2`. */
  show?(scope: Scope): string;
  /** The input's key path, for an input. */
  label?: string;
  /** Why a failing comparison fails, with the numbers. */
  explain?(scope: Scope): string | undefined;
}

export interface Rule {
  /** Key path, relative to the module's inputs, that a failure is reported at. */
  path: string;
  /** What is required, phrased for the person editing tfvars. */
  message: string;
  check: Expr<boolean>;
  /** For rules over each entry of a map: the key paths of the failing entries. */
  failingPaths?: (input: unknown) => string[];
  /**
   * Inputs that break the rule, over valid ones, for the module's tests; only
   * for rules that the generic search of lib/counterexamples.ts cannot break.
   */
  counterexample?: (valid: Record<string, unknown>) => Record<string, unknown>;
  /** The offending values in Terraform's error: a label and an HCL expression that gives a string. */
  offending?: { label: string; hcl: string };
}

/**
 * A map input that must hold certain keys, such as a bucket per zone: a
 * missing key fails here, with its name, not as `Invalid index` deep in main.tf.
 */
export function requiredKeys(map: string, required: string[]): Rule {
  const missing = (v: unknown) => required.filter((k) => !Object.prototype.hasOwnProperty.call(v ?? {}, k));
  const list = JSON.stringify(required);
  return {
    path: map,
    message: `must have the keys ${required.join(", ")}.`,
    check: {
      // A wiring input that tfvars does not carry is checked by Terraform only.
      evaluate: (s) => dig(s.input, [map]) === undefined || missing(dig(s.input, [map])).length === 0,
      hcl: () => `length(setsubtract(${list}, keys(var.${map}))) == 0`,
      explain: (s) => `missing: ${missing(dig(s.input, [map])).join(", ")}`,
    },
    offending: { label: "Missing", hcl: `join(", ", sort(setsubtract(${list}, keys(var.${map}))))` },
  };
}

export function rule(path: string, message: string, check: Expr<boolean>): Rule {
  return { path, message, check };
}

/**
 * A rule that every entry of a map input must pass, such as each of `sources`.
 * Failures are reported per entry, at `<map>.<key>.<field>`.
 */
export function ruleForEach(map: string, field: string, message: string, check: (entry: Expr) => Expr<boolean>): Rule {
  const entries = input<Record<string, unknown>>(map);
  const name = "entry";
  const entry = expr(
    (s) => s.bound[name],
    () => name,
  );
  const body = check(entry);
  return {
    path: `${map}.*.${field}`,
    message,
    check: expr(
      (s) => Object.values(entries.evaluate(s) ?? {}).every((v) => body.evaluate({ ...s, bound: { [name]: v } })),
      () => `alltrue([for ${name} in values(${entries.hcl()}) : ${body.hcl()}])`,
    ),
    failingPaths: (value) =>
      Object.entries((dig(value, map.split(".")) ?? {}) as Record<string, unknown>)
        .filter(([, v]) => !safely(() => body.evaluate({ input: value, bound: { [name]: v } })))
        .map(([k]) => `${map}.${k}.${field}`),
  };
}

/** Whether a check holds; one that throws fails closed, as a crashing rule in lakegen check does. */
function safely(f: () => unknown): boolean {
  try {
    return f() === true;
  } catch {
    return false;
  }
}

/** Runs a rule against input the schema has accepted; a rule that throws fails. */
export function passes(r: Rule, input: unknown): boolean {
  return safely(() => r.check.evaluate({ input, bound: {} }));
}

/** The numbers behind a failed rule, when its check can tell them, or why it could not be evaluated. */
export function explanation(r: Rule, input: unknown): string | undefined {
  try {
    r.check.evaluate({ input, bound: {} });
  } catch (e) {
    return `the rule could not be evaluated: ${(e as Error).message}`;
  }
  try {
    return r.check.explain?.({ input, bound: {} });
  } catch {
    return undefined;
  }
}

/** Where a rule fails on an input: no paths when it passes. */
export function failures(r: Rule, input: unknown): string[] {
  if (passes(r, input)) return [];
  return r.failingPaths ? r.failingPaths(input) : [r.path];
}

const expr = <T>(evaluate: (s: Scope) => T, hcl: () => string): Expr<T> => ({ evaluate, hcl });

function dig(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || v === undefined) throw new Error(`no value at ${path.join(".")}`);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A module input, e.g. input("driver.cpu") is var.driver.cpu. */
export function input<T = number>(path: string): Expr<T> {
  const parts = path.split(".");
  return {
    ...expr(
      (s) => dig(s.input, parts) as T,
      () => `var.${path}`,
    ),
    label: path,
  };
}

/** An attribute of another expression's object value. */
export function attr<T = number>(of: Expr, name: string): Expr<T> {
  return expr(
    (s) => dig(of.evaluate(s), [name]) as T,
    () => `${of.hcl()}.${name}`,
  );
}

export function num(n: number): Expr<number> {
  return expr(
    () => n,
    () => String(n),
  );
}

const showOf = (x: Expr, s: Scope): string => x.show?.(s) ?? String(x.evaluate(s));

const binary =
  <A, R>(op: string, fn: (a: A, b: A) => R) =>
  (a: Expr<A>, b: Expr<A>): Expr<R> =>
    expr(
      (s) => fn(a.evaluate(s), b.evaluate(s)),
      () => `(${a.hcl()} ${op} ${b.hcl()})`,
    );

/** Arithmetic that can show itself with its values, e.g. `2 + 4 × 2`. */
const arithmetic =
  (op: string, sign: string, fn: (a: number, b: number) => number) =>
  (a: Expr<number>, b: Expr<number>): Expr<number> => ({
    ...binary<number, number>(op, fn)(a, b),
    show: (s) => (op === "*" && a.hcl() === "1" ? showOf(b, s) : `${showOf(a, s)} ${sign} ${showOf(b, s)}`),
  });

const UNITS: [RegExp, string][] = [
  [/(^|\.)cpu$/, " vCPU"],
  [/_gb$/, " GB"],
  [/_days$/, " days"],
];

/** A comparison that, when it fails, says so with the numbers: `2 + 4 × 2 = 10 vCPU > max_capacity.cpu 8`. */
const comparison =
  (op: string, failedSign: string, fn: (a: number, b: number) => boolean) =>
  (a: Expr<number>, b: Expr<number>): Expr<boolean> => ({
    ...binary<number, boolean>(op, fn)(a, b),
    explain: (s) => {
      const [av, bv] = [a.evaluate(s), b.evaluate(s)];
      if (fn(av, bv)) return undefined;
      const unit = UNITS.find(([re]) => re.test(b.label ?? ""))?.[1] ?? "";
      const left = a.label ?? (a.show ? `${a.show(s)} = ${av}` : String(av));
      const leftValue = a.label ? ` ${av}` : "";
      const right = b.label ? `${b.label} ${bv}` : showOf(b, s) === String(bv) ? String(bv) : `${showOf(b, s)} = ${bv}`;
      return `${left}${leftValue}${unit} ${failedSign} ${right}`;
    },
  });

export const plus = arithmetic("+", "+", (a, b) => a + b);
export const times = arithmetic("*", "×", (a, b) => a * b);
export const modulo = binary<number, number>("%", (a, b) => a % b);
export const atMost = comparison("<=", ">", (a, b) => a <= b);
export const lessThan = comparison("<", "≥", (a, b) => a < b);
export const atLeast = comparison(">=", "<", (a, b) => a >= b);
export const equals = binary<unknown, boolean>("==", (a, b) => a === b);

export function and(...xs: Expr<boolean>[]): Expr<boolean> {
  return {
    ...expr(
      (s) => xs.every((x) => x.evaluate(s)),
      () => `(${xs.map((x) => x.hcl()).join(" && ")})`,
    ),
    explain: (s) => xs.map((x) => x.explain?.(s)).find(Boolean),
  };
}

export function not(x: Expr<boolean>): Expr<boolean> {
  return expr(
    (s) => !x.evaluate(s),
    () => `!${x.hcl()}`,
  );
}

/** `then` holds whenever `x` is set; an unset (null) value passes. */
export function whenSet(x: Expr, then: Expr<boolean>): Expr<boolean> {
  return {
    ...expr(
      (s) => {
        const v = x.evaluate(s);
        return v === null || v === undefined ? true : then.evaluate(s);
      },
      () => `(${x.hcl()} == null ? true : ${then.hcl()})`,
    ),
    explain: (s) => then.explain?.(s),
  };
}

/** A lookup in a constant table, with a fallback for keys it does not have. */
export function lookup(table: Record<string, number>, key: Expr, fallback: number): Expr<number> {
  const entries = Object.entries(table);
  return expr(
    (s) => table[String(key.evaluate(s))] ?? fallback,
    () => `lookup({ ${entries.map(([k, v]) => `"${k}" = ${v}`).join(", ")} }, ${key.hcl()}, ${fallback})`,
  );
}

/** `check` holds for every element of a list (or every value of a map). */
export function every(list: Expr<unknown[] | Record<string, unknown>>, check: (item: Expr) => Expr<boolean>): Expr<boolean> {
  const name = `item${depth(list)}`;
  const item = expr(
    (s) => s.bound[name],
    () => name,
  );
  const body = check(item);
  return expr(
    (s) => Object.values(list.evaluate(s) ?? []).every((v) => body.evaluate({ ...s, bound: { ...s.bound, [name]: v } })),
    () => `alltrue([for ${name} in ${list.hcl()} : ${body.hcl()}])`,
  );
}

/** `check` holds for every pair of neighbours in a list, in order. */
export function pairwise(list: Expr<unknown[]>, check: (before: Expr, after: Expr) => Expr<boolean>): Expr<boolean> {
  const i = `i${depth(list)}`;
  const at = (offset: string, key: string) =>
    expr(
      (s) => s.bound[key],
      () => `${list.hcl()}[${i}${offset}]`,
    );
  const body = check(at("", "before"), at(" + 1", "after"));
  return expr(
    (s) => {
      const xs = list.evaluate(s) ?? [];
      return xs.slice(1).every((after, k) => body.evaluate({ ...s, bound: { ...s.bound, before: xs[k], after } }));
    },
    () => `alltrue([for ${i} in range(max(length(${list.hcl()}) - 1, 0)) : ${body.hcl()}])`,
  );
}

// Loop variable names only need to differ between nested loops.
function depth(list: Expr): number {
  return (list.hcl().match(/\bfor\b/g) ?? []).length;
}

export function or(...xs: Expr<boolean>[]): Expr<boolean> {
  return expr(
    (s) => xs.some((x) => x.evaluate(s)),
    () => `(${xs.map((x) => x.hcl()).join(" || ")})`,
  );
}

export function str(v: string): Expr<string> {
  return expr(
    () => v,
    () => JSON.stringify(v),
  );
}

export function isSet(x: Expr): Expr<boolean> {
  return expr(
    (s) => {
      const v = x.evaluate(s);
      return v !== null && v !== undefined;
    },
    () => `(${x.hcl()} != null)`,
  );
}

/** `x` is an element of a list-valued expression. */
export function memberOf(x: Expr, list: Expr<unknown[]>): Expr<boolean> {
  return expr(
    (s) => (list.evaluate(s) ?? []).includes(x.evaluate(s)),
    () => `contains(${list.hcl()}, ${x.hcl()})`,
  );
}

/** A literal list of strings. */
export function strs(values: readonly string[]): Expr<string[]> {
  return expr(
    () => [...values],
    () => JSON.stringify(values),
  );
}

/** One field of every object of a list-valued expression, such as each column's name. */
export function pluck(list: Expr<unknown[]>, field: string): Expr<unknown[]> {
  return expr(
    (s) => (list.evaluate(s) ?? []).map((x) => (x as Record<string, unknown>)[field]),
    () => `[for x in ${list.hcl()} : x.${field}]`,
  );
}

/** The number of items of a list-valued expression. */
export function lengthOf(list: Expr<unknown[]>): Expr<number> {
  return expr(
    (s) => (list.evaluate(s) ?? []).length,
    () => `length(${list.hcl()})`,
  );
}

/** The value of a map-valued expression at a key given by another expression. */
export function valueAt<T = unknown>(map: Expr<Record<string, unknown>>, key: Expr): Expr<T> {
  return expr(
    (s) => (map.evaluate(s) ?? {})[String(key.evaluate(s))] as T,
    () => `${map.hcl()}[${key.hcl()}]`,
  );
}

/** The keys of a map-valued expression. */
export function keys(map: Expr<Record<string, unknown>>): Expr<string[]> {
  return expr(
    (s) => Object.keys(map.evaluate(s) ?? {}),
    () => `keys(${map.hcl()})`,
  );
}

/** The keys of a map input whose entries have `field` equal to `value`. */
export function keysWhere(map: Expr<Record<string, unknown>>, field: string, value: string): Expr<string[]> {
  return expr(
    (s) =>
      Object.entries(map.evaluate(s) ?? {})
        .filter(([, v]) => (v as Record<string, unknown>)[field] === value)
        .map(([k]) => k),
    () => `[for k, v in ${map.hcl()} : k if v.${field} == ${JSON.stringify(value)}]`,
  );
}

export const minus = binary<number, number>("-", (a, b) => a - b);
export const divide = binary<number, number>("/", (a, b) => a / b);

export function floorOf(x: Expr<number>): Expr<number> {
  return expr(
    (s) => Math.floor(x.evaluate(s)),
    () => `floor(${x.hcl()})`,
  );
}

export function minOf(a: Expr<number>, b: Expr<number>): Expr<number> {
  return expr(
    (s) => Math.min(a.evaluate(s), b.evaluate(s)),
    () => `min(${a.hcl()}, ${b.hcl()})`,
  );
}

/** An expression's value for some input, outside a rule (e.g. to document a derived setting). */
export function evaluate<T>(x: Expr<T>, inputValue: unknown): T {
  return x.evaluate({ input: inputValue, bound: {} });
}

/** No item of the list appears twice. */
export function distinctItems(list: Expr<unknown[]>): Expr<boolean> {
  return {
    ...expr(
      (s) => {
        const xs = list.evaluate(s) ?? [];
        return new Set(xs.map((x) => JSON.stringify(x))).size === xs.length;
      },
      () => `length(distinct(${list.hcl()})) == length(${list.hcl()})`,
    ),
    explain: (s) => {
      const xs = (list.evaluate(s) ?? []).map((x) => JSON.stringify(x));
      const twice = xs.find((x, i) => xs.indexOf(x) !== i);
      return twice && `${twice} appears more than once`;
    },
  };
}
