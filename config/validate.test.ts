/** `lakegen validate` and `lakegen synth` on invalid tfvars, through the real CLI. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../lib/terraform";
import { ROOT } from "../testkit/helpers";
import { INVALID_CASES, SYNTAX_CASES } from "../testkit/invalid-cases";

const CLI = path.join(ROOT, "build", "cli", "lakegen.js");
const lakegen = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
const base = (env: string) => fs.readFileSync(path.join(ROOT, "tfvars", `${env}.tfvars`), "utf8");

describe("lakegen validate", () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir("invalid");
    for (const c of [...INVALID_CASES, ...SYNTAX_CASES]) {
      fs.writeFileSync(path.join(dir, `${c.name}.tfvars`), c.edit(base(c.base)));
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts the shipped environments with exit code 0", () => {
    const res = lakegen(["validate"]);
    expect(res.stdout).toBe("tfvars/dev.tfvars: ok\ntfvars/prod.tfvars: ok\n");
    expect(res.status).toBe(0);
  });

  it(`rejects ${INVALID_CASES.length} invalid files, each at its key path, with exit code 1`, () => {
    expect(INVALID_CASES.length).toBeGreaterThanOrEqual(20);
    const files = INVALID_CASES.map((c) => path.join(dir, `${c.name}.tfvars`));
    const res = lakegen(["validate", ...files]);
    expect(res.status).toBe(1);
    const lines = res.stdout.trim().split("\n");
    for (const c of INVALID_CASES) {
      const prefix = `${path.join(dir, c.name)}.tfvars: ${c.path}: `;
      expect([c.name, lines.some((l) => l.startsWith(prefix))]).toEqual([c.name, true]);
    }
    // Every file had a problem: no "ok" line.
    expect(lines.filter((l) => l.endsWith(": ok"))).toEqual([]);
  });

  it("reports syntax errors with file, line and column", () => {
    for (const c of SYNTAX_CASES) {
      const file = path.join(dir, `${c.name}.tfvars`);
      const res = lakegen(["validate", file]);
      expect(res.status).toBe(1);
      expect(res.stdout.startsWith(`${file}${c.at}`)).toBe(true);
      expect(res.stdout).toMatch(c.reason);
    }
  });

  it("exits 2 on usage errors and prints help on --help", () => {
    expect(lakegen(["frobnicate"]).status).toBe(2);
    expect(lakegen(["frobnicate"]).stderr).toContain('unknown command "frobnicate"');
    const help = lakegen(["validate", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: lakegen validate");
    expect(lakegen(["plan"]).status).toBe(2);
  });
});

describe("lakegen synth with invalid tfvars", () => {
  it("writes nothing and leaves an existing dist/ untouched", () => {
    const project = makeTempDir("project");
    try {
      fs.mkdirSync(path.join(project, "tfvars"));
      fs.writeFileSync(path.join(project, "tfvars", "dev.tfvars"), base("dev"));
      fs.writeFileSync(
        path.join(project, "tfvars", "prod.tfvars"),
        base("prod").replace("max_executors        = 20", "max_executors        = 40"),
      );
      fs.mkdirSync(path.join(project, "dist"));
      fs.writeFileSync(path.join(project, "dist", "marker"), "before");

      const res = lakegen(["synth"], project);
      expect(res.status).toBe(1);
      expect(res.stderr).toContain("tfvars/prod.tfvars: emr.max_executors: ");
      expect(res.stderr).toContain("nothing was written");
      expect(fs.readdirSync(path.join(project, "dist"))).toEqual(["marker"]);
      expect(fs.readFileSync(path.join(project, "dist", "marker"), "utf8")).toBe("before");
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("requires each environment file to name its environment", () => {
    const project = makeTempDir("project");
    try {
      fs.mkdirSync(path.join(project, "tfvars"));
      fs.writeFileSync(path.join(project, "tfvars", "staging.tfvars"), base("dev"));
      const res = lakegen(["validate"], project);
      expect(res.status).toBe(1);
      expect(res.stdout).toContain('tfvars/staging.tfvars: environment: must be "staging", the name of the file');
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
