/** The commands do what docs/commands.md says: exit codes, names not paths, checks before work, clear errors. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROVIDER_OVERRIDE } from "../lib/plan";
import { providerLockFile } from "../lib/provider-lock";
import { makeTempDir, terraform } from "../lib/terraform";
import { ROOT } from "../testkit/helpers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const CLI = path.join(ROOT, "build", "cli", "lakegen.js");
const lakegen = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: "utf8", env: { ...process.env, ...opts.env } });
const base = (env: string) => fs.readFileSync(path.join(ROOT, "tfvars", `${env}.tfvars`), "utf8");

let work: string;
beforeAll(() => (work = makeTempDir("cli")));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("exit code 2 for an unusable input file", () => {
  it("validate: a missing file and a directory, and still checks the rest", () => {
    const res = lakegen(["validate", "missing.tfvars", "tfvars", "tfvars/dev.tfvars"]);
    expect(res.stdout).toBe("missing.tfvars: no such file\ntfvars: is a directory, not a file\ntfvars/dev.tfvars: ok\n");
    expect(res.status).toBe(2);
  });

  it("validate: a file too big to be tfvars, rejected before it is read", () => {
    const file = path.join(work, "huge.tfvars");
    fs.writeFileSync(file, `tags = {\n${'  k = "v"\n'.repeat(150_000)}}\n`);
    const started = Date.now();
    const res = lakegen(["validate", file]);
    expect(res.stdout).toMatch(/huge\.tfvars: is 1\.\d MB; lakegen reads files up to 1 MB/);
    expect(res.status).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("validate: a file that is not UTF-8, with the line and column of the byte", () => {
    const file = path.join(work, "latin1.tfvars");
    fs.writeFileSync(file, Buffer.concat([Buffer.from('environment = "dev"\nproject = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const res = lakegen(["validate", file]);
    expect(res.stdout).toBe(`${file}:2:15: is not UTF-8 (byte 0xe9); save it as UTF-8\n`);
    expect(res.status).toBe(2);
  });

  it("cost: a --usage file that does not exist is an error, not the defaults", () => {
    const res = lakegen(["cost", "dev", "--usage", "missing.hcl"]);
    expect(res.stderr).toContain("missing.hcl: no such usage file");
    expect(res.stdout).toBe("");
    expect(res.status).toBe(2);
    expect(lakegen(["cost", "dev", "--usage", "usage/missing.hcl"]).status).toBe(2);
  });
});

describe("environments are names", () => {
  it.each(["../x", "..", "../modules/athena", "Dev", "dev/"])("plan %s is refused before any work", (name) => {
    const res = lakegen(["plan", name]);
    expect(res.stderr).toContain(`"${name}" is not an environment name`);
    expect(res.status).toBe(2);
  });

  it("plan of an environment that was never synthesized says which ones were", () => {
    const dist = path.join(work, "dist-names");
    fs.mkdirSync(path.join(dist, "envs", "dev"), { recursive: true });
    const res = lakegen(["plan", "staging", "--dist", dist]);
    expect(res.stderr).toContain(`no ${dist}/envs/staging: synthesized: dev`);
    expect(res.status).toBe(2);
  });

  it("cost of an unknown environment lists the known ones", () => {
    const res = lakegen(["cost", "staging"]);
    expect(res.stderr).toContain('no environment "staging": there is no tfvars/staging.tfvars; known environments: dev, prod');
    expect(res.status).toBe(2);
  });
});

describe("lakegen plan checks before it plans", () => {
  it("refuses an --out it could not write, without running terraform", () => {
    const dist = path.join(work, "dist-out");
    fs.mkdirSync(path.join(dist, "envs", "dev"), { recursive: true });
    const file = path.join(work, "a-file");
    fs.writeFileSync(file, "");
    const res = lakegen(["plan", "dev", "--dist", dist, "--out", path.join(file, "plan.json")]);
    expect(res.stderr).toContain(`${file} is a file, not a directory`);
    expect(res.stderr).not.toContain("terraform init");
    expect(res.status).toBe(2);
  });

  it("says what to set when no provider mirror is found and init fails", () => {
    const res = lakegen(["synth", "--out", path.join(work, "dist-mirror"), "--quiet"]);
    expect(res.status).toBe(0);
    const plan = lakegen(["plan", "dev", "--dist", path.join(work, "dist-mirror"), "--out", path.join(work, "p.json")], {
      env: { LAKEGEN_PROVIDER_MIRROR: path.join(work, "no-mirror-here"), TF_CLI_CONFIG_FILE: path.join(work, "nowhere") },
    });
    expect(plan.stderr).toContain("no provider mirror found");
    expect(plan.stderr).toContain("set LAKEGEN_PROVIDER_MIRROR to a directory holding registry.terraform.io/hashicorp/aws");
    expect(plan.status).toBe(1);
  });
});

describe("validation names the file, the key and the numbers", () => {
  it("gives the arithmetic of a failed sizing rule", () => {
    const file = path.join(work, "math.tfvars");
    fs.writeFileSync(file, base("dev").replace("max_executors        = 3", "max_executors        = 4"));
    const res = lakegen(["validate", file]);
    expect(res.stdout).toContain(
      `${file}: emr.max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu. (2 + 4 × 2 = 10 vCPU > ` +
        `max_capacity.cpu 8)`,
    );
    expect(res.status).toBe(1);
  });

  it("pr from tfvars: both files' problems in one run, and nothing planned for an invalid pair", () => {
    const edited = (name: string, from: string, to: string) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, base("prod").replace(from, to));
      return file;
    };
    const baseFile = edited("pr-base.tfvars", "shard_count = 4", "shard_count = 0");
    const headFile = edited("pr-head.tfvars", "max_executors        = 20", "max_executors        = 0");
    const report = path.join(work, "pr-invalid.json");
    const res = lakegen(["pr", "--base-tfvars", baseFile, "--head-tfvars", headFile, "--format", "json", "--output", report]);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${baseFile}: sources.api-integrations.stream.shard_count`);
    expect(res.stderr).toContain(`${headFile}: emr.max_executors`);
    expect(res.stderr).not.toContain("terraform init");
    expect(fs.existsSync(report)).toBe(false);
    // A valid base with an invalid head: refused before the base is planned.
    const valid = edited("pr-valid.tfvars", "", "");
    const headOnly = lakegen(["pr", "--base-tfvars", valid, "--head-tfvars", headFile, "--format", "json", "--output", report]);
    expect(headOnly.status).toBe(1);
    expect(headOnly.stderr).toContain(`${headFile}: emr.max_executors`);
    expect(headOnly.stderr).not.toContain("terraform init");
    expect(fs.existsSync(report)).toBe(false);
  });

  it("reports every problem in one run: a format error does not hide the cross-field rules", () => {
    const file = path.join(work, "two-problems.tfvars");
    fs.writeFileSync(
      file,
      base("dev")
        .replace("max_executors        = 3", "max_executors        = 4")
        .replace('worker_type       = "G.1X"', 'worker_type       = "G.3X"'),
    );
    const res = lakegen(["validate", file]);
    expect(res.stdout).toContain(`${file}: glue.worker_type: `);
    expect(res.stdout).toContain(`${file}: emr.max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu.`);
    expect(res.status).toBe(1);
  });

  it("reports every problem in one run: a broken source hides no other module's rules", () => {
    const file = path.join(work, "bad-source-format.tfvars");
    const text = base("dev").replace("max_executors        = 3", "max_executors        = 4");
    fs.writeFileSync(file, text.replace('format           = "json"', 'format           = "jsonl"'));
    const res = lakegen(["validate", file]);
    expect(res.stdout).toMatch(new RegExp(`${file}: sources\\.[a-z-]+\\.format: `));
    expect(res.stdout).toContain(`${file}: emr.max_executors: driver.cpu + max_executors × executor.cpu must not exceed max_capacity.cpu.`);
    expect(res.status).toBe(1);
  });

  it("says a removed key is missing, in the words of someone editing tfvars", () => {
    const file = path.join(work, "no-temp-zone.tfvars");
    const text = base("dev");
    const start = text.indexOf("    temp = {");
    fs.writeFileSync(file, text.slice(0, start) + text.slice(text.indexOf("}\n", start) + 2));
    const res = lakegen(["validate", file]);
    expect(res.stdout).toBe(`${file}: storage.zones.temp: is missing: add it (expected object)\n`);
    expect(res.status).toBe(1);
  });

  it("ends quietly when the reader closes the pipe", () => {
    const res = spawnSync(
      "bash",
      ["-c", `set -o pipefail; "${process.execPath}" "${path.join(ROOT, "bin", "lakegen.js")}" check --list-rules | head -n 1`],
      { encoding: "utf8" },
    );
    expect(res.stdout).toMatch(/^LG-/);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
  });

  it("reports a name prefix too long at its key, and goes on to the next file", () => {
    const file = path.join(work, "long.tfvars");
    fs.writeFileSync(file, base("dev").replace('environment = "dev"', `environment = "${"d".repeat(31)}"`));
    const res = lakegen(["validate", file, "tfvars/dev.tfvars"]);
    expect(res.stdout).toContain(
      `${file}: environment: with project and environment, names start "acme-lake-${"d".repeat(31)}" (41 characters); the prefix must ` +
        `be lower case letters, digits and hyphens, at most 40 characters`,
    );
    expect(res.stdout).not.toContain("ZodError");
    expect(res.stdout).toContain("tfvars/dev.tfvars: ok");
    expect(res.status).toBe(1);
  });

  it("reports 10,000 nested brackets as a syntax error in the file", () => {
    const file = path.join(work, "deep.tfvars");
    fs.writeFileSync(file, `a = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`);
    const res = lakegen(["validate", file]);
    expect(res.stdout).toBe(`${file}:1:69: values are nested more than 64 levels deep\n`);
    expect(res.status).toBe(1);
  });
});

/** `from` hard-linked at `to`, file by file: the files are shared, so nothing may edit one in place (content, mode, times). */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else fs.linkSync(src, dst);
  }
}

