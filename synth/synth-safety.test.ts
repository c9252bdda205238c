/** `lakegen synth` replaces dist/ safely: killed, run twice at once, or next to a plan. */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { providerLockFile } from "../lib/provider-lock";
import { makeTempDir } from "../lib/terraform";
import { listFiles, ROOT } from "../testkit/helpers";

const CLI = path.join(ROOT, "build", "cli", "lakegen.js");

function project(): string {
  const dir = makeTempDir("synth-safety");
  fs.cpSync(path.join(ROOT, "tfvars"), path.join(dir, "tfvars"), { recursive: true });
  fs.cpSync(path.join(ROOT, "usage"), path.join(dir, "usage"), { recursive: true });
  return dir;
}

const synth = (cwd: string) => spawnSync(process.execPath, [CLI, "synth", "--quiet"], { cwd, encoding: "utf8" });

const snapshot = (dir: string) => listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);

/**
 * A synth with its own temp folder, so that anything it leaves there is its leak, killed with `signal` when
 * its progress shows `phase`: mid-synth, whatever the machine's speed. A timer could land before
 * the handlers are set, or after the synth has finished.
 */
function killedSynth(phase: string, signal: NodeJS.Signals): { tmp: string; exited: Promise<Exit> } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lakegen-synth-safety-tmp-"));
  const child = spawn(process.execPath, [CLI, "synth"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, TMPDIR: tmp },
  });
  let progress = "";
  let sent = false;
  child.stderr!.on("data", (chunk) => {
    progress += chunk;
    if (!sent && progress.includes(phase)) sent = child.kill(signal);
  });
  const exited = new Promise<Exit>((resolve) => child.on("close", (code, sig) => resolve({ code, signal: sig })));
  return { tmp, exited };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const leftIn = (tmp: string) => {
  const left = fs.readdirSync(tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
  return left;
};

let dir: string;
let expected: [string, string][];

beforeAll(() => {
  dir = project();
  expect(synth(dir).status).toBe(0);
  expected = snapshot(path.join(dir, "dist")) as [string, string][];
  expect(expected.length).toBeGreaterThan(40);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("lakegen synth", () => {
  it("keeps dist/plans and each root's terraform init, and writes the root's provider lock over a stale one", () => {
    fs.mkdirSync(path.join(dir, "dist", "plans"));
    fs.writeFileSync(path.join(dir, "dist", "plans", "dev.json"), "{}");
    fs.mkdirSync(path.join(dir, "dist", "envs", "dev", ".terraform"));
    fs.writeFileSync(path.join(dir, "dist", "envs", "dev", ".terraform", "marker"), "init");
    fs.writeFileSync(path.join(dir, "dist", "envs", "dev", ".terraform.lock.hcl"), "# lock\n");
    expect(synth(dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "dist", "plans", "dev.json"), "utf8")).toBe("{}");
    expect(fs.readFileSync(path.join(dir, "dist", "envs", "dev", ".terraform", "marker"), "utf8")).toBe("init");
    expect(fs.readFileSync(path.join(dir, "dist", "envs", "dev", ".terraform.lock.hcl"), "utf8")).toBe(providerLockFile());
    fs.rmSync(path.join(dir, "dist", "plans"), { recursive: true });
    fs.rmSync(path.join(dir, "dist", "envs", "dev", ".terraform"), { recursive: true });
  });

  it("never deletes what it did not write: a team's overrides and release archives survive, its own old files go", () => {
    const dist = path.join(dir, "dist");
    const override = path.join(dist, "envs", "dev", "zz_override.tf");
    const archive = path.join(dist, "release", "athena-1.0.0.tar.gz");
    fs.writeFileSync(override, 'provider "aws" {\n  assume_role {\n    role_arn = "arn:aws:iam::111111111111:role/Deploy"\n  }\n}\n');
    fs.mkdirSync(path.dirname(archive));
    fs.writeFileSync(archive, "archive");
    // A file an earlier synth wrote and this one no longer writes.
    const stale = path.join(dist, "modules", "retired", "main.tf");
    fs.mkdirSync(path.dirname(stale));
    fs.writeFileSync(stale, "# retired\n");
    fs.appendFileSync(path.join(dist, ".lakegen-files"), "modules/retired/main.tf\n");
    expect(synth(dir).status).toBe(0);
    expect(fs.readFileSync(override, "utf8")).toContain("assume_role");
    expect(fs.readFileSync(archive, "utf8")).toBe("archive");
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.statSync(dist).mode & 0o777).toBe(0o777 & ~process.umask());
    fs.rmSync(override);
    fs.rmSync(path.dirname(archive), { recursive: true });
    expect(synth(dir).status).toBe(0);
  });

  it("runs twice at once: both succeed, one after the other, and dist/ is whole", async () => {
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [CLI, "synth", "--quiet"], { cwd: dir, stdio: "ignore" });
        child.on("close", (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([run(), run(), run()]);
    expect(codes).toEqual([0, 0, 0]);
    expect(snapshot(path.join(dir, "dist"))).toEqual(expected);
    expect(fs.existsSync(path.join(dir, "dist.lock"))).toBe(false);
  });

  // While it validates, Node's default ends it; once the synth has begun, it runs to its end and then exits 143.
  it.each([
    ["validating tfvars", { code: null, signal: "SIGTERM" }],
    ["synthesizing dev, prod", { code: 143, signal: null }],
    ["module  etl-pipeline", { code: 143, signal: null }],
  ])("killed with SIGTERM at %j, leaves a whole dist/ and no scratch", async (phase, landed) => {
    const { tmp, exited } = killedSynth(phase, "SIGTERM");
    // The signal was sent once, at the phase, and it landed: never a 0 from a synth that ignored it.
    expect(await exited).toEqual(landed);
    expect(snapshot(path.join(dir, "dist"))).toEqual(expected);
    expect(leftIn(tmp)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(["dist", "tfvars", "usage"]);
  });

  it("after a SIGKILL, the next synth sweeps what the dead one left", async () => {
    const { tmp, exited } = killedSynth("module  lake-formation", "SIGKILL");
    expect(await exited).toEqual({ code: null, signal: "SIGKILL" });
    // Something was left to sweep: the dead synth's scratch, in its temp folder or beside dist/.
    const left = [...fs.readdirSync(tmp), ...fs.readdirSync(dir).filter((f) => !["dist", "tfvars", "usage"].includes(f))];
    expect(left.length).toBeGreaterThan(0);
    const next = spawnSync(process.execPath, [CLI, "synth", "--quiet"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(next.status).toBe(0);
    expect(snapshot(path.join(dir, "dist"))).toEqual(expected);
    expect(leftIn(tmp)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(["dist", "tfvars", "usage"]);
  });
});

describe("a scratch directory", () => {
  it("is removed by lakegen's handler on SIGTERM, which exits 128 + 15", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lakegen-scratch-signal-"));
    const script = `const s = require(${JSON.stringify(path.join(ROOT, "build", "lib", "atomic-dir.js"))}).scratchDir("signal");
      require("node:fs").writeFileSync(require("node:path").join(s.dir, "half-written"), "x");
      console.log(s.dir);
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TMPDIR: tmp } });
    const scratch = await new Promise<string>((resolve) => child.stdout!.once("data", (d) => resolve(String(d).trim())));
    expect(fs.existsSync(path.join(scratch, "half-written"))).toBe(true);
    const exited = new Promise<Exit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(leftIn(tmp)).toEqual([]);
  });
});
