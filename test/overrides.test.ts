/**
 * overrides/<env>/: a team's own Terraform, kept in git beside tfvars/. Synth copies it into the
 * environment's root, so the plan every workflow makes after synth has it; names synth writes, and
 * anything but Terraform files, are refused before anything is written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineRoot } from "../lib/plan";
import { makeTempDir } from "../lib/terraform";
import { InvalidTfvarsError, loadEnvironments } from "../synth/environments";
import { synthesize } from "../synth/synth";
import { ROOT } from "../testkit/helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const TEAM_FILE = `# The team's own parameter, planned with lakegen's resources.
resource "aws_ssm_parameter" "team_contact" {
  name  = "/acme-lake/dev/team-contact"
  type  = "String"
  value = "data-platform@example.com"
}
`;

let project: string;
beforeEach(() => {
  project = makeTempDir("overrides");
  fs.mkdirSync(path.join(project, "tfvars"));
  fs.copyFileSync(path.join(ROOT, "tfvars", "dev.tfvars"), path.join(project, "tfvars", "dev.tfvars"));
  fs.mkdirSync(path.join(project, "overrides", "dev"), { recursive: true });
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

const tfvars = () => path.join(project, "tfvars", "dev.tfvars");
const put = (name: string, text: string) => fs.writeFileSync(path.join(project, "overrides", "dev", name), text);

it("a resource added in overrides/<env>/ is copied into the root by synth and planned", () => {
  put("team.tf", TEAM_FILE);
  put("README.md", "What this folder holds.\n");
  const dist = path.join(project, "dist");
  process.chdir(ROOT);
  synthesize({ environments: loadEnvironments([tfvars()]), distDir: dist });
  expect(fs.readFileSync(path.join(dist, "envs", "dev", "team.tf"), "utf8")).toBe(TEAM_FILE);
  expect(fs.existsSync(path.join(dist, "envs", "dev", "README.md"))).toBe(false);
  const root = new OfflineRoot(dist, "dev");
  try {
    root.init();
    const plan = root.plan();
    const added = (plan.resource_changes as Json[]).find((r) => r.address === "aws_ssm_parameter.team_contact");
    expect(added?.change.actions).toEqual(["create"]);
    expect(added?.change.after.value).toBe("data-platform@example.com");
  } finally {
    root.dispose();
  }
});

it("refuses a file synth would overwrite and anything but Terraform files, naming each, before writing anything", () => {
  put("main.tf", TEAM_FILE);
  put("notes.txt", "x");
  put("state_override.tf", 'terraform {\n  backend "s3" {\n    bucket = "elsewhere"\n  }\n}\n');
  fs.mkdirSync(path.join(project, "overrides", "dev", "modules"));
  let error: unknown;
  try {
    loadEnvironments([tfvars()]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidTfvarsError);
  expect((error as InvalidTfvarsError).problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
    "overrides/dev/main.tf: synth writes main.tf in dist/envs/dev/: name it main_override.tf to change what it holds, or give it " +
      "another name to add to it",
    "overrides/dev/modules: synth copies only *.tf and *.tf.json files from an overrides folder (no folders: put a module elsewhere " +
      "and call it)",
    "overrides/dev/notes.txt: synth copies only *.tf and *.tf.json files from an overrides folder (no folders: put a module elsewhere " +
      "and call it)",
    "overrides/dev/state_override.tf: a terraform block (backend, required providers) would change where the state lives and which " +
      "providers run: set the backend in the tfvars",
  ]);
});