describe("the stale-build check", () => {
  it("rebuilds when deliverables/prices.json changes", () => {
    const copy = path.join(work, "project");
    // The project without its dependencies, virtualenvs and outputs; timestamps kept, so only the edit makes the build stale.
    for (const entry of fs.readdirSync(ROOT)) {
      if (entry.startsWith(".") || ["node_modules", "dist", "cdktf.out", "spark-warehouse"].includes(entry)) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
    }
    // Hard links, so TypeScript finds the dependencies inside the copy, where the copied build info expects them, and
    // compiles incrementally, in about half the CPU; through a symlink it resolves them outside and compiles it all.
    // Where links are refused (another file system, files of another user): the symlink, the same rebuild, slower.
    const [modules, linked] = [path.join(ROOT, "node_modules"), path.join(copy, "node_modules")];
    try {
      linkTree(modules, linked);
    } catch {
      fs.rmSync(linked, { recursive: true, force: true });
      fs.symlinkSync(modules, linked);
    }
    const cost = () => {
      const res = spawnSync(process.execPath, [path.join(copy, "bin", "lakegen.js"), "cost", "dev", "--format", "json"], {
        cwd: copy,
        encoding: "utf8",
      });
      return { compiled: res.stderr.includes("sources changed; compiling"), cost: JSON.parse(res.stdout) };
    };
    const before = cost();
    expect(before.compiled).toBe(false);
    const pricesFile = path.join(copy, "deliverables", "prices.json");
    const prices = fs.readFileSync(pricesFile, "utf8");
    const dearer = prices.replaceAll('"dpu_hour": 0.44', '"dpu_hour": 0.88'); // every region's table
    expect(dearer).not.toBe(prices);
    fs.writeFileSync(pricesFile, dearer);
    const glue = (c: { lines: { component: string; monthly: number }[] }) => c.lines.find((l) => l.component === "Glue ETL jobs")!.monthly;
    const after = cost();
    expect(after.compiled).toBe(true);
    expect(glue(after.cost)).toBeCloseTo(glue(before.cost) * 2, 2);
  });
});

