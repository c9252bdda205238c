/**
 * An environment's configuration: its tfvars file, parsed and checked against
 * the top-level schema and every registered module's schema and rules.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { awsRegion, bucketName, MAX_TAGS_PER_RESOURCE, tagKey, tagValue } from "../lib/aws-formats";
import { LAKEGEN_TAG_KEYS } from "../lib/tags";
import { MODULES, TYPED_MODULES } from "../modules";
import { contextSchema, iamExtensionSchema, moduleContextSchema, type ModuleDefinition, NAME_PREFIX_MAX } from "../lib/module";
import { explanation, failures, type Rule } from "../lib/rules";
import { parseTfvars, TfvarsSyntaxError } from "../lib/tfvars";
import { checkTerraformReadsAlike } from "../lib/tfvars-agreement";
import { sourcesSchema } from "../modules/sources";
import { narrowingProblems } from "./schema-record";
import { withUpgradeNote } from "./upgrades";

export const environmentFields = z.object({
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/)
    .describe("Environment name; must match the tfvars file name (`prod` for `tfvars/prod.tfvars`)."),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}[a-z0-9]$/)
    .refine((p) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(p), {
      message: "must not start with xn--, sthree- or amzn-s3-demo- (S3 reserves them for bucket names)",
    })
    .describe("Project name; with the environment it prefixes every resource name (`<project>-<environment>`)."),
  account_id: z
    .string()
    .regex(/^[0-9]{12}$/)
    .describe("AWS account of this environment; the provider refuses to run against any other."),
  region: awsRegion().describe("AWS region, such as `eu-west-1`."),
  tags: z
    .record(tagKey(), tagValue())
    .default({})
    .refine((t) => Object.keys({ ...t, ...Object.fromEntries(LAKEGEN_TAG_KEYS.map((k) => [k, ""])) }).length <= MAX_TAGS_PER_RESOURCE, {
      message:
        `at most ${MAX_TAGS_PER_RESOURCE - LAKEGEN_TAG_KEYS.length} tags: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and ` +
        `lakegen adds ${LAKEGEN_TAG_KEYS.join(", ")}`,
    })
    .describe("Tags for every resource, applied through the provider's `default_tags`."),
  assume_role_arn: z
    .string()
    .regex(/^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]+$/)
    .nullable()
    .default(null)
    .describe(
      "Role the AWS provider assumes to plan and apply this environment, in its account; null uses the caller's credentials as they are.",
    ),
  backend: z
    .object({
      bucket: bucketName().describe("S3 bucket that holds the state."),
      region: awsRegion().nullable().default(null).describe("Region of the state bucket; defaults to `region`."),
      role_arn: z
        .string()
        .regex(/^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]+$/)
        .nullable()
        .default(null)
        .describe("Role the S3 backend assumes to read and write the state (the state account's); null uses the caller's credentials."),
      kms_key_id: z
        .string()
        .regex(/^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)\/[A-Za-z0-9/_-]+$/)
        .nullable()
        .default(null)
        .describe("KMS key (ARN) that encrypts the state object; null uses the bucket's default encryption."),
    })
    .strict()
    .describe("Where Terraform keeps this environment's state. Read at synth time: backends cannot use variables."),
  iam: iamExtensionSchema.describe("Extends every role lakegen creates: a permissions boundary, and managed policies by role."),
  sources: sourcesSchema,
});

/** The whole tfvars file: the fields above plus one object per registered module. */
/** Each module's schema under its tfvars key, typed from the modules' own definitions. */
type ModuleShapes = { [D in (typeof TYPED_MODULES)[number] as D["tfvarsKey"]]: D["schema"] };
const moduleShapes = Object.fromEntries(TYPED_MODULES.map((m) => [m.tfvarsKey, m.schema])) as ModuleShapes;

export const environmentSchema = environmentFields.extend(moduleShapes).strict();

/** One environment's configuration, typed end to end: `config.emr.max_executors` is a number. */
export type EnvironmentConfig = z.infer<typeof environmentSchema>;

/** A module's own object in an environment's configuration. */
export function moduleConfig(config: EnvironmentConfig, def: ModuleDefinition): Record<string, unknown> {
  return (config as Record<string, unknown>)[def.tfvarsKey] as Record<string, unknown>;
}

