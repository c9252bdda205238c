/**
 * What a platform team sees of each module: every input does something, map
 * inputs name the keys they need, and validation errors name the value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, runTerraform, terraform } from "../lib/terraform";
import { MODULES } from "../modules";
import { synthesize } from "../synth/synth";
import { ROOT, synthModule } from "./helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const modules = MODULES.map((def) => ({ def, tf: synthModule(def as never) }));

describe.each(modules.map((m) => [m.def.name, m]))("%s", (_name, { tf }) => {
  it("reads every input it declares, in a resource, a local, an output or another input's validation", () => {
    const variables = tf.variable as Record<string, Json>;
    const body = JSON.stringify({ resource: tf.resource, data: tf.data, locals: tf.locals, output: tf.output });
    const unused = Object.keys(variables).filter((name) => {
      const ref = new RegExp(`var\\.${name}\\b`);
      if (ref.test(body)) return false;
      const others = Object.entries(variables).filter(([n]) => n !== name);
      return !others.some(([, v]) => ref.test(JSON.stringify((v.validation ?? []).map((x: Json) => x.condition))));
    });
    expect(unused).toEqual([]);
  });
});

describe("a consumer's mistakes, as terraform validate reports them", () => {
  let dir: string;
  let errors: string;

  beforeAll(() => {
    dir = makeTempDir("consumer");
    process.chdir(ROOT);
    synthesize({ environments: [], distDir: path.join(dir, "dist") });
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `module "glue" {
  source                = "./dist/modules/glue-catalog"
  name_prefix           = "Acme_Lake"
  account_id            = "123456789012"
  zone_bucket_names     = { raw = "r", processed = "p", curated = "c" }
  artifacts_bucket_name = "a"
  kms_key_arn           = "arn:aws:kms:eu-west-1:123456789012:key/k"
  crawler               = {}
  timeout_minutes       = 60
  number_of_workers     = 2
  sources               = { orders = { ingestion = "batch" } }
}
`,
    );
    terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir });
    const res = runTerraform(["validate", "-no-color"], { cwd: dir });
    expect(res.code).toBe(1);
    errors = res.stderr.replace(/\s+/g, " ");
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names a missing map key instead of failing on an index inside main.tf", () => {
    expect(errors).toContain("zone_bucket_names: must have the keys raw, processed, curated, temp. Missing: temp.");
    expect(errors).not.toContain("Invalid index");
  });

  it("gives the value that failed", () => {
    expect(errors).toContain('name_prefix: must be a string matching ^[a-z][a-z0-9-]{1,38}[a-z0-9]$; got "Acme_Lake".');
  });
});

describe.each([
  ["glue-catalog", "zone_bucket_names", ["raw", "processed", "curated", "temp"]],
  ["etl-pipeline", "zone_bucket_names", ["processed", "curated"]],
  ["lake-formation", "zone_bucket_arns", ["raw", "processed", "curated"]],
  ["lake-formation", "database_names", ["raw", "processed", "curated"]],
])("%s.%s", (name, input, keys) => {
  it(`requires the keys ${keys.join(", ")}`, () => {
    const tf = modules.find((m) => m.def.name === name)!.tf;
    const messages = (tf.variable[input].validation ?? []).map((v: Json) => v.error_message);
    expect(messages).toContain(`${input}: must have the keys ${keys.join(", ")}. Missing: \${try(join(", ", sort(setsubtract(${JSON.stringify(keys)}, keys(var.${input})))), "?")}.`);
  });
});
