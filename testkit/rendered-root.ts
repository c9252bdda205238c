/**
 * An environment root rendered by Terraform itself, as it would be applied:
 * every state machine definition and every IAM policy document with real
 * names and ARNs. It is a `terraform test` apply with the real provider in
 * which every resource and every lookup is overridden with values built from
 * its planned name, so nothing calls AWS; only aws_iam_policy_document, which
 * the provider computes locally, runs for real.
 *
 * Rendering costs an apply, so each environment is rendered once per jest run
 * and shared between test files through LAKEGEN_JEST_DIR, from the shared plan.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../synth/environments";
import { synthesize } from "../synth/synth";
import { OfflineRoot } from "../lib/plan";
import { environmentConfig, ROOT } from "./helpers";
import { jestDir, onceAt, sharedDist, sharedPlan } from "./shared-root";
import { terraformTestJson } from "./terraform-batch";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export interface RenderedRoot {
  env: string;
  region: string;
  account: string;
  /** The root's outputs: one object per module. */
  outputs: Record<string, Json>;
  /** Every resource and data source in the applied state, by address. */
  resources: Map<string, Json>;
}

interface Ctx {
  region: string;
  account: string;
  n: number;
}

/** ARNs as AWS forms them, from the planned names. Types not listed get Terraform's generated values. */
const ARNS: Record<string, (a: Json, c: Ctx) => string> = {
  aws_s3_bucket: (a) => `arn:aws:s3:::${a.bucket}`,
  aws_kms_key: (_, c) => `arn:aws:kms:${c.region}:${c.account}:key/${uuid(c.n)}`,
  aws_iam_role: (a, c) => `arn:aws:iam::${c.account}:role/${a.name}`,
  aws_sns_topic: (a, c) => `arn:aws:sns:${c.region}:${c.account}:${a.name}`,
  aws_sfn_state_machine: (a, c) => `arn:aws:states:${c.region}:${c.account}:stateMachine:${a.name}`,
  aws_cloudwatch_log_group: (a, c) => `arn:aws:logs:${c.region}:${c.account}:log-group:${a.name}`,
  aws_kinesis_stream: (a, c) => `arn:aws:kinesis:${c.region}:${c.account}:stream/${a.name}`,
  aws_kinesis_firehose_delivery_stream: (a, c) => `arn:aws:firehose:${c.region}:${c.account}:deliverystream/${a.name}`,
  aws_emrserverless_application: (_, c) => `arn:aws:emr-serverless:${c.region}:${c.account}:/applications/${appId(c.n)}`,
  aws_glue_job: (a, c) => `arn:aws:glue:${c.region}:${c.account}:job/${a.name}`,
  aws_glue_crawler: (a, c) => `arn:aws:glue:${c.region}:${c.account}:crawler/${a.name}`,
  aws_glue_catalog_database: (a, c) => `arn:aws:glue:${c.region}:${c.account}:database/${a.name}`,
  aws_ssm_parameter: (a, c) => `arn:aws:ssm:${c.region}:${c.account}:parameter${a.name}`,
  aws_athena_workgroup: (a, c) => `arn:aws:athena:${c.region}:${c.account}:workgroup/${a.name}`,
  aws_cloudwatch_event_rule: (a, c) => `arn:aws:events:${c.region}:${c.account}:rule/${a.name}`,
  aws_scheduler_schedule: (a, c) => `arn:aws:scheduler:${c.region}:${c.account}:schedule/default/${a.name}`,
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const appId = (n: number) => `00f${String(n).padStart(13, "0")}`;

/** Computed values other modules read: ids and ARNs. */
function overrideValues(type: string, after: Json, ctx: Ctx): Json {
  const values: Json = {};
  const arn = ARNS[type]?.(after, ctx);
  if (arn) values.arn = arn;
  if (type === "aws_kms_key") Object.assign(values, { id: uuid(ctx.n), key_id: uuid(ctx.n) });
  else if (type === "aws_emrserverless_application") values.id = appId(ctx.n);
  else if (typeof (after.name ?? after.bucket) === "string") values.id = after.name ?? after.bucket;
  return values;
}

const hcl = (v: unknown) => JSON.stringify(v).replace(/([$%])\{/g, "$1$1{");

/** The overrides file: every managed resource by instance, and every lookup but policy documents. */
export function overridesFor(plan: Json, region: string, account: string): string {
  const blocks: string[] = [];
  let n = 0;
  for (const rc of plan.resource_changes as Json[]) {
    if (rc.mode !== "managed") continue;
    const values = overrideValues(rc.type, rc.change.after ?? {}, { region, account, n: ++n });
    blocks.push(`override_resource {\n  target = ${rc.address}\n  values = ${hcl(values)}\n}`);
  }
  const lookups = new Map<string, string>();
  for (const r of moduleResources(plan.prior_state?.values?.root_module ?? {})) {
    if (r.mode === "data" && r.type !== "aws_iam_policy_document") lookups.set(r.address.replace(/\[[^\]]*\]$/, ""), r.type);
  }
  for (const [address, type] of lookups) {
    if (type !== "aws_region") throw new Error(`rendered-root: no override for the lookup ${address}`);
    blocks.push(`override_data {\n  target = ${address}\n  values = ${hcl({ name: region, id: region })}\n}`);
  }
  return `${blocks.join("\n")}\n\nrun "render" {\n  command = apply\n}\n`;
}

/** Every resource and data source of a module in Terraform's JSON, its child modules' included. */
function moduleResources(m: Json): Json[] {
  return [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(moduleResources)];
}

async function render(env: string, dist: string, planned?: Json): Promise<RenderedRoot> {
  const config = environmentConfig(env);
  const root = new OfflineRoot(dist, env);
  try {
    root.init();
    const plan = planned ?? root.plan();
    fs.mkdirSync(path.join(root.dir, "render"));
    fs.writeFileSync(path.join(root.dir, "render", "render.tftest.hcl"), overridesFor(plan, config.region, config.account_id));
    const messages: Json[] = [];
    const stderr = await terraformTestJson(root.dir, "render", (m) => messages.push(m));
    const state = messages.find((m) => m.type === "test_state")?.test_state;
    if (!state) {
      const errors = messages.filter((m) => m.type === "diagnostic").map((m) => `${m.diagnostic.summary}: ${m.diagnostic.detail ?? ""}`);
      throw new Error(`rendering ${env} failed:\n${[...errors, stderr].join("\n")}`);
    }
    const resources = new Map<string, Json>(moduleResources(state.root_module).map((r) => [r.address, r]));
    const outputs = Object.fromEntries(Object.entries(state.outputs as Json).map(([k, o]) => [k, (o as Json).value]));
    return { env, region: config.region, account: config.account_id, outputs, resources };
  } finally {
    root.dispose();
  }
}

/** The rendered root of `env`, from this jest run's cache when another test file rendered it first. */
export async function renderedRoot(env: string): Promise<RenderedRoot> {
  const file = await onceAt(path.join(jestDir(), "rendered", `${env}.json`), async (out) => {
    const rendered = await render(env, await sharedDist(), await sharedPlan(env));
    fs.writeFileSync(out, JSON.stringify({ ...rendered, resources: [...rendered.resources] }));
  });
  return revive(JSON.parse(fs.readFileSync(file, "utf8")));
}

async function synthAndRender(env: string, tfvarsFile: string, work: string): Promise<RenderedRoot> {
  try {
    process.chdir(ROOT);
    synthesize({ environments: loadEnvironments([tfvarsFile]), distDir: path.join(work, "dist") });
    return await render(env, path.join(work, "dist"));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A root rendered from a tfvars file other than the committed one (named `<env>.tfvars`), for a case about
 * inputs the committed files do not hold, such as a source in another format. Not cached: each call costs
 * a synth, a plan and an apply.
 */
export async function renderVariant(tfvarsFile: string, scratch: string): Promise<RenderedRoot> {
  const env = path.basename(tfvarsFile, ".tfvars");
  return synthAndRender(env, tfvarsFile, fs.mkdtempSync(path.join(scratch, `${env}-variant-`)));
}

function revive(j: Json): RenderedRoot {
  return { ...j, resources: new Map(j.resources) } as RenderedRoot;
}

/** The values of one resource or data source of the rendered root. */
export function resourceValues(root: RenderedRoot, address: string): Json {
  const r = root.resources.get(address);
  if (!r) throw new Error(`${root.env}: no ${address} in the rendered root`);
  return r.values;
}
