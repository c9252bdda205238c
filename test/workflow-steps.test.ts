/**
 * The workflows that gate, apply, release or report, run step by step as GitHub runs them
 * (testkit/github-steps.ts: each step's own shell semantics, `bash -e {0}` when none is set).
 * Stand-ins on PATH answer for npm, terraform, gh, git and lakegen and log each call; jq and tar
 * and node are the real programs behind a logging stand-in. The .github/scripts the steps call are real.
 *
 * For every job: with every call succeeding, the job passes; then each call it made is failed
 * in turn, and the job must fail, unless the call is listed in TOLERATED with the reason its
 * failure is expected. What this does not prove: that GitHub's actions (`uses:`) behave, that
 * the expressions evaluate as given here, or anything about AWS.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../lib/terraform";
import { parse } from "yaml";
import { type GithubRole, githubRoleSubject } from "../deploy/identity";
import {
  effectiveShell,
  failsOnPipes,
  type Job,
  type JobRun,
  pipes,
  readWorkflow,
  runJob,
  stepLabel,
  type Workflow,
} from "../testkit/github-steps";
import { ROOT } from "../testkit/helpers";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const GATING = ["apply.yml", "pr.yml", "drift.yml", "release.yml", "publish.yml"];
const ENV = "prod";

/** Calls whose failure the job is meant to survive, with why. */
const TOLERATED: { workflow: string; call: RegExp; why: string }[] = [
  {
    workflow: "pr.yml",
    call: /^lakegen pr --base \S+ --head \S+$|^lakegen check \S+ --format markdown$/,
    why: "renders the report again for the comment; the SARIF run of the same command is the gate",
  },
  { workflow: "release.yml", call: /^git diff --cached --quiet$/, why: "its exit status answers whether the record changed" },
  { workflow: "publish.yml", call: /^gh release view \S+$/, why: "its exit status answers whether the tag's GitHub release exists" },
];

/** A stand-in: logs `name args` and exits 1 when that exact line is in STANDIN_FAIL; else runs `body`. */
function standIn(file: string, name: string, body: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const script = [
    "#!/usr/bin/env bash",
    `line="${name} $*"`,
    // Each run has its own folder, and mktemp's names differ run to run: the log names places alike.
    'line=${line//"$STANDIN_ROOT"/<runner>}',
    'line=$(printf "%s" "$line" | sed -E "s#/tmp\\.[A-Za-z0-9]{10}#/tmp.X#g"; echo .) && line=${line%.}',
    'printf "%s\\0" "$line" >> "$STANDIN_LOG"',
    'if [ -n "${STANDIN_FAIL:-}" ] && [ "$line" = "$STANDIN_FAIL" ]; then echo "stand-in: $line fails" >&2; exit 1; fi',
    body,
  ].join("\n");
  fs.writeFileSync(file, `${script}\n`, { mode: 0o755 });
}

