/**
 * What each lakegen release changed in the tfvars: what to add, rename or remove. docs/upgrading.md is
 * generated from this table (`upgradingDoc`; a test keeps it current), and `lakegen validate` names the
 * note beside a problem an older tfvars file has, so a team upgrading sees what to do and not only what
 * is wrong.
 */
export interface TfvarsChange {
  /** The lakegen version that made the change. */
  since: string;
  /** The key, dotted, `*` for any name of a map (a source, a pipeline). */
  key: string;
  /** `required`: a new requirement, whose own problem says what to add; validate adds no note to it. */
  kind: "removed" | "renamed" | "changed" | "required" | "added";
  /** What to do, in the words of someone editing tfvars. */
  note: string;
  /** For a key whose other problems are not about the change: the problem's message must match. */
  when?: RegExp;
}

export const UPGRADES: TfvarsChange[] = [
  {
    since: "2.0.0",
    key: "glue.max_retries",
    kind: "removed",
    note:
      "Remove it. A Glue job is no longer retried by Glue: the pipeline retries each task on the errors in " +
      "`orchestration.retry`, so a job that failed after its write is rerun for its whole window, never twice at once.",
  },
  {
    since: "2.0.0",
    key: "orchestration.retry.errors",
    kind: "changed",
    note:
      "List errors as Step Functions names them for the calls the pipeline makes (the etl-pipeline README lists them), e.g. " +
      "`Glue.ConcurrentRunsExceededException`, `Ssm.InternalServerErrorException`. `States.Timeout` is no longer retried: a task " +
      "that times out fails the run and alerts.",
    // The names 1.0.0 accepted (and shipped as defaults) that 2.0.0 refuses.
    when: /unknown: [^)]*\b(EMRServerless\.Throttling\w+|Glue\.Throttling\w+|SSM\.\w+|SNS\.Throttled\w+|States\.Timeout)\b/,
  },
  {
    since: "2.0.0",
    key: "sources.*",
    kind: "required",
    note:
      "Every source is processed by a pipeline: add it to a pipeline's `sources`, or set `raw_only = true` on a source that " +
      "lands in raw only, on purpose.",
    when: /no pipeline processes this source/,
  },
  {
    since: "2.0.0",
    key: "sources.*.contract",
    kind: "added",
    note: "Optional: the columns and load pattern (append, upsert, full_refresh) a source's data keeps to; see docs/tfvars.md.",
  },
  {
    since: "2.0.0",
    key: "pipelines.*.sources",
    kind: "added",
    note: "Optional: the sources a pipeline processes; without it, its `crawl_source` alone.",
  },
  {
    since: "2.0.0",
    key: "orchestration.task_timeouts",
    kind: "added",
    note: "Optional: a timeout per task (Glue job, Spark job, crawl, call); `timeout_seconds` now bounds the whole run.",
  },
  {
    since: "2.0.0",
    key: "storage.existing_buckets",
    kind: "added",
    note: "Optional: buckets another team owns, used by the lake but not managed, such as a central log bucket; see docs/adopting.md.",
  },
  {
    since: "2.0.0",
    key: "storage.kms_key_arn",
    kind: "added",
    note: "Optional: your own KMS key for the zones, instead of one lakegen creates; see docs/adopting.md.",
  },
  {
    since: "2.0.0",
    key: "storage.bucket_policy_statements",
    kind: "added",
    note: "Optional: statements added to a bucket's policy beside lakegen's own, such as a producer in another account.",
  },
  {
    since: "2.0.0",
    key: "storage.key_policy_statements",
    kind: "added",
    note: "Optional: statements added to the lake key's policy beside lakegen's own.",
  },
];

/**
 * What applying a release does to the state of the one before it, as the emulator's upgrade test
 * (test/terratest/upgrade_test.go) plans and applies it for dev and prod.
 */
export const STATE_NOTES: Record<string, string> = {
  "2.0.0":
    "Nothing that holds data is destroyed or replaced. The lake key and the log bucket, with their settings, move to index `[0]` " +
    "(they became optional: `kms_key_arn`, `existing_buckets`); Terraform moves them by itself.\n\n" +
    "Lake Formation grants narrow to what their role uses: each crawler's and job's database grant loses `ALTER`, and the EMR " +
    "job role's table grants keep `SELECT` and `DESCRIBE` on processed, and `SELECT`, `INSERT`, `DELETE` and `DESCRIBE` on " +
    "curated. The AWS provider can only replace a grant, revoking it and then granting the new one, and it reads back every " +
    "permission the role holds on the database, so no Terraform configuration narrows a grant without that moment between the " +
    "two calls. `lakegen pr` lists them as replaced (eight in each shipped environment); apply the upgrade when no crawler, " +
    "Glue job or pipeline run is active (pause the pipelines' schedules, or apply between runs).",
};

const pattern = (key: string) => new RegExp(`^${key.replace(/\./g, "\\.").replace(/\*/g, "[^.]+")}$`);

/** The keys a problem is about: its path, and each unknown key zod names in its message. */
function keysOf(path: string, message: string): string[] {
  const unknown = /^Unrecognized keys?: (.*)$/.exec(message);
  if (!unknown) return [path];
  return [...unknown[1].matchAll(/"([^"]+)"/g)].map((m) => (path ? `${path}.${m[1]}` : m[1]));
}

/** The change a problem of an older tfvars file comes from, if one does. */
export function upgradeFor(path: string, message: string): TfvarsChange | undefined {
  const keys = keysOf(path, message);
  return UPGRADES.find(
    (u) => u.kind !== "added" && u.kind !== "required" && keys.some((k) => pattern(u.key).test(k)) && (!u.when || u.when.test(message)),
  );
}

/** A heading's anchor in docs/upgrading.md, as GitHub makes it. */
export const upgradeAnchor = (version: string) => `lakegen-${version.replace(/\./g, "")}`;

/** The note a problem gets, naming the release that changed the key and where its upgrade note is. */
export function withUpgradeNote(path: string, message: string): string {
  const u = upgradeFor(path, message);
  return u ? `${message} [${u.kind} in lakegen ${u.since}: ${u.note} See docs/upgrading.md#${upgradeAnchor(u.since)}]` : message;
}

/** docs/upgrading.md: each release's tfvars changes, newest first. */
export function upgradingDoc(): string {
  const versions = [...new Set(UPGRADES.map((u) => u.since))].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
  const sections = versions.map((v) => {
    const rows = UPGRADES.filter((u) => u.since === v).map((u) => `| \`${u.key}\` | ${u.kind} | ${u.note.replace(/\|/g, "\\|")} |`);
    const state = STATE_NOTES[v] ? `\n### What the upgrade does to state\n\n${STATE_NOTES[v]}\n` : "";
    return `## lakegen ${v}\n\n| key | change | what to do |\n|---|---|---|\n${rows.join("\n")}\n${state}`;
  });
  return (
    "# Upgrading lakegen\n\n" +
    "What each release changed in `tfvars/<env>.tfvars`. `lakegen validate` names the note beside each problem an older " +
    "file has. Generated from `config/upgrades.ts`; a test keeps it current.\n\n" +
    sections.join("\n")
  );
}
