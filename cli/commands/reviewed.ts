import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { loadPlan } from "../../policy/plan";
import { consequences, parseReviewedMarker, reviewedMarker, unreviewed } from "../../review/reviewed";
import { UsageError } from "../errors";

export async function reviewedCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { against: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError("reviewed needs exactly one plan (terraform show -json)");
  const plan = loadPlan(positionals[0]);
  if (values.against === undefined) {
    process.stdout.write(`${reviewedMarker(plan)}\n`);
    return 0;
  }
  if (!fs.statSync(values.against, { throwIfNoEntry: false })?.isFile())
    throw Object.assign(new Error(`${values.against}: no such file`), { exitCode: 2 });
  const reviewed = parseReviewedMarker(fs.readFileSync(values.against, "utf8"));
  const all = consequences(plan);
  const listed = (lines: string[]) => lines.map((l) => `  ${l}`).join("\n") || "  (none)";
  if (!reviewed) {
    process.stderr.write(
      `lakegen reviewed: ${values.against} holds no reviewed marker: no pull request showed a plan. This plan's ` +
        `consequences:\n${listed(all)}\n`,
    );
    return 1;
  }
  const extra = unreviewed(plan, reviewed);
  if (extra.length) {
    process.stderr.write(
      `lakegen reviewed: ${positionals[0]} is not the reviewed plan: ${extra.length} of its ${all.length} consequences (destroys, ` +
        `replacements, grants) were not in the pull request's plan. ` +
        `Open a pull request that shows them (its plan is made against today's state):\n${listed(extra)}\n`,
    );
    return 1;
  }
  process.stderr.write(`lakegen reviewed: the plan is the reviewed one (${all.length} consequences, each shown by the pull request)\n`);
  return 0;
}
