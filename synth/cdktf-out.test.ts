/**
 * `cdktf synth`, as a user of the design card runs it: its output must be a
 * root Terraform accepts, and `--hcl`, whose output is not, is refused clearly.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, runTerraform, terraform } from "../lib/terraform";
import { HCL_REFUSED } from "./cdktf-out";
import { ROOT } from "../testkit/helpers";

const cdktf = (args: string[]) =>
  spawnSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "true", CI: "1" },
  });

let dir: string;
beforeAll(() => {
  dir = makeTempDir("cdktf");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("writes roots that terraform init and validate accept, with the modules and tfvars beside them", () => {
  const out = path.join(dir, "json");
  const res = cdktf(["--output", out]);
  expect([res.status, res.stderr.slice(-2000)]).toEqual([0, expect.anything()]);
  for (const env of ["dev", "prod"]) {
    const root = path.join(out, "stacks", `env-${env}`);
    expect(fs.readFileSync(path.join(root, "terraform.tfvars"), "utf8")).toBe(
      fs.readFileSync(path.join(ROOT, "tfvars", `${env}.tfvars`), "utf8"),
    );
  }
  const root = path.join(out, "stacks", "env-dev");
  terraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: root });
  const validate = runTerraform(["validate", "-no-color"], { cwd: root });
  expect(validate.stdout).toContain("The configuration is valid");
  expect(validate.code).toBe(0);
});

it("refuses --hcl with a message that points at lakegen synth, and writes no stacks", () => {
  const out = path.join(dir, "hcl");
  const res = cdktf(["--hcl", "--output", out]);
  expect(res.status).not.toBe(0);
  expect(`${res.stdout}${res.stderr}`).toContain(HCL_REFUSED);
  expect(fs.existsSync(path.join(out, "stacks", "env-dev"))).toBe(false);
});