export interface Problem {
  file: string;
  /** Dotted key path, e.g. `emr.max_executors`; empty for file-level problems. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * The root checks the prefix it builds, so a prefix too long fails once, at
 * `environment`, and not once in every module that receives it.
 */
const PREFIX_HCL = `format("%s-%s", var.project, var.environment)`;

export const prefixRule: Rule = {
  path: "environment",
  message: `with project, it makes the name prefix <project>-<environment>, which must be at most ${NAME_PREFIX_MAX} characters.`,
  check: {
    evaluate: (s) => namePrefix(s.input as { project: string; environment: string }).length <= NAME_PREFIX_MAX,
    hcl: () => `length(${PREFIX_HCL}) <= ${NAME_PREFIX_MAX}`,
  },
  offending: { label: "Got", hcl: `format("%s (%d characters)", ${PREFIX_HCL}, length(${PREFIX_HCL}))` },
};

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
    ...Object.fromEntries(shared.map((k) => [k, (config as Record<string, unknown>)[k]])),
    ...moduleContextSchema(def).parse({
      name_prefix: namePrefix(config),
      environment: config.environment,
      account_id: config.account_id,
      tags: config.tags,
      iam: config.iam,
    }),
    ...moduleConfig(config, def),
  };
}

/** zod's message, in the words of someone editing tfvars. */
function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === "invalid_key") return `invalid name: ${i.issues.map((x) => x.message).join("; ")}`;
  if (i.code === "invalid_type" && /received undefined$/.test(i.message)) return `is missing: add it (expected ${i.expected})`;
  return i.message;
}

function keyPath(parts: PropertyKey[]): string {
  return parts
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

export type LoadResult = { ok: true; config: EnvironmentConfig } | { ok: false; problems: Problem[] };

/**
 * Checks a parsed tfvars object; `expectedName` is the environment the file name implies. A problem
 * that a lakegen release's tfvars change explains carries that change's upgrade note.
 */
export function checkConfig(raw: unknown, file: string, expectedName?: string): LoadResult {
  const checked = checkUnnoted(raw, file, expectedName);
  if (checked.ok) return checked;
  return { ok: false, problems: checked.problems.map((p) => ({ ...p, message: withUpgradeNote(p.path, p.message) })) };
}

function checkUnnoted(raw: unknown, file: string, expectedName?: string): LoadResult {
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((i) => ({
      file,
      path: keyPath(i.path),
      message: issueMessage(i),
    }));
    // Every problem in one run: the cross-field rules of each module whose own object is well-formed.
    return { ok: false, problems: [...problems, ...rulesOfWellFormedParts(raw, file, problems)] };
  }
  const config = parsed.data;
  const problems: Problem[] = [];
  if (expectedName !== undefined && config.environment !== expectedName) {
    problems.push({ file, path: "environment", message: `must be "${expectedName}", the name of the file` });
  }
  const prefix = namePrefix(config);
  if (!contextSchema.shape.name_prefix.safeParse(prefix).success) {
    problems.push({
      file,
      path: config.environment.length > config.project.length ? "environment" : "project",
      message:
        `with project and environment, names start "${prefix}" (${prefix.length} characters); the prefix must be lower case ` +
        `letters, digits and hyphens, at most ${NAME_PREFIX_MAX} characters`,
    });
    return { ok: false, problems };
  }
  problems.push(...ruleProblems(config, file, MODULES, problems), ...narrowingProblems(config.sources, file));
  return problems.length ? { ok: false, problems } : { ok: true, config };
}

/** Failures of the modules' cross-field rules, each once, at its tfvars key path. */
function ruleProblems(config: EnvironmentConfig, file: string, defs: readonly ModuleDefinition[], known: Problem[]): Problem[] {
  const problems: Problem[] = [];
  for (const def of defs) {
    const inputs = moduleInputs(def, config);
    for (const r of def.rules) {
      const why = explanation(r, inputs);
      const message = why ? `${r.message} (${why})` : r.message;
      for (const at of failures(r, inputs)) {
        // Inputs shared by all modules (such as sources) are reported at the top level, once.
        const key = at.split(".")[0];
        const p = key in def.schema.shape ? `${def.tfvarsKey}.${at}` : at;
        if (![...known, ...problems].some((x) => x.path === p && x.message === message)) problems.push({ file, path: p, message });
      }
    }
  }
  return problems;
}

