/** Every source reaches a pipeline, unless its tfvars entry says it lands only in raw. */
import type { Rule } from "../../lib/rules";

type Inputs = {
  sources?: Record<string, { raw_only?: boolean }>;
  pipelines?: Record<string, { sources: string[] | null; crawl_source: string }>;
};

const processedHcl = "flatten([for p in values(var.pipelines) : p.sources != null ? p.sources : [p.crawl_source]])";

function processed(i: Inputs): Set<string> {
  return new Set(Object.values(i.pipelines ?? {}).flatMap((p) => p.sources ?? [p.crawl_source]));
}

const unprocessed = (i: Inputs) =>
  Object.entries(i.sources ?? {})
    .filter(([k, s]) => !s.raw_only && !processed(i).has(k))
    .map(([k]) => k);

const rawOnlyProcessed = (i: Inputs) =>
  Object.entries(i.sources ?? {})
    .filter(([k, s]) => s.raw_only && processed(i).has(k))
    .map(([k]) => k);

export const everySourceProcessedRule: Rule = {
  path: "pipelines",
  message:
    "no pipeline processes this source, so its data would stop in raw: add it to a pipeline's sources, or set raw_only = true if it " +
    "lands only in raw on purpose.",
  check: {
    evaluate: (s) => unprocessed(s.input as Inputs).length === 0,
    hcl: () => `length(setsubtract([for k, s in var.sources : k if !s.raw_only], ${processedHcl})) == 0`,
  },
  failingPaths: (input) => unprocessed(input as Inputs).map((k) => `sources.${k}`),
  counterexample: (valid) => ({
    pipelines: Object.fromEntries(
      Object.entries(valid.pipelines as Inputs["pipelines"] & object).map(([k, p]) => [k, { ...p, sources: [p.crawl_source] }]),
    ),
    sources: { ...(valid.sources as object), "never-processed": { ...Object.values(valid.sources as object)[0], raw_only: false } },
  }),
  offending: { label: "Unprocessed", hcl: `join(", ", sort(setsubtract([for k, s in var.sources : k if !s.raw_only], ${processedHcl})))` },
};

export const rawOnlyNotProcessedRule: Rule = {
  path: "pipelines",
  message: "is raw_only, yet a pipeline processes it: remove raw_only, or remove it from the pipeline's sources.",
  check: {
    evaluate: (s) => rawOnlyProcessed(s.input as Inputs).length === 0,
    hcl: () => `length(setintersection([for k, s in var.sources : k if s.raw_only], ${processedHcl})) == 0`,
  },
  failingPaths: (input) => rawOnlyProcessed(input as Inputs).map((k) => `sources.${k}.raw_only`),
  counterexample: (valid) => {
    const [first] = Object.values(valid.pipelines as Inputs["pipelines"] & object);
    const sources = valid.sources as Record<string, object>;
    return { sources: { ...sources, [first.crawl_source]: { ...sources[first.crawl_source], raw_only: true } } };
  },
  offending: { label: "Both", hcl: `join(", ", sort(setintersection([for k, s in var.sources : k if s.raw_only], ${processedHcl})))` },
};
