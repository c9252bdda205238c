import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadConfigChecked, formatProblem } from "../../config/config";
import { environmentFile } from "../environment-arg";
import { costMarkdown, costText, estimateCost, NoPricesError } from "../../deliverables/cost";
import { loadUsage } from "../../deliverables/usage";
import { UsageError } from "../errors";

export async function costCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { usage: { type: "string" }, format: { type: "string", default: "text" } },
  });
  if (positionals.length !== 1) throw new UsageError("cost needs exactly one environment, e.g. lakegen cost prod");
  if (!["text", "json", "markdown"].includes(values.format)) throw new UsageError("--format must be text, json or markdown");
  const env = positionals[0];
  const file = environmentFile(env);
  const loaded = await loadConfigChecked(file);
  if (!loaded.ok) throw Object.assign(new Error(loaded.problems.map(formatProblem).join("\n")), { problems: loaded.problems });
  const usage = values.usage ? loadUsage(values.usage) : loadUsage(path.join("usage", `${env}.hcl`), { optional: true });
  let estimate;
  try {
    estimate = estimateCost(loaded.config, usage);
  } catch (e) {
    if (e instanceof NoPricesError) throw new Error(`${file}: region = "${loaded.config.region}": ${e.message}`, { cause: e });
    throw e;
  }
  const out =
    values.format === "json"
      ? JSON.stringify(estimate, null, 2) + "\n"
      : values.format === "markdown"
        ? costMarkdown(estimate)
        : costText(estimate);
  process.stdout.write(out);
  return 0;
}
