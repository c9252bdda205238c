/** Module examples come from each module's own fixture, which synth checks against the module's schema and rules. */
import { App } from "cdktf";
import { EXAMPLE_CONTEXT, ModuleStack } from "../lib/module";
import { MODULES } from "../modules";
import { exampleInputsOf } from "./synth";

const app = new App({ skipValidation: true });
const stackOf = (name: string, edit: (d: (typeof MODULES)[number]) => object = (d) => d) =>
  new ModuleStack(app, edit(MODULES.find((m) => m.name === name)!) as never);

it.each(MODULES.map((m) => [m.name]))("%s: its fixture is valid, in the documentation account, with every input", (name) => {
  const stack = stackOf(name);
  const { inputs } = exampleInputsOf(stack);
  expect(Object.keys(inputs).sort()).toEqual(stack.variables.map((v) => v.name).sort());
  for (const account of JSON.stringify(inputs).match(/\b\d{12}\b/g) ?? []) expect(account).toBe(EXAMPLE_CONTEXT.account);
});

it("fails on a fixture that breaks the schema or a rule, naming the file and each key", () => {
  const emr = MODULES.find((m) => m.name === "emr-serverless")!;
  const broken = stackOf("emr-serverless-copy", () => ({
    ...emr,
    name: "emr-serverless-copy",
    example: { ...emr.example, inputs: { ...(emr.example.inputs as object), max_executors: 1000, release_label: 7 } },
  }));
  expect(() => exampleInputsOf(broken)).toThrow(
    /^emr-serverless-copy: its example fixture \(modules\/emr-serverless-copy\/example.ts\) is invalid:\n {2}release_label: .*/,
  );
  const overCapacity = stackOf("emr-serverless-big", () => ({
    ...emr,
    name: "emr-serverless-big",
    example: { ...emr.example, inputs: { ...(emr.example.inputs as object), max_executors: 1000 } },
  }));
  expect(() => exampleInputsOf(overCapacity)).toThrow("max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu.");
});
