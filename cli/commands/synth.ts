import { loadEnvironmentsChecked } from "../../synth/environments";
import { synthesize } from "../../synth/synth";
import { parseArgs } from "node:util";
import { say, UsageError } from "../errors";
import { recordFile, writeRecord } from "../../config/schema-record";

export async function synthCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "dist" },
      format: { type: "string", default: "hcl" },
      quiet: { type: "boolean", default: false },
    },
  });
  if (values.format !== "hcl" && values.format !== "json") throw new UsageError("--format must be hcl or json");
  const log = say(values.quiet);
  const started = Date.now();
  log("validating tfvars");
  const environments = await loadEnvironmentsChecked();
  // The synth is synchronous: once begun it runs to its end, and a signal that came meanwhile is handled after it,
  // with dist/ whole and the exit code saying it was interrupted (without these, Node would drop the signal).
  const interrupted = (signal: NodeJS.Signals) => process.exit(signal === "SIGINT" ? 130 : 143);
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  log(`synthesizing ${environments.map((e) => e.name).join(", ")}`);
  synthesize({ environments, distDir: values.out, format: values.format, log });
  // What validation compares the next change with: commit it with the tfvars file.
  for (const env of environments)
    if (writeRecord(env.config.sources, env.tfvarsFile)) log(`recorded the declared columns in ${recordFile(env.tfvarsFile)}`);
  log(`wrote ${values.out}/ in ${Date.now() - started} ms`);
  // One turn of the event loop, so that a signal that came during the synth reaches its handler before the exit.
  await new Promise((resolve) => setImmediate(resolve));
  return 0;
}
