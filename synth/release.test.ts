/**
 * Module releases as a platform team consumes them, offline: the archives
 * are reproducible, versions follow the interface, and a root pins a released
 * module from a git tag and from an HTTP archive checked against its SHA-256.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { PROVIDER_OVERRIDE } from "../lib/plan";
import { makeTempDir, runTerraform } from "../lib/terraform";
import { loadEnvironments } from "./environments";
import { type ModuleRelease, releaseModules } from "./release";
import { synthesize } from "./synth";
import { ROOT } from "../testkit/helpers";
import { sharedDist } from "../testkit/shared-root";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

let dir: string;
let first: ModuleRelease[];
const out = () => path.join(dir, "out");
const record = () => path.join(dir, "record");
const athena = () => first.find((r) => r.module === "athena")!;

beforeAll(async () => {
  dir = makeTempDir("release");
  process.chdir(ROOT);
  first = releaseModules({ outDir: out(), recordDir: record(), distDir: await sharedDist() });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The athena module's basic example, pinned to `source`, planned offline; the plan's exit code. */
function planConsumer(name: string, source: string, archive = path.join(out(), athena().archive)): { code: number; stderr: string } {
  const root = path.join(dir, name);
  fs.mkdirSync(root);
  const extracted = path.join(dir, `${name}-example`);
  fs.mkdirSync(extracted);
  spawnSync("tar", ["-xzf", archive, "-C", extracted, "./examples/basic"]);
  for (const f of ["main.tf", "versions.tf", "outputs.tf"]) {
    const text = fs.readFileSync(path.join(extracted, "examples", "basic", f), "utf8");
    fs.writeFileSync(path.join(root, f), text.replace('source = "../.."', `source = "${source}"`));
  }
  fs.writeFileSync(path.join(root, "provider_override.tf"), PROVIDER_OVERRIDE);
  const init = runTerraform(["init", "-input=false", "-no-color"], { cwd: root });
  if (init.code !== 0) return { code: init.code, stderr: init.stderr };
  const plan = runTerraform(["plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode"], { cwd: root });
  return { code: plan.code, stderr: plan.stderr };
}

it("packages every module at 1.0.0 first, with a checksum that matches and the module at the archive's root", () => {
  expect(first.map((r) => [r.module, r.version, r.tag])).toEqual(first.map((r) => [r.module, "1.0.0", `${r.module}/v1.0.0`]));
  for (const r of first) {
    const sum = fs.readFileSync(path.join(out(), `${r.archive}.sha256`), "utf8");
    expect(sum).toBe(`${r.sha256}  ${r.archive}\n`);
    expect(spawnSync("sha256sum", ["-c", `${r.archive}.sha256`], { cwd: out(), encoding: "utf8" }).status).toBe(0);
  }
  const listing = spawnSync("tar", ["-tzf", path.join(out(), athena().archive)], { encoding: "utf8" }).stdout.split("\n");
  expect(listing).toEqual(
    expect.arrayContaining(["./main.tf", "./variables.tf", "./CHANGELOG.md", "./examples/basic/main.tf", "./tests/module.tftest.hcl"]),
  );
});

it("rebuilds an unchanged module byte for byte, at the same version", () => {
  // Synthesized again from scratch: the same bytes.
  const again = releaseModules({ outDir: path.join(dir, "again"), recordDir: record() });
  expect(again.map((r) => [r.module, r.version, r.released, r.sha256])).toEqual(first.map((r) => [r.module, r.version, false, r.sha256]));
});

