import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { planEnvironment } from "../../lib/plan";
import { ensureCliConfig, MIRROR_HELP, MirrorNotFoundError } from "../../lib/provider-mirror";
import { makeTempDir, TerraformError } from "../../lib/terraform";
import { isEnvironmentName } from "../environment-arg";
import { say, UsageError } from "../errors";

export function planCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "var-file": { type: "string" },
      out: { type: "string" },
      "plugin-dir": { type: "string" },
      dist: { type: "string", default: "dist" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("plan needs exactly one environment, e.g. lakegen plan dev");
  const env = positionals[0];
  const envsDir = path.join(values.dist, "envs");
  const synthesized = fs.existsSync(envsDir) ? fs.readdirSync(envsDir).sort() : [];
  const known = synthesized.length ? `synthesized: ${synthesized.join(", ")}` : `${envsDir} is empty; run "lakegen synth" first`;
  if (!isEnvironmentName(env)) throw new UsageError(`"${env}" is not an environment name (lower case letters and digits); ${known}`);
  if (!synthesized.includes(env)) throw new UsageError(`no ${envsDir}/${env}: ${known}`);
  const out = values.out ?? path.join(values.dist, "plans", `${env}.json`);
  checkWritable(out);
  if (values["var-file"] && !fs.statSync(values["var-file"], { throwIfNoEntry: false })?.isFile()) {
    throw Object.assign(new Error(`${values["var-file"]}: no such file`), { exitCode: 2 });
  }
  const log = say(false);
  const scratch = makeTempDir("plan-config");
  try {
    if (!values["plugin-dir"]) {
      try {
        ensureCliConfig(scratch);
      } catch (e) {
        if (!(e instanceof MirrorNotFoundError)) throw e;
        log("no provider mirror found; terraform init will try the registry");
      }
    }
    const plan = planEnvironment({ distDir: values.dist, env, varFile: values["var-file"], pluginDir: values["plugin-dir"], log });
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(plan));
    const changes = (plan.resource_changes as unknown[] | undefined)?.length ?? 0;
    log(`wrote ${out} (${changes} resource changes)`);
    return 0;
  } catch (e) {
    if (e instanceof TerraformError && e.args[0] === "init") {
      throw new Error(`${e.message}\nterraform init could not install the aws provider offline: ${MIRROR_HELP}, or pass --plugin-dir`, {
        cause: e,
      });
    }
    throw e;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Fails before any planning when the plan JSON could not be written to `out`. */
function checkWritable(out: string): void {
  const target = path.resolve(out);
  if (statOf(target)?.isDirectory()) throw new UsageError(`--out ${out} is a directory`);
  let dir = path.dirname(target);
  while (!statOf(dir)) dir = path.dirname(dir);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`--out ${out}: ${dir} is a file, not a directory`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`--out ${out}: ${dir} is not writable`);
  }
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined; // missing, or under a file (ENOTDIR)
  }
}
