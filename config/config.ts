/**
 * An environment's configuration: its tfvars file, parsed and checked against
 * the top-level schema and every registered module's schema and rules.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { MODULES } from "../modules";
import { contextSchema, type ModuleDefinition } from "../lib/module";
import { failures } from "../lib/rules";
import { parseTfvars, TfvarsSyntaxError } from "../lib/tfvars";
import { sourcesSchema } from "../modules/sources";

export const environmentFields = z.object({
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/)
    .describe("Environment name; must match the tfvars file name (`prod` for `tfvars/prod.tfvars`)."),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/)
    .describe("Project name; with the environment it prefixes every resource name (`<project>-<environment>`)."),
  account_id: z
    .string()
    .regex(/^[0-9]{12}$/)
    .describe("AWS account of this environment; the provider refuses to run against any other."),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/)
    .describe("AWS region, such as `eu-west-1`."),
  tags: z
    .record(z.string(), z.string())
    .default({})
    .describe("Tags for every resource, applied through the provider's `default_tags`."),
  backend: z
    .object({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).describe("S3 bucket that holds the state."),
      region: z
        .string()
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/)
        .nullable()
        .default(null)
        .describe("Region of the state bucket; defaults to `region`."),
    })
    .strict()
    .describe("Where Terraform keeps this environment's state. Read at synth time: backends cannot use variables."),
  sources: sourcesSchema,
});

/** The whole tfvars file: the fields above plus one object per registered module. */
export const environmentSchema = environmentFields
  .extend(Object.fromEntries(MODULES.map((m) => [m.tfvarsKey, m.schema])))
  .strict();

export type EnvironmentConfig = z.infer<typeof environmentFields> & Record<string, Record<string, unknown>>;

export interface Problem {
  file: string;
  /** Dotted key path, e.g. `emr.max_executors`; empty for file-level problems. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

export function namePrefix(config: { project: string; environment: string }): string {
  return `${config.project}-${config.environment}`;
}

/**
 * The values a module's rules see: the context every module receives, the
 * top-level tfvars it takes as wiring (such as `sources`), and its own object.
 */
export function moduleInputs(def: ModuleDefinition, config: EnvironmentConfig): Record<string, unknown> {
  const shared = Object.keys(def.wiring.shape).filter((k) => k in environmentFields.shape);
  return {
    ...Object.fromEntries(shared.map((k) => [k, config[k]])),
    ...contextSchema.parse({
      name_prefix: namePrefix(config),
      environment: config.environment,
      account_id: config.account_id,
      tags: config.tags,
    }),
    ...config[def.tfvarsKey],
  };
}

function keyPath(parts: PropertyKey[]): string {
  return parts.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
}

export type LoadResult = { ok: true; config: EnvironmentConfig } | { ok: false; problems: Problem[] };

/** Checks a parsed tfvars object; `expectedName` is the environment the file name implies. */
export function checkConfig(raw: unknown, file: string, expectedName?: string): LoadResult {
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        file,
        path: keyPath(i.path),
        message: i.code === "invalid_key" ? `invalid name: ${i.issues.map((x) => x.message).join("; ")}` : i.message,
      })),
    };
  }
  const config = parsed.data as EnvironmentConfig;
  const problems: Problem[] = [];
  if (expectedName !== undefined && config.environment !== expectedName) {
    problems.push({ file, path: "environment", message: `must be "${expectedName}", the name of the file` });
  }
  for (const def of MODULES) {
    const inputs = moduleInputs(def, config);
    for (const r of def.rules) {
      for (const at of failures(r, inputs)) {
        // Inputs shared by all modules (such as sources) are reported at the top level, once.
        const key = at.split(".")[0];
        const p = key in def.schema.shape ? `${def.tfvarsKey}.${at}` : at;
        if (!problems.some((x) => x.path === p && x.message === r.message)) problems.push({ file, path: p, message: r.message });
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

export function environmentName(file: string): string {
  return path.basename(file).replace(/\.tfvars$/, "");
}

export function loadConfig(file: string): LoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { ok: false, problems: [{ file, path: "", message: `cannot read: ${(e as Error).message}` }] };
  }
  try {
    // Files in tfvars/ are environments, named after them; other files (fixtures, drafts) are not.
    const isEnvironment = path.basename(path.dirname(path.resolve(file))) === "tfvars";
    return checkConfig(parseTfvars(text, file), file, isEnvironment ? environmentName(file) : undefined);
  } catch (e) {
    if (e instanceof TfvarsSyntaxError) {
      return { ok: false, problems: [{ file: `${file}:${e.line}:${e.column}`, path: "", message: e.reason }] };
    }
    throw e;
  }
}

/** The tfvars files of every environment, sorted. */
export function environmentFiles(dir = "tfvars"): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".tfvars"))
    .sort()
    .map((f) => path.join(dir, f));
}