it("releases nothing when an environment is added or edited: a module's examples come from its own fixture", () => {
  const envs = loadEnvironments();
  const dev = envs.find((e) => e.name === "dev")!;
  const staging = {
    ...dev,
    name: "staging",
    config: { ...dev.config, environment: "staging", account_id: "333333333333", region: "us-east-1" as const },
  };
  const edited = envs.map((e) => (e.name === "prod" ? { ...e, config: { ...e.config, account_id: "444444444444" } } : e));
  const dist = path.join(dir, "dist-more-envs");
  synthesize({ environments: [...edited, staging], distDir: dist });
  const again = releaseModules({ outDir: path.join(dir, "more-envs"), recordDir: record(), distDir: dist, dryRun: true });
  expect(again.map((r) => [r.module, r.version, r.released, r.sha256])).toEqual(first.map((r) => [r.module, r.version, false, r.sha256]));
  const shipped = fs
    .readdirSync(dist, { recursive: true })
    .map(String)
    .filter((f) => f.startsWith("modules/"));
  const text = shipped
    .filter((f) => fs.statSync(path.join(dist, f)).isFile())
    .map((f) => fs.readFileSync(path.join(dist, f), "utf8"))
    .join("\n");
  for (const account of [...envs.map((e) => e.config.account_id), "333333333333", "444444444444"]) expect(text).not.toContain(account);
  expect(text).not.toContain(dev.config.project);
});

/** A copy of the first release's record, and a way to edit a module's recorded interface in it. */
function recordCopy(name: string): { recorded: string; edit: (module: string, f: (i: Json) => void) => void } {
  const recorded = path.join(dir, name);
  fs.cpSync(record(), recorded, { recursive: true });
  const edit = (module: string, f: (i: Json) => void) => {
    const file = path.join(recorded, module, "interface.json");
    const i = JSON.parse(fs.readFileSync(file, "utf8"));
    f(i);
    fs.writeFileSync(file, JSON.stringify(i));
  };
  return { recorded, edit };
}

it("computes the next version from the recorded interface, and writes the changelog", async () => {
  const { recorded, edit } = recordCopy("record-edited");
  edit("athena", (i) => (i.inputs.old_input = { type: "string", required: true, validations: [] })); // since removed: major
  edit("monitoring", (i) => (i.outputs = i.outputs.filter((o: string) => o !== "dashboard_name"))); // since added: minor
  edit("kinesis-ingest", (i) => (i.content_sha256 = "0")); // the body changed: patch
  const next = releaseModules({ outDir: path.join(dir, "next"), recordDir: recorded, distDir: await sharedDist() });
  const version = (m: string) => next.find((r) => r.module === m)!.version;
  expect([version("athena"), version("monitoring"), version("kinesis-ingest"), version("glue-catalog")]).toEqual([
    "2.0.0",
    "1.1.0",
    "1.0.1",
    "1.0.0",
  ]);
  const changelog = fs.readFileSync(path.join(recorded, "athena", "CHANGELOG.md"), "utf8");
  expect(changelog).toBe("# athena changelog\n\n## 2.0.0\n\n- Breaking: input `old_input` removed.\n\n## 1.0.0\n\n- First release.\n");
  expect(JSON.parse(fs.readFileSync(path.join(recorded, "athena", "interface.json"), "utf8")).version).toBe("2.0.0");
});

