import { parseArgs } from "node:util";
import { ALL_RULES, failing, runChecks } from "../../policy/engine";
import { loadPlan } from "../../policy/plan";
import { FORMATS, type Format, renderReport } from "../../policy/report/formats";
import { rulesTable } from "../../policy/report/rules-table";
import { UsageError } from "../errors";
import { accountsOption, failOnOption, formatOption, GATE_OPTIONS, unknownOption, VERSION, writeReport } from "../report-options";

export function checkCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      output: { type: "string" },
      "fail-on": { type: "string", default: "high" },
      waivers: { type: "string" },
      "source-root": { type: "string" },
      "required-tags": { type: "string" },
      "house-rules": { type: "boolean", default: false },
      "list-rules": { type: "boolean", default: false },
      results: { type: "boolean", default: false },
      ...GATE_OPTIONS,
    },
  });
  if (values["list-rules"]) {
    if (values.format === "markdown") process.stdout.write(rulesTable(ALL_RULES));
    else for (const r of ALL_RULES) process.stdout.write(`${r.id.padEnd(15)} ${r.severity.padEnd(8)} ${r.title}\n`);
    return 0;
  }
  const format: Format = formatOption(values.format, FORMATS);
  const failOn = failOnOption(values["fail-on"]);
  const unknowns = unknownOption(values.unknown);
  const accounts = accountsOption(values.account);
  if (positionals.length === 0) throw new UsageError("check needs at least one plan JSON file (terraform show -json PLANFILE)");
  const plans = positionals.map((file) => ({ file, plan: loadPlan(file) }));
  // Loaded only when asked: zod and yaml are a tenth of a second of start-up.
  const waivers = values.waivers ? loadWaivers(values.waivers) : [];
  const requiredTags = values["required-tags"]
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  // Naming the tags asks for the tag rule: the house rules then apply to every plan.
  const houseRules = values["house-rules"] || requiredTags !== undefined;
  if (values.results && format !== "json") throw new UsageError("--results needs --format json");
  const { findings, model, results } = runChecks(plans, { waivers, requiredTags, houseRules, results: values.results, accounts });
  const report = renderReport(format, {
    findings,
    model,
    results,
    failOn,
    unknowns,
    color: format === "text" && !values.output && process.stdout.isTTY && !process.env.NO_COLOR,
    sourceRoot: values["source-root"],
    version: VERSION,
  });
  writeReport(report, values.output);
  const failed = failing(findings, failOn, unknowns).length;
  if (values.output || format !== "text") {
    const unknown = findings.filter((f) => f.unknown).length;
    process.stderr.write(
      `lakegen: ${findings.length - unknown} findings, ${unknown} unknown at plan, ${failed} failing (at or above ${failOn}, ` +
        `--unknown ${unknowns}) and not waived\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}

/** The waivers module, required only when --waivers is given. */
function loadWaivers(file: string): ReturnType<typeof import("../../policy/waivers").loadWaivers> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when asked: zod and yaml are a tenth of a second
  return (require("../../policy/waivers") as typeof import("../../policy/waivers")).loadWaivers(file);
}