describe("deploying per account", () => {
  it("renders the provider's role and the backend's role and key from the tfvars", () => {
    const project = path.join(work, "deploy");
    fs.mkdirSync(path.join(project, "tfvars"), { recursive: true });
    fs.writeFileSync(
      path.join(project, "tfvars", "dev.tfvars"),
      base("dev")
        .replace(
          'region      = "eu-west-1"',
          'region      = "eu-west-1"\nassume_role_arn = "arn:aws:iam::111111111111:role/lakegen-deploy"',
        )
        .replace(
          'bucket = "acme-terraform-state-dev"',
          'bucket     = "acme-terraform-state-dev"\n  role_arn   = "arn:aws:iam::333333333333:role/state"\n  kms_key_id = ' +
            '"arn:aws:kms:eu-west-1:333333333333:key/state"',
        ),
    );
    fs.writeFileSync(path.join(project, "tfvars", "prod.tfvars"), base("prod"));
    expect(lakegen(["synth", "--quiet"], { cwd: project }).status).toBe(0);
    const env = (e: string, f: string) => fs.readFileSync(path.join(project, "dist", "envs", e, f), "utf8");
    expect(env("dev", "providers.tf")).toMatch(
      /assume_role \{\n\s+role_arn\s+= var.assume_role_arn\n\s+session_name = "lakegen-\$\{var.environment\}"/,
    );
    expect(env("dev", "versions.tf")).toMatch(/assume_role = \{\n\s+role_arn = "arn:aws:iam::333333333333:role\/state"/);
    expect(env("dev", "versions.tf")).toContain('kms_key_id   = "arn:aws:kms:eu-west-1:333333333333:key/state"');
    // An environment that names no role uses the caller's credentials.
    expect(env("prod", "providers.tf")).not.toContain("assume_role");
    expect(env("prod", "versions.tf")).not.toContain("assume_role");
  });
});

describe("lakegen bootstrap", () => {
  const PROVIDER = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";

  /** Writes prod's bootstrap root with `args`, plans it offline, and returns the plan. */
  function bootstrapPlan(name: string, args: string[], edit = (t: string) => t): { out: string; plan: Json } {
    const project = path.join(work, name);
    fs.mkdirSync(path.join(project, "tfvars"), { recursive: true });
    fs.writeFileSync(path.join(project, "tfvars", "prod.tfvars"), edit(base("prod")));
    const out = path.join(project, "boot");
    const res = lakegen(["bootstrap", "prod", "--out", out, ...args], { cwd: project });
    expect(res.stderr).toContain("github-acme-lake-prod-pr, github-acme-lake-prod-plan, github-acme-lake-prod-apply");
    expect(res.status).toBe(0);
    // Offline: both providers, the state's and the environment's, get the placeholder settings.
    fs.writeFileSync(
      path.join(out, "provider_override.tf"),
      PROVIDER_OVERRIDE + PROVIDER_OVERRIDE.replace('provider "aws" {', 'provider "aws" {\n  alias = "environment"'),
    );
    terraform(["init", "-input=false", "-no-color"], { cwd: out });
    // Its lock pins the tested provider, and init, which checks the provider against it, keeps it as written.
    expect(fs.readFileSync(path.join(out, ".terraform.lock.hcl"), "utf8")).toBe(providerLockFile());
    terraform(["plan", "-input=false", "-no-color", "-out=tfplan"], { cwd: out });
    const plan = JSON.parse(terraform(["show", "-json", "tfplan"], { cwd: out }).stdout);
    fs.writeFileSync(path.join(out, "plan.json"), JSON.stringify(plan));
    return { out, plan };
  }
  const created = (plan: Json) =>
    plan.resource_changes
      .filter((r: Json) => r.mode === "managed")
      .map((r: Json) => r.address)
      .sort();
  const findings = (out: string) =>
    JSON.parse(lakegen(["check", path.join(out, "plan.json"), "--format", "json"]).stdout)
      .findings.map((f: Json) => `${f.ruleId} ${f.address}`)
      .sort();

  it("writes a root that plans the state bucket and GitHub Actions' three roles, each trusted by one token subject", () => {
    const { out, plan } = bootstrapPlan("bootstrap", ["--github-repo", "acme/data-lake", "--oidc-provider-arn", PROVIDER], (t) =>
      t.replace(
        'bucket = "acme-terraform-state-prod"',
        'bucket     = "acme-terraform-state-prod"\n  kms_key_id = "arn:aws:kms:eu-west-1:222222222222:key/state"',
      ),
    );
    expect(created(plan)).toEqual(
      [
        "aws_s3_bucket.state",
        ...[
          "lifecycle_configuration",
          "ownership_controls",
          "policy",
          "public_access_block",
          "server_side_encryption_configuration",
          "versioning",
        ].map((t) => `aws_s3_bucket_${t}.state`),
        ...["pr", "plan", "apply"].map((r) => `aws_iam_role.github_${r}`),
        "aws_iam_role_policy.github_apply_iam",
        "aws_iam_role_policy.github_plan_plan",
        "aws_iam_role_policy.github_pr_plan",
        "aws_iam_role_policy_attachment.github_apply_services",
        "aws_iam_role_policy_attachment.github_plan_read_only",
        "aws_iam_role_policy_attachment.github_pr_read_only",
      ].sort(),
    );
    const after = (address: string) => plan.resource_changes.find((r: Json) => r.address === address).change.after;
    const subjects = {
      pr: "repo:acme/data-lake:pull_request",
      plan: "repo:acme/data-lake:ref:refs/heads/main",
      apply: "repo:acme/data-lake:environment:prod",
    };
    for (const [role, sub] of Object.entries(subjects)) {
      expect(JSON.parse(after(`aws_iam_role.github_${role}`).assume_role_policy).Statement).toEqual([
        {
          Sid: `GitHubActions${role[0].toUpperCase()}${role.slice(1)}`,
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: PROVIDER },
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": sub,
            },
          },
        },
      ]);
    }
    // The plan roles read the state through S3 with its key, and no object or data beyond the state and the artifacts.
    const reads = JSON.parse(after("aws_iam_role_policy.github_pr_plan").policy).Statement;
    expect(reads.map((s: Json) => `${s.Effect} ${s.Sid}`)).toEqual([
      "Allow ReadState",
      "Allow DecryptStateThroughS3",
      "Deny NoObjectsButStateAndArtifacts",
      "Deny NoDataReads",
    ]);
    expect(reads[3].Action).toEqual(
      expect.arrayContaining(["lakeformation:GetDataAccess", "kinesis:GetRecords", "athena:GetQueryResults"]),
    );
    // The apply role manages the lake's roles by its prefix only, never the github- roles or the OIDC providers,
    // and assumes no role: the tfvars name none for the provider or the backend.
    const apply = JSON.parse(after("aws_iam_role_policy.github_apply_iam").policy).Statement;
    expect(apply.filter((x: Json) => x.Effect === "Allow" && x.Sid.startsWith("LakeRole")).map((x: Json) => x.Resource)).toEqual([
      "arn:aws:iam::222222222222:role/acme-lake-prod-*",
      "arn:aws:iam::222222222222:role/acme-lake-prod-*",
    ]);
    expect(apply.filter((x: Json) => x.Effect === "Deny").map((x: Json) => [x.Sid, x.Action, x.Resource])).toEqual([
      ["NotTheDeployIdentity", "iam:*", ["arn:aws:iam::222222222222:role/github-*", "arn:aws:iam::222222222222:oidc-provider/*"]],
      ["KeepBoundaries", "iam:DeleteRolePermissionsBoundary", "*"],
      ["AssumeOnlyTheTfvarsRoles", "sts:AssumeRole", "*"],
    ]);
    // Left to the team: access logging of the state bucket; and what the apply role holds to create the lake's roles, which
    // lakegen reports: PowerUserAccess, PassRole and IAM on the lake's role prefix. The plan roles' ReadOnlyAccess is not
    // reported: they deny data reads.
    expect(findings(out)).toEqual([
      "LG-IAM-003 aws_iam_role_policy.github_apply_iam",
      "LG-IAM-005 aws_iam_role_policy_attachment.github_apply_services",
      "LG-IAM-012 aws_iam_role_policy.github_apply_iam",
      "LG-S3-008 aws_s3_bucket.state",
    ]);
  });

  it("creates GitHub's OIDC provider when none is given, and a key of the state's own when asked", () => {
    const { out, plan } = bootstrapPlan("bootstrap-key", ["--github-repo", "acme/data-lake", "--create-state-key"]);
    expect(created(plan)).toEqual(
      expect.arrayContaining(["aws_iam_openid_connect_provider.github[0]", "aws_kms_key.state", "aws_kms_alias.state"]),
    );
    expect(findings(out).filter((f: string) => f.startsWith("LG-S3-002"))).toEqual([]);
  });

  it("refuses a repository that is not OWNER/NAME, and an OIDC provider of another account, writing nothing", () => {
    const project = path.join(work, "bootstrap-bad");
    fs.mkdirSync(path.join(project, "tfvars"), { recursive: true });
    fs.writeFileSync(path.join(project, "tfvars", "prod.tfvars"), base("prod"));
    const out = path.join(project, "boot");
    const repo = lakegen(["bootstrap", "prod", "--out", out, "--github-repo", "acme"], { cwd: project });
    expect([repo.status, repo.stderr]).toEqual([2, expect.stringContaining("--github-repo acme: expected OWNER/NAME")]);
    const other = lakegen(
      ["bootstrap", "prod", "--out", out, "--github-repo", "a/b", "--oidc-provider-arn", PROVIDER.replace("222222222222", "333333333333")],
      { cwd: project },
    );
    expect([other.status, other.stderr]).toEqual([2, expect.stringContaining("expected GitHub's provider in prod's account")]);
    // Never guessed from the origin remote: a clone of a fork would trust the fork.
    const none = lakegen(["bootstrap", "prod", "--out", out], { cwd: project });
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("bootstrap needs --github-repo OWNER/NAME")]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("refuses to drop the state's key it created: run again without --create-state-key, the next apply would destroy it", () => {
    const project = path.join(work, "bootstrap-rerun");
    fs.mkdirSync(path.join(project, "tfvars"), { recursive: true });
    fs.writeFileSync(path.join(project, "tfvars", "prod.tfvars"), base("prod"));
    const out = path.join(project, "boot");
    expect(lakegen(["bootstrap", "prod", "--out", out, "--github-repo", "a/b", "--create-state-key"], { cwd: project }).status).toBe(0);
    const again = lakegen(["bootstrap", "prod", "--out", out, "--github-repo", "a/b"], { cwd: project });
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining("creates the state's key: pass --create-state-key again")]);
    expect(fs.readFileSync(path.join(out, "main.tf"), "utf8")).toContain('resource "aws_kms_key" "state"');
  });
});

it("--version prints package.json's version, the one its lakegen/v<version> tag names", () => {
  const res = lakegen(["--version"]);
  expect(res.stdout).toBe(`lakegen ${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
  expect(res.status).toBe(0);
  expect(lakegen(["--help"]).stdout).toContain("--version");
});

describe("help beside each command", () => {
  const dir = path.join(ROOT, "cli", "commands");
  const commands = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".help.ts"))
    .map((f) => f.replace(/\.ts$/, ""));

  it.each(commands.map((c) => [c]))("%s: its help file names every option the command parses", (name) => {
    const source = fs.readFileSync(path.join(dir, `${name}.ts`), "utf8");
    const keys = [...source.matchAll(/"?([a-z][a-z-]*)"?: \{ type: "(?:string|boolean)"/g)].map((m) => m[1]);
    if (name !== "validate") expect(keys.length).toBeGreaterThan(0);
    const help = fs.readFileSync(path.join(dir, `${name}.help.ts`), "utf8");
    expect(keys.filter((k) => !help.includes(`--${k}`))).toEqual([]);
  });
});