/**
 * When the file has schema errors: the rules of each module whose object, and the shared top-level
 * fields, are well-formed, so a format error elsewhere does not hide them.
 */
function rulesOfWellFormedParts(raw: unknown, file: string, known: Problem[]): Problem[] {
  const given = (raw ?? {}) as Record<string, unknown>;
  // Each top-level field on its own: a broken one (a source's format) hides only the rules of the
  // modules that read it, never the others' (EMR's capacity).
  const config: Record<string, unknown> = {};
  const broken = new Set<string>();
  for (const [key, schema] of Object.entries(environmentFields.shape)) {
    const part = (schema as z.ZodType).safeParse(given[key]);
    if (part.success) config[key] = part.data;
    else broken.add(key);
  }
  // Every module's context is made of these.
  if (CONTEXT_FIELDS.some((k) => broken.has(k))) return [];
  if (!contextSchema.shape.name_prefix.safeParse(namePrefix(config as { project: string; environment: string })).success) return [];
  // Only the well-formed modules' objects are read, so the others may stay missing.
  const wellFormed = MODULES.filter((def) => {
    if (Object.keys(def.wiring.shape).some((k) => broken.has(k))) return false;
    const part = def.schema.safeParse(given[def.tfvarsKey]);
    if (part.success) config[def.tfvarsKey] = part.data;
    return part.success;
  });
  return ruleProblems(config as EnvironmentConfig, file, wellFormed, known);
}

/** The top-level fields every module's context is built from (moduleInputs). */
const CONTEXT_FIELDS = ["project", "environment", "account_id", "tags", "iam"];

export function environmentName(file: string): string {
  return path.basename(file).replace(/\.tfvars$/, "");
}

/** Real tfvars are a few KB; past this a file is rejected before it is parsed. */
export const MAX_TFVARS_BYTES = 1024 * 1024;

/** A file that cannot be used at all (missing, a directory, too big, not UTF-8): the CLI exits 2. */
export class UnusableFileError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** The file's text, or an UnusableFileError that says why not. */
export function readInputFile(file: string, maxBytes = MAX_TFVARS_BYTES): string {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UnusableFileError(file, "no such file");
  if (stat.isDirectory()) throw new UnusableFileError(file, "is a directory, not a file");
  if (stat.size > maxBytes) {
    throw new UnusableFileError(
      file,
      `is ${(stat.size / 1024 / 1024).toFixed(1)} MB; lakegen reads files up to ${maxBytes / 1024 / 1024} MB`,
    );
  }
  const bytes = fs.readFileSync(file);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, bad).toString("utf8");
    const line = before.split("\n").length;
    const column = bad - bytes.lastIndexOf(0x0a, bad - 1);
    throw new UnusableFileError(`${file}:${line}:${column}`, `is not UTF-8 (byte 0x${bytes[bad].toString(16)}); save it as UTF-8`);
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
    } catch {
      // An ASCII byte can only fail as the end of a broken sequence; point at its start.
      return bytes[i] < 0x80 && i > 0 ? i - 1 : i;
    }
  }
  return bytes.length - 1;
}

/** Parses and checks a tfvars file with lakegen's reader. Prefer loadConfigChecked, which Terraform's parser confirms. */
export function loadConfig(file: string): LoadResult {
  const text = readInputFile(file);
  try {
    return checkConfig(parseTfvars(text, file), file, expectedEnvironment(file));
  } catch (e) {
    return syntaxProblem(e);
  }
}

/** loadConfig, after Terraform's own HCL parser has read the file to the same values. */
export async function loadConfigChecked(file: string): Promise<LoadResult> {
  const text = readInputFile(file);
  try {
    const raw = parseTfvars(text, file);
    await checkTerraformReadsAlike(text, file, raw);
    return checkConfig(raw, file, expectedEnvironment(file));
  } catch (e) {
    return syntaxProblem(e);
  }
}

/** Files in tfvars/ are environments, named after them; other files (fixtures, drafts) are not. */
function expectedEnvironment(file: string): string | undefined {
  return path.basename(path.dirname(path.resolve(file))) === "tfvars" ? environmentName(file) : undefined;
}

function syntaxProblem(e: unknown): LoadResult {
  if (e instanceof TfvarsSyntaxError) {
    return { ok: false, problems: [{ file: `${e.file}:${e.line}:${e.column}`, path: "", message: e.reason }] };
  }
  throw e;
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
