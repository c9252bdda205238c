/** Module examples come from each module's own fixture, which synth checks against the module's schema and rules. */
import { App } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXAMPLE_CONTEXT, ModuleStack } from "../lib/module";
import { makeTempDir } from "../lib/terraform";
import { MODULES } from "../modules";
import { exampleInputsOf } from "./synth";

const app = new App({ skipValidation: true });
const stacks = new Map(MODULES.map((def) => [def.name, new ModuleStack(app, def)]));
const stackOf = (name: string) => stacks.get(name)!;
let dir: string;
beforeAll(() => (dir = makeTempDir("examples")));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** emr-serverless's fixture with one line edited, written beside the test's other files; its path from the project root. */
function editedFixture(name: string, from: string, to: string): string {
  const text = fs.readFileSync(path.join(__dirname, "..", "modules", "emr-serverless", "example.tfvars"), "utf8");
  expect(text).toContain(from);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text.replace(from, to));
  return path.relative(path.join(__dirname, ".."), file);
}

it.each(MODULES.map((m) => [m.name]))("%s: its fixture is valid, in the documentation account, with every input", (name) => {
  const stack = stackOf(name);
  const { inputs } = exampleInputsOf(stack);
  expect(Object.keys(inputs).sort()).toEqual(stack.variables.map((v) => v.name).sort());
  for (const account of JSON.stringify(inputs).match(/\b\d{12}\b/g) ?? []) expect(account).toBe(EXAMPLE_CONTEXT.account);
});

it("fails on a fixture that breaks the schema or a rule, naming the file and each key", () => {
  const emr = stackOf("emr-serverless");
  const broken = editedFixture("broken.tfvars", 'release_label = "emr-7.5.0"', "release_label = 7");
  expect(() => exampleInputsOf(emr, broken)).toThrow(
    new RegExp(`^emr-serverless: its example fixture \\(${broken.replace(/[.]/g, "\\.")}\\) is invalid:\\n {2}release_label: .*`),
  );
  const overCapacity = editedFixture("big.tfvars", "max_executors = 20", "max_executors = 1000");
  expect(() => exampleInputsOf(emr, overCapacity)).toThrow(
    "max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu.",
  );
});
