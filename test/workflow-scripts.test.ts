/**
 * The scripts the workflows call, run for real with stand-ins for `gh` and
 * `terraform` on PATH that record their arguments: what GitHub and AWS are
 * asked is checked, not what they answer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { makeTempDir } from "../lib/terraform";
import { environmentConfig, ROOT } from "../testkit/helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const SCRIPTS = path.join(ROOT, ".github", "scripts");
let bin: string;
let log: string;

/** A stand-in command: appends its arguments to the log, prints `output`, exits with `code`. */
function standIn(name: string, script: string): void {
  fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\nprintf '${name} %s\\n' "$*" >> "${log}"\n${script}\n`, { mode: 0o755 });
}

const run = (script: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) =>
  spawnSync("bash", [path.join(SCRIPTS, script), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_REPOSITORY: "acme/lake", ...env },
  });
const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);

beforeEach(() => {
  bin = makeTempDir("workflow-bin");
  log = path.join(bin, "calls.log");
});
afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

it("environments.sh lists each environment with its own region, prod last, as apply applies them in that order", () => {
  const res = run("environments.sh", []);
  expect(res.status).toBe(0);
  expect(JSON.parse(res.stdout)).toEqual(["dev", "prod"].map((env) => ({ env, region: environmentConfig(env).region })));
});

describe("apply.yml", () => {
  const wf = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "apply.yml"), "utf8"));

  it("plans and applies main only, dispatch included", () => {
    expect([wf.jobs.plan.if, wf.jobs.apply.if]).toEqual(["github.ref == 'refs/heads/main'", "github.ref == 'refs/heads/main'"]);
  });

  it("applies one environment at a time, in the matrix's order, and stops at the first that fails", () => {
    expect(wf.jobs.apply.strategy).toMatchObject({ "fail-fast": true, "max-parallel": 1 });
  });

  it("keeps no readable plan as an artifact: apply's travels encrypted, pr keeps only the report", () => {
    const pr = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "pr.yml"), "utf8"));
    const uploads = (w: { jobs: Record<string, { steps: { uses?: string; with?: { path?: string } }[] }> }) =>
      Object.values(w.jobs).flatMap((j) =>
        j.steps.filter((s) => s.uses?.startsWith("actions/upload-artifact")).map((s) => String(s.with?.path)),
      );
    expect(uploads(wf)).toEqual(["plans/${{ matrix.env }}.tfplan.gpg"]);
    expect(uploads(pr).join("\n")).not.toMatch(/tfplan|\.json|\.\*/);
  });

  it("runs one apply at a time and never cancels one, in a group drift does not share", () => {
    const drift = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "drift.yml"), "utf8"));
    expect(wf.concurrency).toEqual({ group: "apply", "cancel-in-progress": false });
    expect(Object.values<{ concurrency?: unknown }>(wf.jobs).map((j) => j.concurrency)).toEqual([undefined, undefined, undefined]);
    expect(drift.jobs.drift.concurrency.group).not.toMatch(/^apply/);
  });
});

describe("upsert-comment.sh", () => {
  it("creates the environment's comment when the pull request has none", () => {
    standIn("gh", 'case "$*" in *"--paginate"*) echo "" ;; esac');
    const body = path.join(bin, "body.md");
    fs.writeFileSync(body, "Passes\n");
    const res = run("upsert-comment.sh", ["12", "prod", body]);
    expect(res.status).toBe(0);
    // The body spans lines in the log: the marker, then the report.
    expect(calls().slice(1)).toEqual(["gh api -X POST repos/acme/lake/issues/12/comments -f body=<!-- lakegen:prod -->", "Passes"]);
  });

  it("updates the comment that carries the marker, instead of adding one", () => {
    standIn("gh", 'case "$*" in *"--paginate"*) echo 9876 ;; esac');
    const body = path.join(bin, "body.md");
    fs.writeFileSync(body, "Fails\n");
    const res = run("upsert-comment.sh", ["12", "prod", body]);
    expect(res.status).toBe(0);
    expect(calls()[0]).toContain('select(.user.login == "github-actions[bot]" and (.body | startswith("<!-- lakegen:prod -->")))');
    expect(calls().slice(1)).toEqual(["gh api -X PATCH repos/acme/lake/issues/comments/9876 -f body=<!-- lakegen:prod -->", "Fails"]);
    expect(calls().filter((c) => c.includes("POST"))).toEqual([]);
  });
});

describe("report-drift.sh", () => {
  const plan = () => {
    const f = path.join(bin, "plan.txt");
    fs.writeFileSync(f, "  # aws_s3_bucket.this will be updated in-place\n");
    return f;
  };

  it("opens an issue when an environment drifts and none is open", () => {
    standIn("gh", 'case "$1 $2" in "issue list") echo "" ;; esac');
    const res = run("report-drift.sh", ["prod", "2", plan()]);
    expect(res.status).toBe(0);
    expect(calls()[1]).toMatch(/^gh label create drift --force /);
    expect(calls()[2]).toMatch(/^gh issue create --title Drift in prod --label drift --body-file /);
  });

  it("comments on the open issue while it still drifts, and closes it once it does not", () => {
    standIn("gh", 'case "$1 $2" in "issue list") echo 41 ;; esac');
    expect(run("report-drift.sh", ["prod", "2", plan()]).status).toBe(0);
    expect(run("report-drift.sh", ["prod", "0", plan()]).status).toBe(0);
    const acts = calls().filter((c) => !c.startsWith("gh issue list"));
    expect(acts[0]).toMatch(/^gh issue comment 41 --body-file /);
    expect(acts[1]).toMatch(/^gh issue close 41 --comment No drift in prod/);
  });

  it("fails, and reports nothing, when the plan itself failed", () => {
    standIn("gh", 'echo ""');
    const res = run("report-drift.sh", ["prod", "1", plan()]);
    expect(res.status).toBe(1);
    expect(calls().filter((c) => !c.startsWith("gh issue list"))).toEqual([]);
  });
});

it("plan-env.sh plans against the state with a role, and saves the plan for apply", () => {
  standIn("terraform", 'case "$*" in *"show -json"*) echo "{}" ;; esac');
  const work = makeTempDir("plan-env");
  try {
    const res = run("plan-env.sh", ["prod"], { PLAN_ROLE_ARN: "arn:aws:iam::222222222222:role/plan" }, work);
    expect(res.status).toBe(0);
    expect(calls()).toEqual([
      "terraform -chdir=dist/envs/prod init -input=false -no-color -lockfile=readonly",
      `terraform -chdir=dist/envs/prod plan -input=false -lock=false -no-color -out=${work}/plans/prod.tfplan`,
      `terraform -chdir=dist/envs/prod show -json ${work}/plans/prod.tfplan`,
    ]);
    expect(fs.readFileSync(path.join(work, "plans", "prod.json"), "utf8")).toBe("{}\n");
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe("reviewed-plan.sh: apply applies only the plan the merged pull request showed", () => {
  let work: string;
  const PLAN = {
    format_version: "1.2",
    resource_changes: [
      { address: "aws_s3_bucket.raw", type: "aws_s3_bucket", name: "raw", mode: "managed", change: { actions: ["delete", "create"] } },
    ],
  };
  beforeEach(() => {
    work = makeTempDir("reviewed");
    fs.mkdirSync(path.join(work, "plans"));
    fs.mkdirSync(path.join(work, "bin"));
    fs.symlinkSync(path.join(ROOT, "bin", "lakegen.js"), path.join(work, "bin", "lakegen.js"));
    fs.writeFileSync(path.join(work, "plans", "prod.json"), JSON.stringify(PLAN));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  /** gh answers from fixtures, through its --jq filter (run by jq): the commit's pull requests, and the comments. */
  const gh = (pulls: Json[], comments: Json[]) => {
    fs.writeFileSync(path.join(bin, "pulls.json"), JSON.stringify(pulls));
    fs.writeFileSync(path.join(bin, "comments.json"), JSON.stringify(comments));
    standIn(
      "gh",
      [
        'prev=""; for a in "$@"; do [ "$prev" = "--jq" ] && filter=$a; prev=$a; done',
        `case "$2" in *"/pulls") f=pulls.json ;; *) f=comments.json ;; esac`,
        `jq -r "$filter" < "${bin}/$f"`,
      ].join("\n"),
    );
  };
  const merged = (number: number, sha = "abc123", base = "main") => ({
    number,
    merged_at: "2026-12-01T00:00:00Z",
    merge_commit_sha: sha,
    base: { ref: base },
  });
  const comment = (login: string, body: string) => ({ user: { login }, body });
  const BOT = "github-actions[bot]";
  const marker = () =>
    spawnSync("node", [path.join(ROOT, "bin", "lakegen.js"), "reviewed", path.join(work, "plans", "prod.json")], { encoding: "utf8" })
      .stdout;
  const reviewed = () => run("reviewed-plan.sh", ["prod"], { GITHUB_SHA: "abc123", REVIEWED_RETRY_SECONDS: "0" }, work);

  it("passes when the merged pull request's comment holds this plan's marker", () => {
    // Another author's comment that carries the marker is not the report: it is ignored.
    gh(
      [merged(12)],
      [
        comment("mallory", `<!-- lakegen:prod -->\n<!-- lakegen-reviewed ${"0".repeat(16)} -->`),
        comment(BOT, `<!-- lakegen:prod -->\n## lakegen: prod\n${marker()}`),
      ],
    );
    const res = reviewed();
    expect([res.status, res.stderr]).toEqual([
      0,
      expect.stringContaining("the plan is the reviewed one (1 consequences, each shown by the pull request)"),
    ]);
    expect(calls()).toEqual([
      'gh api repos/acme/lake/commits/abc123/pulls --jq [.[] | select(.merged_at != null and .base.ref == "main" and ' +
        '.merge_commit_sha == "abc123")][0].number // empty',
      'gh api repos/acme/lake/issues/12/comments --paginate --jq .[] | select(.user.login == "github-actions[bot]" and (.body | ' +
        'startswith("<!-- lakegen:prod -->"))) | .body',
    ]);
  });

  it("fails when the plan destroys, replaces or grants otherwise than the pull request showed, and lists what it does", () => {
    // The bot's report is the one read, even when another author's comment carries this plan's marker.
    gh(
      [merged(12)],
      [
        comment(BOT, `<!-- lakegen:prod -->\n<!-- lakegen-reviewed ${"0".repeat(16)} -->`),
        comment("mallory", `<!-- lakegen:prod -->\n${marker()}`),
      ],
    );
    const res = reviewed();
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      "is not the reviewed plan: 1 of its 1 consequences (destroys, replacements, grants) were not in the pull request's plan",
    );
    expect(res.stderr).toContain("replace aws_s3_bucket.raw");
  });

  it("fails when the comment has no marker, or no merged pull request holds the commit after three looks", () => {
    gh([merged(12)], [comment(BOT, "<!-- lakegen:prod -->\nan older report")]);
    expect(reviewed().status).toBe(1);
    fs.rmSync(log);
    // Merged into another branch, or as another commit: not this commit's pull request.
    gh([merged(12, "abc123", "release"), merged(13, "def456")], []);
    const res = reviewed();
    expect([res.status, res.stderr]).toEqual([1, expect.stringContaining("no merged pull request holds abc123")]);
    expect(calls().filter((c) => c.includes("/pulls"))).toHaveLength(3);
  });
});
