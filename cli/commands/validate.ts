import { parseArgs } from "node:util";
import { environmentFiles, environmentName, formatProblem, loadConfigChecked, UnusableFileError } from "../../config/config";
import { overrideFiles } from "../../synth/overrides";
import { UsageError } from "../errors";

/** Checks every file, even after a bad one. Exit 2 if any file is unusable, else 1 if any is invalid. */
export async function validateCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const files = positionals.length ? positionals : environmentFiles();
  if (files.length === 0) throw new UsageError("no tfvars files given and none in tfvars/");
  let invalid = false;
  let unusable = false;
  for (const file of files) {
    try {
      const res = await loadConfigChecked(file);
      // The root's own Terraform in overrides/<env>/ is checked with its tfvars: synth would refuse it too.
      const problems = [...overrideFiles(file, environmentName(file)).problems, ...(res.ok ? [] : res.problems)];
      if (!problems.length) process.stdout.write(`${file}: ok\n`);
      else {
        invalid = true;
        for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
      }
    } catch (e) {
      if (!(e instanceof UnusableFileError)) throw e;
      unusable = true;
      process.stdout.write(`${e.message}\n`);
    }
  }
  return unusable ? 2 : invalid ? 1 : 0;
}
