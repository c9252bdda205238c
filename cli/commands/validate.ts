import { parseArgs } from "node:util";
import { environmentFiles, formatProblem, loadConfig } from "../../config/config";
import { UsageError } from "../errors";

export function validateCommand(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const files = positionals.length ? positionals : environmentFiles();
  if (files.length === 0) throw new UsageError("no tfvars files given and none in tfvars/");
  let failed = false;
  for (const file of files) {
    const res = loadConfig(file);
    if (res.ok) {
      process.stdout.write(`${file}: ok\n`);
    } else {
      failed = true;
      for (const p of res.problems) process.stdout.write(`${formatProblem(p)}\n`);
    }
  }
  return failed ? 1 : 0;
}
