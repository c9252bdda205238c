import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadPlan } from "../../policy/plan";
import { comparePlans, prMarkdown } from "../../policy/pr";
import { renderReport } from "../../policy/report/formats";
import { SEVERITIES, type Severity } from "../../policy/rule";
import { loadWaivers } from "../../policy/waivers";
import { projectRoot } from "../../lib/paths";
import { UsageError } from "../errors";

const VERSION: string = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")).version;
const FORMATS = ["markdown", "sarif", "json"] as const;

export function prCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      format: { type: "string", default: "markdown" },
      output: { type: "string" },
      "fail-on": { type: "string", default: "high" },
      waivers: { type: "string" },
      "source-root": { type: "string" },
    },
  });
  if (!values.base || !values.head) throw new UsageError("pr needs --base BASE_PLAN.json and --head HEAD_PLAN.json");
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}`);
  const waivers = values.waivers ? loadWaivers(values.waivers) : [];
  const report = comparePlans(
    { file: values.base, plan: loadPlan(values.base) },
    { file: values.head, plan: loadPlan(values.head) },
    { waivers, failOn },
  );
  const { head, ...rest } = report;
  const text =
    format === "markdown"
      ? prMarkdown(report)
      : format === "sarif"
        ? // Only what head adds: code scanning tracks each by its fingerprint across runs.
          renderReport("sarif", { findings: report.added, model: head, failOn, color: false, sourceRoot: values["source-root"], version: VERSION })
        : JSON.stringify(rest, null, 2) + "\n";
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, text);
  } else process.stdout.write(text);
  process.stderr.write(`lakegen pr: ${report.added.length} new findings, ${report.resolved.length} resolved, ${report.failing.length} failing at ${failOn}\n`);
  return report.failing.length > 0 ? 1 : 0;
}
