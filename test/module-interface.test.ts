/**
 * What a platform team sees of each module: every input does something, map
 * inputs name the keys they need, and validation errors name the value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROVIDER_OVERRIDE } from "../lib/plan";
import { makeTempDir, runTerraform, terraform } from "../lib/terraform";
import { MODULES } from "../modules";
import { parse } from "@cdktf/hcl2json";
import { synthModule } from "../testkit/helpers";
import { sharedDist } from "../testkit/shared-root";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

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

describe("a consumer's mistakes, as terraform plan reports them", () => {
  let dir: string;

  /** Plans a root holding one module block; Terraform stops at the first module with invalid inputs, so one each. */
  const planErrors = (name: string, block: string): string => {
    const root = path.join(dir, name);
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, "main.tf"), `provider "aws" {\n  region = "eu-west-1"\n}\n\n${block}`);
    fs.writeFileSync(path.join(root, "provider_override.tf"), PROVIDER_OVERRIDE);
    terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: root });
    const res = runTerraform(["plan", "-input=false", "-lock=false", "-no-color"], { cwd: root });
    expect(res.code).toBe(1);
    return res.stderr.replace(/\s+/g, " ");
  };

  beforeAll(async () => {
    dir = makeTempDir("consumer");
    fs.symlinkSync(await sharedDist(), path.join(dir, "dist"));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("glue-catalog", () => {
    let errors: string;
    beforeAll(() => {
      errors = planErrors(
        "glue",
        `module "glue" {
  source                = "../dist/modules/glue-catalog"
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
    });

    it("names a missing map key instead of failing on an index inside main.tf", () => {
      expect(errors).toContain("zone_bucket_names: must have the keys raw, processed, curated, temp. Missing: temp.");
      expect(errors).not.toContain("Invalid index");
    });

    it("gives the value that failed", () => {
      expect(errors).toContain('name_prefix: must be a string matching ^[a-z][a-z0-9-]{1,38}[a-z0-9]$; got "Acme_Lake".');
    });
  });

  it("refuses an EMR job role that could write its own entry points", () => {
    const errors = planErrors(
      "emr",
      `module "emr" {
  source               = "../dist/modules/emr-serverless"
  name_prefix          = "acme-lake-dev"
  account_id           = "123456789012"
  artifacts_bucket_arn = "arn:aws:s3:::acme-lake-dev-artifacts"
  lake_bucket_arns     = ["arn:aws:s3:::acme-lake-dev-curated", "arn:aws:s3:::acme-lake-dev-artifacts"]
  log_bucket_name      = "acme-lake-dev-logs"
  kms_key_arn          = "arn:aws:kms:eu-west-1:123456789012:key/k"
  release_label        = "emr-7.5.0"
  driver               = { cpu = 2, memory_gb = 8 }
  executor             = { cpu = 2, memory_gb = 8 }
  max_executors        = 3
  max_capacity         = { cpu = 8, memory_gb = 32 }
}
`,
    );
    expect(errors).toContain(
      "artifacts_bucket_arn: jobs only read the artifacts bucket; remove it from lake_bucket_arns, which jobs write.",
    );
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
    expect(messages).toContain(
      `${input}: must have the keys ${keys.join(", ")}. Missing: \${try(join(", ", sort(setsubtract(${JSON.stringify(keys)}, ` +
        `keys(var.${input})))), "?")}.`,
    );
  });
});

describe("module READMEs list the rules the modules enforce", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await sharedDist();
  });
  const readme = (name: string) => fs.readFileSync(path.join(dir, "modules", name, "README.md"), "utf8");

  // Read from the variables.tf Terraform enforces (its validation blocks, parsed as HCL), not from the rules that wrote both.
  it.each(MODULES.map((m) => [m.name]))("%s: every validation block of variables.tf, as a row of its rules table", async (name) => {
    const text = readme(name);
    const vars = (await parse("variables.tf", fs.readFileSync(path.join(dir, "modules", name, "variables.tf"), "utf8"))).variable as Record<
      string,
      Json[]
    >;
    const messages = Object.values(vars).flatMap((v) => (v[0].validation ?? []).map((b: Json) => String(b.error_message)));
    expect(messages.length).toBeGreaterThan(0);
    // And the other way: the rules table holds a row per validation block, no more.
    const section = text.split("\n## ").find((s) => s.startsWith("Validation rules")) ?? "";
    const rows = section.match(/^\| `[^`]+` \|/gm) ?? [];
    expect(rows.length).toBe(messages.length);
    for (const m of messages) {
      // "<input>: <rule>", then what failed ("; got ${…}", "; failing: ${…}", ". Too long: ${…}"): the row is "| `<input>` | <rule>. |".
      const [, input, rule] = /^([^:]+): (.*?)(?:[;.] [A-Za-z][A-Za-z ]*:? \$\{.*)?\.?$/s.exec(m)!;
      expect(text).toContain(`| \`${input}\` | ${rule.replace(/\|/g, "\\|")}${rule.endsWith(".") ? "" : "."} |`);
    }
  });

  it("data-lake-storage: temp expires, raw keeps versions, the 30-day IA minimum and the order of transitions", () => {
    const text = readme("data-lake-storage");
    for (const words of [
      "the temp zone must expire its objects",
      "the raw zone must keep versions",
      "STANDARD_IA and ONEZONE_IA transitions must be at least 30 days after creation",
      "each transition must come later (in days) than the one before it",
    ]) {
      expect(text).toContain(words);
    }
  });

  it("glue-catalog: a quality range needs a bound, and min must not exceed max", () => {
    expect(readme("glue-catalog")).toContain("each range needs min or max, and min must not exceed max.");
  });

  it.each(MODULES.map((m) => [m.name]))("%s: names the tags lakegen check requires, which it does not add", (name) => {
    expect(readme(name)).toContain("requires `Environment` and `Project` on every resource");
  });
});

describe("examples and tests shipped in each module", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await sharedDist();
  });
  const read = (name: string, file: string) => fs.readFileSync(path.join(dir, "modules", name, file), "utf8");
  const moduleArgs = async (name: string, kind: string): Promise<string[]> => {
    const json = await parse("main.tf", read(name, `examples/${kind}/main.tf`));
    const block = Object.values(json.module as Record<string, Json[]>)[0][0];
    return Object.keys(block)
      .filter((k) => k !== "source")
      .sort();
  };

  it.each(modules.map((m) => [m.def.name, m]))("%s: basic sets the required inputs only, complete sets them all", async (name, { tf }) => {
    const variables = Object.entries(tf.variable as Record<string, Json>);
    const required = variables
      .filter(([, v]) => !("default" in v))
      .map(([k]) => k)
      .sort();
    expect(await moduleArgs(name, "basic")).toEqual(required);
    expect(await moduleArgs(name, "complete")).toEqual(variables.map(([k]) => k).sort());
    expect(read(name, "examples/basic/main.tf")).toContain('source = "../.."');
  });

  it.each(modules.map((m) => [m.def.name, m]))(
    "%s: tests/module.tftest.hcl breaks each rule once, and asserts every output",
    (name, { def, tf }) => {
      const text = read(name, "tests/module.tftest.hcl");
      expect(text).not.toContain("No failing case");
      expect(text.match(/^run "rule_\d+_/gm) ?? []).toHaveLength(def.rules.length);
      for (const r of def.rules) expect(text).toContain(`# ${r.path}: ${r.message}`);
      for (const o of Object.keys(tf.output)) expect(text).toContain(`condition     = output.${o} != null`);
    },
  );
});