const real = (cmd: string) => {
  for (const dir of (process.env.PATH ?? "").split(":")) if (fs.existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  throw new Error(`${cmd} is not on PATH`);
};

/** The runner's stand-ins, and a workspace holding the checkout's scripts, build and tfvars. */
function makeRunner(scratch: string): { workspace: string; bin: string } {
  const bin = path.join(scratch, "bin");
  const workspace = path.join(scratch, "workspace");
  fs.mkdirSync(workspace, { recursive: true });
  for (const dir of [".github", "build", "tfvars", "package.json"]) fs.symlinkSync(path.join(ROOT, dir), path.join(workspace, dir));
  standIn(path.join(bin, "npm"), "npm", "exit 0");
  standIn(path.join(bin, "npx"), "npx", "exit 0");
  standIn(
    path.join(bin, "terraform"),
    "terraform",
    `case "$*" in *"show -json"*) echo '{}' ;; esac\nfor a in "$@"; do case "$a" in -out=*) touch "\${a#-out=}" ;; esac; done`,
  );
  standIn(path.join(bin, "gh"), "gh", `case "$*" in *"/commits/"*"/pulls"*) echo 7 ;; esac`);
  standIn(
    path.join(bin, "git"),
    "git",
    [
      'case "$1 $2" in',
      '  "worktree add") mkdir -p "$3/tfvars"; [ -z "${STANDIN_BASE_ENV:-}" ] || touch "$3/tfvars/$STANDIN_BASE_ENV.tfvars" ;;',
      '  "diff --cached") exit 1 ;;',
      // No tag is published yet (--exit-code answers 2, "no such ref"), unless STANDIN_TAGS=all.
      '  "ls-remote --exit-code") [ "${STANDIN_TAGS:-}" = all ] || exit 2 ;;',
      '  "write-tree "*|write-tree*) echo 4b825dc642cb6eb9a060e54bf8d69288fbee4904 ;;',
      "esac",
      'case "$*" in *commit-tree*) echo 1111111111111111111111111111111111111111 ;; esac',
    ].join("\n"),
  );
  standIn(path.join(bin, "gpg"), "gpg", 'while [ $# -gt 0 ]; do [ "$1" = "--output" ] && touch "$2"; shift; done');
  standIn(path.join(bin, "jq"), "jq", `exec ${real("jq")} "$@"`);
  standIn(path.join(bin, "tar"), "tar", `exec ${real("tar")} "$@"`);
  standIn(path.join(bin, "node"), "node", `exec ${real("node")} "$@"`);
  standIn(
    path.join(workspace, "bin", "lakegen.js"),
    "lakegen",
    [
      'case "$1" in',
      "  release)",
      '    mkdir -p "$3/m" && echo "# m" > "$3/m/main.tf"',
      '    (cd "$3/m" && tar -czf ../storage-1.0.0.tgz main.tf) && touch "$3/storage-1.0.0.tgz.sha256" || exit 1',
      '    released=true; [ "${4:-}" = --dry-run ] && [ -z "${STANDIN_CHANGED:-}" ] && released=false',
      `    echo '[{"module":"storage","tag":"storage/v1.0.0","archive":"storage-1.0.0.tgz",'\\`,
      `'"released":'"$released"'}]' > "$3/release.json" ;;`,
      "esac",
      'for a in "$@"; do [ "${prev:-}" = "--output" ] && echo "{}" > "$a"; prev=$a; done',
      'echo "lakegen report"',
    ].join("\n"),
  );
  standIn(path.join(workspace, "test", "python", "run.sh"), "pyspark-tests", "exit 0");
  return { workspace, bin };
}

const EXPRESSIONS = {
  "matrix.env": ENV,
  "matrix.region": "eu-west-1",
  "github.sha": "0123abc",
  "github.run_id": "42",
  "github.token": "token",
  "github.event.pull_request.number": "7",
  "github.event.pull_request.base.sha": "base123",
  "github.event.pull_request.head.sha": "head123",
  "vars[format('AWS_PLAN_ROLE_ARN_{0}', matrix.env)]": "arn:aws:iam::222222222222:role/plan",
  "vars[format('AWS_PR_ROLE_ARN_{0}', matrix.env)]": "arn:aws:iam::222222222222:role/pr",
  "vars.AWS_APPLY_ROLE_ARN": "arn:aws:iam::222222222222:role/apply",
  "env.PLAN_ROLE_ARN": "arn:aws:iam::222222222222:role/plan",
  "secrets.LAKEGEN_PLAN_PASSPHRASE": "a passphrase",
  "secrets.RELEASE_TOKEN": "a release token",
};
const CONDITIONS = { "env.PLAN_ROLE_ARN == ''": false };

interface Case {
  workflow: string;
  job: string;
  /** Extra environment for the stand-ins (a base branch that has the environment). */
  env?: NodeJS.ProcessEnv;
  label?: string;
}
const CASES: Case[] = [
  { workflow: "apply.yml", job: "environments" },
  { workflow: "apply.yml", job: "plan" },
  { workflow: "apply.yml", job: "apply" },
  { workflow: "pr.yml", job: "checks" },
  { workflow: "pr.yml", job: "environments" },
  { workflow: "pr.yml", job: "plan", label: "a new environment" },
  { workflow: "pr.yml", job: "plan", env: { STANDIN_BASE_ENV: ENV }, label: "the base has the environment" },
  { workflow: "drift.yml", job: "environments" },
  { workflow: "drift.yml", job: "drift" },
  { workflow: "release.yml", job: "release" },
  { workflow: "publish.yml", job: "publish" },
];

it("covers every job of the workflows that gate, apply, release or report", () => {
  const jobs = GATING.flatMap((file) => Object.keys(readWorkflow(path.join(WORKFLOWS, file)).jobs).map((job) => `${file} ${job}`));
  expect(jobs.filter((j) => !CASES.some((c) => `${c.workflow} ${c.job}` === j))).toEqual([]);
});

let scratch: string;
beforeAll(() => {
  scratch = makeTempDir("workflow-steps");
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let runs = 0;
/** Runs one job in a fresh runner; returns its result and the calls its steps made. */
function run(
  c: Case,
  fail?: string,
  extraEnv: NodeJS.ProcessEnv = {},
  seed: Record<string, string> = {},
): { job: JobRun; calls: string[] } {
  const dir = path.join(scratch, `run-${runs++}`);
  const { workspace, bin } = makeRunner(dir);
  for (const [file, text] of Object.entries(seed)) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), text);
  }
  const temp = path.join(dir, "runner-temp");
  fs.mkdirSync(temp);
  fs.mkdirSync(path.join(workspace, "plans"));
  fs.writeFileSync(path.join(workspace, "plans", `${ENV}.tfplan.gpg`), ""); // what download-artifact gives apply
  const log = path.join(dir, "calls.log");
  const files = Object.fromEntries(
    ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH"].map((k) => [k, path.join(temp, k)]),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: dir,
    TMPDIR: temp,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_REPOSITORY: "acme/lake",
    GITHUB_SHA: EXPRESSIONS["github.sha"],
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    STANDIN_LOG: log,
    STANDIN_ROOT: dir,
    ...(fail === undefined ? {} : { STANDIN_FAIL: fail }),
    ...files,
    ...c.env,
    ...extraEnv,
  };
  const job = runJob(readWorkflow(path.join(WORKFLOWS, c.workflow)), c.job, {
    workspace,
    runnerTemp: temp,
    expressions: EXPRESSIONS,
    conditions: CONDITIONS,
    env,
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\0").slice(0, -1) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { job, calls };
}

describe.each(CASES)("$workflow, job $job $label", (c) => {
  let calls: string[] = [];
  it("passes when every call it makes succeeds", () => {
    const res = run(c);
    expect({ failed: res.job.failedStep, output: res.job.code === 0 ? "" : res.job.output }).toEqual({ failed: undefined, output: "" });
    expect(res.calls.length).toBeGreaterThan(0);
    calls = [...new Set(res.calls)];
  });

  it("fails when any call it makes fails, unless that failure is expected", () => {
    expect(calls.length).toBeGreaterThan(0);
    const tolerated = (call: string) => TOLERATED.some((t) => t.workflow === c.workflow && t.call.test(call));
    const wrong = calls
      .map((call) => ({ call, passed: run(c, call).job.code === 0 }))
      .filter(({ call, passed }) => passed !== tolerated(call))
      .map(({ call, passed }) => `${call}: the job ${passed ? "passed" : "failed"}`);
    expect(wrong).toEqual([]);
  });
});

describe("releases are reviewed before they are published", () => {
  const release = readWorkflow(path.join(WORKFLOWS, "release.yml"));
  const publish = readWorkflow(path.join(WORKFLOWS, "publish.yml"));
  const text = (w: Workflow) => JSON.stringify(w);

  it("proposes from main only, opening the pull request with a token whose pull requests run their checks", () => {
    expect(release.jobs.release.if).toBe("github.ref == 'refs/heads/main'");
    const calls = run({ workflow: "release.yml", job: "release" }).calls;
    expect(calls).toContain("git push -u origin release/42");
    expect(calls.some((c) => c.startsWith("gh pr create --base main"))).toBe(true);
    expect(text(release)).toContain("secrets.RELEASE_TOKEN");
    expect(text(release)).not.toContain("github.token");
  });

  it("tags and publishes nothing before the pull request merges", () => {
    const calls = run({ workflow: "release.yml", job: "release" }).calls;
    expect(calls.filter((c) => /^git (tag|push origin refs\/tags)|^gh release/.test(c))).toEqual([]);
    expect(release.permissions).toEqual({ contents: "read" });
  });

  it("publishes on a push to main, each recorded version without a tag, then lakegen's own", () => {
    expect(publish.on).toMatchObject({ push: { branches: ["main"] } });
    expect(publish.jobs.publish.if).toBe("github.ref == 'refs/heads/main'");
    const calls = run({ workflow: "publish.yml", job: "publish" }).calls;
    expect(calls).toContain("lakegen release --out release --dry-run");
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    expect(calls.filter((c) => /^git (tag|push)|^gh release/.test(c))).toEqual([
      "git tag storage/v1.0.0 1111111111111111111111111111111111111111",
      "git push origin refs/tags/storage/v1.0.0",
      "gh release create storage/v1.0.0 release/storage-1.0.0.tgz release/storage-1.0.0.tgz.sha256 --title storage/v1.0.0 " +
        "--notes-file releases/storage/CHANGELOG.md",
      `git tag lakegen/v${version} HEAD`,
      `git push origin refs/tags/lakegen/v${version}`,
      `gh release create lakegen/v${version} --title lakegen/v${version} --notes-file docs/upgrading.md`,
    ]);
  });

  it("skips a version already published, so a run that stopped halfway runs again", () => {
    const calls = run({ workflow: "publish.yml", job: "publish" }, undefined, { STANDIN_TAGS: "all" }).calls;
    expect(calls.filter((c) => /^git (tag|push)|^gh release (create|upload)/.test(c))).toEqual([]);
  });

  it("finishes a version whose tag was pushed but whose GitHub release was not created", () => {
    const calls = run({ workflow: "publish.yml", job: "publish" }, "gh release view storage/v1.0.0", { STANDIN_TAGS: "all" }).calls;
    expect(calls.filter((c) => /^git (tag|push)|^gh release create/.test(c))).toEqual([
      "gh release create storage/v1.0.0 release/storage-1.0.0.tgz release/storage-1.0.0.tgz.sha256 --title storage/v1.0.0 " +
        "--notes-file releases/storage/CHANGELOG.md",
    ]);
  });

  it("stops when a recorded version was never published and the module has changed since, instead of skipping past it", () => {
    const res = run(
      { workflow: "publish.yml", job: "publish" },
      undefined,
      { STANDIN_CHANGED: "1" },
      {
        "releases/storage/interface.json": '{ "version": "1.0.0" }',
      },
    );
    expect(res.job.code).not.toBe(0);
    expect(res.job.output).toContain("storage/v1.0.0: recorded, never published, and the module has changed since");
    expect(res.calls.filter((c) => /^git (tag|push)|^gh release create/.test(c))).toEqual([]);
  });
});

it("the apply gate stops the apply when lakegen check finds a problem", () => {
  const res = run(
    { workflow: "apply.yml", job: "plan" },
    `lakegen check plans/${ENV}.json --format markdown --source-root dist/envs/${ENV}`,
  );
  expect(res.job.failedStep).toBe("the gate (findings at high or above stop the apply)");
  expect(res.job.output).toContain("stand-in: lakegen check");
});

it("the gate and the pull request's report read the environment's waivers, when it has them", () => {
  const waivers = { [`waivers/${ENV}.yml`]: "[]\n" };
  const gate = run({ workflow: "apply.yml", job: "plan" }, undefined, {}, waivers).calls;
  expect(gate).toContain(`lakegen check plans/${ENV}.json --format markdown --source-root dist/envs/${ENV} --waivers waivers/${ENV}.yml`);
  const pr = run({ workflow: "pr.yml", job: "plan", label: "the base has the environment" }, undefined, { STANDIN_BASE_ENV: ENV }, waivers);
  const reports = pr.calls.filter((c) => /^lakegen (pr|check) /.test(c));
  expect(reports.length).toBeGreaterThan(0);
  expect(reports.filter((c) => !c.endsWith(`--waivers waivers/${ENV}.yml`))).toEqual([]);
  // Without the file, no option: an environment without waivers is checked as before.
  expect(run({ workflow: "apply.yml", job: "plan" }).calls.filter((c) => c.includes("--waivers"))).toEqual([]);
});

describe("every step that pipes sets a shell that fails on any command of the pipe", () => {
  const steps = fs
    .readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((file) => {
      const wf: Workflow = readWorkflow(path.join(WORKFLOWS, file));
      return Object.entries(wf.jobs).flatMap(([id, job]) =>
        job.steps.filter((s) => s.run !== undefined && pipes(s.run)).map((s) => ({ where: `${file} ${id} / ${stepLabel(s)}`, wf, job, s })),
      );
    });

  it("finds the steps that pipe", () => expect(steps.length).toBeGreaterThan(0));

  it.each(steps.map((x) => [x.where, x] as const))("%s", (_, { wf, job, s }) => {
    expect(s.shell).toBeDefined();
    expect(failsOnPipes(effectiveShell(wf, job, s))).toBe(true);
  });
});

describe("the step runner", () => {
  it("runs a step with no shell as bash -e, which passes a failing command piped into another", () => {
    const wf: Workflow = { jobs: { j: { steps: [{ run: "false | cat" }, { run: "false | cat", shell: "bash" }] } } };
    const res = runJob(wf, "j", { workspace: scratch, runnerTemp: scratch, expressions: {}, env: { PATH: process.env.PATH } });
    expect(res).toMatchObject({ failedStep: "Run false | cat", ran: ["Run false | cat", "Run false | cat"] });
  });

  it("refuses an expression it was given no value for", () => {
    const wf: Workflow = { jobs: { j: { steps: [{ run: "echo ${{ github.actor }}" }] } } };
    expect(() => runJob(wf, "j", { workspace: scratch, runnerTemp: scratch, expressions: {}, env: {} })).toThrow(/github\.actor/);
  });

  it("reads pipes, not ||, quoted bars or comments", () => {
    expect([pipes("a | b"), pipes("a || b"), pipes("echo 'a|b'"), pipes("a # x | y"), pipes("a |& b")]).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
  });
});

describe("each job assumes the role whose trust accepts the token GitHub gives it (deploy/identity.ts)", () => {
  // The token's subject: a job with an environment gets environment:<env>; else the event's.
  const subjectOf = (on: Record<string, unknown>, job: Job): GithubRole =>
    job.environment ? "apply" : "pull_request" in on ? "pr" : "plan";
  const VARIABLE: Record<GithubRole, string> = { pr: "AWS_PR_ROLE_ARN", plan: "AWS_PLAN_ROLE_ARN", apply: "AWS_APPLY_ROLE_ARN" };
  const jobs = ["pr.yml", "apply.yml", "drift.yml"].flatMap((file) => {
    const raw = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8"));
    const on = (typeof raw.on === "string" ? { [raw.on]: null } : raw.on) as Record<string, unknown>;
    return Object.entries(readWorkflow(path.join(ROOT, ".github", "workflows", file)).jobs).flatMap(([name, job]) =>
      job.steps
        .filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"))
        .map((s) => {
          const given = String(s.with?.["role-to-assume"] ?? "");
          const expression = given.replace(/\$\{\{\s*env\.([A-Z_]+)\s*\}\}/, (_, v: string) => String(job.env?.[v] ?? ""));
          return [`${file} ${name}`, subjectOf(on, job), /AWS_[A-Z]+_ROLE_ARN/.exec(expression)?.[0]] as const;
        }),
    );
  });

  it("finds the jobs that assume a role", () =>
    expect(jobs.map(([where]) => where).sort()).toEqual(["apply.yml apply", "apply.yml plan", "drift.yml drift", "pr.yml plan"]));

  it.each(jobs)("%s: its token is %s's subject, and it assumes that role", (_where, role, variable) => {
    expect(variable).toBe(VARIABLE[role]);
    expect(githubRoleSubject("acme/lake", role, ENV)).toMatch(
      { pr: /:pull_request$/, plan: /:ref:refs\/heads\/main$/, apply: new RegExp(`:environment:${ENV}$`) }[role],
    );
  });
});
