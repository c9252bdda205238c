/**
 * The invariant: no size, count, day or limit is written into a module. Every
 * sizing attribute of every emitted module must be an expression over the
 * module's inputs, never a numeric literal.
 */
import { MODULES } from "../modules";
import { SIZING_ATTRIBUTES } from "../policy/rules/lakegen";
import { synthModule } from "../testkit/helpers";

/** The same attribute list as the LG-LAKEGEN-001 policy rule, which checks plans of any codebase. */
const SIZING = SIZING_ATTRIBUTES;

/** Inside JSON documents (state machines, dashboards): retry settings, periods and Spark confs. */
const LITERAL_IN_DOCUMENT = [/\b(IntervalSeconds|MaxAttempts|BackoffRate|period)\s*=\s*[0-9]/, /spark\.[A-Za-z.]+=[0-9]/];

/** Paths of sizing attributes whose value is a literal, in a Terraform JSON configuration. */
export function literalSizes(config: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (v: unknown, path: string, key: string): void => {
    if (typeof v === "number" && SIZING.has(key)) found.push(`${path} = ${v}`);
    else if (typeof v === "string") {
      if (SIZING.has(key) && !v.includes("${")) found.push(`${path} = "${v}"`);
      for (const re of LITERAL_IN_DOCUMENT) if (re.test(v)) found.push(`${path} matches ${re}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, key));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (k !== "//") walk(x, `${path}.${k}`, k);
    }
  };
  for (const section of ["resource", "data", "locals", "output"]) walk(config[section], section, section);
  return found;
}

describe("no literal sizes in the emitted modules", () => {
  it("finds a literal when one is written, in an attribute or in a document", () => {
    expect(
      literalSizes({
        resource: {
          aws_glue_job: { x: { number_of_workers: 10, timeout: "${var.t}" } },
          aws_sfn_state_machine: {
            y: { definition: '${jsonencode({ Retry = [{ MaxAttempts = 3 }], P = "--conf spark.executor.cores=4" })}' },
          },
        },
      }),
    ).toEqual([
      "resource.aws_glue_job.x.number_of_workers = 10",
      "resource.aws_sfn_state_machine.y.definition matches /\\b(IntervalSeconds|MaxAttempts|BackoffRate|period)\\s*=\\s*[0-9]/",
      "resource.aws_sfn_state_machine.y.definition matches /spark\\.[A-Za-z.]+=[0-9]/",
    ]);
  });

  it.each(MODULES.map((m) => [m.name, m]))("%s writes every sizing attribute as an expression", (_name, def) => {
    const config = synthModule(def);
    expect(literalSizes(config)).toEqual([]);
  });

  it("covers the sizing attributes that matter: they appear in the modules", () => {
    const seen = new Set<string>();
    const collect = (v: unknown, key: string): void => {
      if (SIZING.has(key)) seen.add(key);
      if (Array.isArray(v)) v.forEach((x) => collect(x, key));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) collect(x, k);
    };
    for (const def of MODULES) collect(synthModule(def).resource, "");
    for (const key of ["shard_count", "number_of_workers", "buffering_size", "threshold", "cpu", "memory", "days", "limit_amount"]) {
      expect([key, seen.has(key)]).toEqual([key, true]);
    }
  });
});
