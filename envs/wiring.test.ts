/** Typed wiring: each module's wires name outputs that exist, and synth fails, naming module and input, when one does not. */
import { App } from "cdktf";
import { fromModule, fromTfvars, ModuleStack } from "../lib/module";
import { MODULES } from "../modules";
import { wiringExpressions } from "./environment-stack";

const app = new App({ skipValidation: true });
const stacks = MODULES.map((def) => new ModuleStack(app, def));
const athena = MODULES.find((m) => m.name === "athena")!;

it("resolves every wire of every module to an output the named module declares", () => {
  const resolved = MODULES.map((def) => [def.name, Object.keys(wiringExpressions(def, stacks)).sort()]);
  expect(resolved).toEqual(MODULES.map((def) => [def.name, Object.keys(def.wiring.shape).sort()]));
  expect(wiringExpressions(athena, stacks)).toEqual({
    results_bucket_name: 'module.data_lake_storage.bucket_names["temp"]',
    kms_key_arn: "module.data_lake_storage.kms_key_arn",
    // A nested tfvars key: the analysts' roles, each given its own workgroup.
    analyst_roles: "var.lake_formation.analyst_roles",
  });
});

it("fails on an output the module does not have, naming the module, the input and the outputs it has", () => {
  const wrong = { ...athena, wires: { ...athena.wires, kms_key_arn: fromModule("data-lake-storage", "kms_key") } };
  expect(() => wiringExpressions(wrong, stacks)).toThrow(
    /^synth: module athena: input "kms_key_arn" names output "kms_key" of data-lake-storage, which has none such \(it has .*kms_key_arn/,
  );
});

it("fails on a missing wire, an unknown module and a wire for no input, all in one message", () => {
  const { kms_key_arn: _dropped, ...rest } = athena.wires as Record<string, unknown>;
  const wrong = {
    ...athena,
    wires: { ...rest, results_bucket_name: fromModule("s3-zones", "bucket_names"), extra: fromTfvars("sources") },
  } as never;
  expect(() => wiringExpressions(wrong, stacks)).toThrow(
    'synth: module athena: input "results_bucket_name" names module "s3-zones", which is not registered; input "kms_key_arn" has no ' +
      'wire; wire "extra" is not an input of the module',
  );
});
