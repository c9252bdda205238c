import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { planEnvironment } from "../../lib/plan";
import { ensureCliConfig } from "../../lib/provider-mirror";
import { makeTempDir } from "../../lib/terraform";
import { checkedPlan, loadPlan } from "../../policy/plan";
import type { PlanJson } from "../../policy/plan-json";
import { loadEnvironmentsChecked } from "../../synth/environments";
import { synthesize } from "../../synth/synth";
import { comparePlans, prMarkdown } from "../../review/pr";
import { renderReport } from "../../policy/report/formats";
import { loadWaivers } from "../../policy/waivers";
import { say, UsageError } from "../errors";
import { accountsOption, failOnOption, formatOption, GATE_OPTIONS, unknownOption, VERSION, writeReport } from "../report-options";

const FORMATS = ["markdown", "sarif", "json"] as const;

/**
 * Both sides' tfvars, validated together before either is planned: every problem of both files in one run,
 * and nothing planned for an invalid pair. Then each side synthesized and planned (offline), with progress on stderr.
 */
async function planBothTfvars(files: [string, string], scratch: string, pluginDir: string | undefined): Promise<[PlanJson, PlanJson]> {
  const log = say(false);
  const missing = files.filter((file) => !fs.statSync(file, { throwIfNoEntry: false })?.isFile());
  if (missing.length) throw Object.assign(new Error(missing.map((file) => `${file}: no such file`).join("; ")), { exitCode: 2 });
  log(`validating ${files.join(" and ")}`);
  const envs = await loadEnvironmentsChecked(files);
  const plan = (side: "base" | "head", i: number) => {
    const distDir = path.join(scratch, side);
    synthesize({ environments: [envs[i]], distDir });
    return checkedPlan(
      planEnvironment({ distDir, env: envs[i].name, pluginDir, log: (l) => log(`${side}: ${l}`) }),
      `${side} plan of ${files[i]}`,
    );
  };
  return [plan("base", 0), plan("head", 1)];
}

export async function prCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      "base-tfvars": { type: "string" },
      "head-tfvars": { type: "string" },
      "plugin-dir": { type: "string" },
      format: { type: "string", default: "markdown" },
      output: { type: "string" },
      "fail-on": { type: "string", default: "high" },
      waivers: { type: "string" },
      "source-root": { type: "string" },
      ...GATE_OPTIONS,
    },
  });
  const fromPlans = values.base !== undefined || values.head !== undefined;
  const fromTfvars = values["base-tfvars"] !== undefined || values["head-tfvars"] !== undefined;
  if (
    fromPlans === fromTfvars ||
    (fromPlans && (!values.base || !values.head)) ||
    (fromTfvars && (!values["base-tfvars"] || !values["head-tfvars"]))
  ) {
    throw new UsageError("pr needs either --base BASE_PLAN.json and --head HEAD_PLAN.json, or --base-tfvars FILE and --head-tfvars FILE");
  }
  const format = formatOption(values.format, FORMATS);
  const failOn = failOnOption(values["fail-on"]);
  const unknowns = unknownOption(values.unknown);
  const accounts = accountsOption(values.account);
  const waivers = values.waivers ? loadWaivers(values.waivers) : [];
  let baseSide: { file: string; plan: PlanJson };
  let headSide: { file: string; plan: PlanJson };
  if (fromPlans) {
    baseSide = { file: values.base!, plan: loadPlan(values.base!) };
    headSide = { file: values.head!, plan: loadPlan(values.head!) };
  } else {
    const scratch = makeTempDir("pr");
    try {
      if (!values["plugin-dir"]) ensureCliConfig(scratch);
      const files: [string, string] = [values["base-tfvars"]!, values["head-tfvars"]!];
      const [base, head] = await planBothTfvars(files, scratch, values["plugin-dir"]);
      baseSide = { file: files[0], plan: base };
      headSide = { file: files[1], plan: head };
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  const report = comparePlans(baseSide, headSide, { waivers, failOn, unknowns, accounts });
  const { head, ...rest } = report;
  const text =
    format === "markdown"
      ? prMarkdown(report)
      : format === "sarif"
        ? // Only what head adds: code scanning tracks each by its fingerprint across runs.
          renderReport("sarif", {
            findings: report.added,
            model: head,
            failOn,
            unknowns,
            color: false,
            sourceRoot: values["source-root"],
            version: VERSION,
          })
        : JSON.stringify(rest, null, 2) + "\n";
  writeReport(text, values.output);
  process.stderr.write(
    `lakegen pr: ${report.added.length} new findings, ${report.resolved.length} resolved, ${report.failing.length} failing at ${failOn}\n`,
  );
  return report.failing.length > 0 ? 1 : 0;
}
