import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { loadPlan } from "../../policy/plan";
import { consequences, parseReviewedMarker, reviewedMarker, reviewedOf } from "../../review/reviewed";
import { UsageError } from "../errors";

export async function reviewedCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { against: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError("reviewed needs exactly one plan (terraform show -json)");
  const plan = loadPlan(positionals[0]);
  if (values.against === undefined) {
    process.stdout.write(`${reviewedMarker(plan)}\n`);
    return 0;
  }
  if (!fs.statSync(values.against, { throwIfNoEntry: false })?.isFile()) throw Object.assign(new Error(`${values.against}: no such file`), { exitCode: 2 });
  const reviewed = parseReviewedMarker(fs.readFileSync(values.against, "utf8"));
  const mine = reviewedOf(plan);
  const list = consequences(plan).map((l) => `  ${l}`).join("\n") || "  (none)";
  if (!reviewed) {
    process.stderr.write(`lakegen reviewed: ${values.against} holds no reviewed marker: no pull request showed a plan. This plan's consequences:\n${list}\n`);
    return 1;
  }
  if (reviewed.digest !== mine.digest) {
    process.stderr.write(
      `lakegen reviewed: ${positionals[0]} is not the reviewed plan: its ${mine.count} consequences (destroys, replacements, grants) differ from the ${reviewed.count} the pull request showed. ` +
        `Plan the pull request again (push, or re-run its workflow) so that reviewers see these:\n${list}\n`,
    );
    return 1;
  }
  process.stderr.write(`lakegen reviewed: the plan is the reviewed one (${mine.count} consequences)\n`);
  return 0;
}