it("carries a renamed address with a moved block, and makes a destroyed stateful one a major release: before and after", async () => {
  const { recorded, edit } = recordCopy("record-renamed");
  // Before: the last release called athena's workgroup `primary`, and storage had a key it no longer has.
  edit("athena", (i) => {
    i.resources["aws_athena_workgroup.primary"] = i.resources["aws_athena_workgroup.this"];
    delete i.resources["aws_athena_workgroup.this"];
  });
  edit("data-lake-storage", (i) => (i.resources["aws_kms_key.retired"] = { stateful: true, body: "0", replaces_on: {} }));
  const next = releaseModules({ outDir: path.join(dir, "renamed"), recordDir: recorded, distDir: await sharedDist() });
  const release = (m: string) => next.find((r) => r.module === m)!;
  expect([release("athena").version, release("data-lake-storage").version]).toEqual(["1.0.1", "2.0.0"]);
  // After: the archive moves the state, the record keeps the move for every later release, and the changelogs say what happens.
  const archive = path.join(dir, "renamed", release("athena").archive);
  const moved = spawnSync("tar", ["-xzOf", archive, "./moved.tf"], { encoding: "utf8" }).stdout;
  expect(moved).toContain("moved {\n  from = aws_athena_workgroup.primary\n  to   = aws_athena_workgroup.this\n}\n");
  expect(JSON.parse(fs.readFileSync(path.join(recorded, "athena", "moved.json"), "utf8"))).toEqual([
    { from: "aws_athena_workgroup.primary", to: "aws_athena_workgroup.this" },
  ]);
  expect(fs.readFileSync(path.join(recorded, "athena", "CHANGELOG.md"), "utf8")).toContain(
    "- Moved: `aws_athena_workgroup.primary` moved to `aws_athena_workgroup.this`: a `moved` block carries its state.",
  );
  expect(fs.readFileSync(path.join(recorded, "data-lake-storage", "CHANGELOG.md"), "utf8")).toContain(
    "- Breaking: `aws_kms_key.retired` would be destroyed, and with it the key: every object, stream and log it encrypted",
  );
  // synth writes the record's moves into the module it ships, so a root that uses dist/ moves its state too.
  const dist = path.join(dir, "dist-renamed");
  synthesize({ environments: loadEnvironments(), distDir: dist, recordDir: recorded });
  expect(fs.readFileSync(path.join(dist, "modules", "athena", "moved.tf"), "utf8")).toBe(moved);
  // Terraform takes the released module, moved block and all.
  const extracted = path.join(dir, "renamed-extracted");
  fs.mkdirSync(extracted);
  spawnSync("tar", ["-xzf", archive, "-C", extracted]);
  const res = planConsumer("renamed-consumer", extracted, archive);
  expect([res.code, res.stderr]).toEqual([2, ""]);
});

it("is pinned from a git tag <module>/vX.Y.Z, tagged as the release workflow tags it", () => {
  const repo = path.join(dir, "modules-repo");
  fs.mkdirSync(repo);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "lakegen",
    GIT_AUTHOR_EMAIL: "lakegen@example.com",
    GIT_COMMITTER_NAME: "lakegen",
    GIT_COMMITTER_EMAIL: "lakegen@example.com",
  };
  const run = (cmd: string, args: string[]) => {
    const res = spawnSync(cmd, args, { cwd: repo, encoding: "utf8", env });
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${res.stderr}`);
  };
  run("git", ["init", "-q"]);
  run("git", ["commit", "-q", "--allow-empty", "-m", "the project's own history"]);
  run("bash", [path.join(ROOT, ".github", "scripts", "tag-module.sh"), "athena", athena().tag, path.join(out(), athena().archive)]);
  const res = planConsumer("from-git", `git::file://${repo}//athena?ref=${athena().tag}`);
  expect([res.code, res.stderr]).toEqual([2, ""]);
});

describe("from an HTTP archive", () => {
  let server: ReturnType<typeof spawn>;
  let url: string;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", out()], { stdio: "ignore" });
    url = `http://127.0.0.1:${port}/${athena().archive}`;
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) =>
        net
          .connect(port, "127.0.0.1")
          .on("connect", function (this: net.Socket) {
            this.end();
            resolve(true);
          })
          .on("error", () => resolve(false)),
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the archive server did not start");
  });
  afterAll(() => server?.kill());

  it("is pinned by URL with its SHA-256, which Terraform checks", () => {
    const res = planConsumer("from-http", `${url}?checksum=sha256:${athena().sha256}`);
    expect([res.code, res.stderr]).toEqual([2, ""]);
  });

  it("is refused when the checksum does not match", () => {
    const res = planConsumer("from-http-tampered", `${url}?checksum=sha256:${"0".repeat(64)}`);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/checksum/i);
  });
});
