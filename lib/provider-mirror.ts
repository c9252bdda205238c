/**
 * Finds the offline hashicorp/aws provider mirror and points Terraform at it,
 * so `lakegen plan` and the tests work on a machine whose TF_CLI_CONFIG_FILE
 * is unset or names a file that does not exist.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where a mirror is looked for when LAKEGEN_PROVIDER_MIRROR is not set. */
export const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

export const MIRROR_HELP =
  "set LAKEGEN_PROVIDER_MIRROR to a directory holding registry.terraform.io/hashicorp/aws/<version>/<platform>/, " +
  "or TF_CLI_CONFIG_FILE to a Terraform CLI config with a provider_installation block";

export class MirrorNotFoundError extends Error {
  constructor(detail: string) {
    super(`no hashicorp/aws provider mirror: ${detail}; ${MIRROR_HELP}`);
  }
}

const hasAws = (dir: string) => fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws"));

/** The mirror directory: LAKEGEN_PROVIDER_MIRROR if set (it must hold aws), else the first candidate that does. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env, candidates = MIRROR_CANDIDATES): string | undefined {
  const given = env.LAKEGEN_PROVIDER_MIRROR;
  if (given) {
    if (!hasAws(given)) throw new MirrorNotFoundError(`LAKEGEN_PROVIDER_MIRROR=${given} has no registry.terraform.io/hashicorp/aws`);
    return given;
  }
  return candidates.find(hasAws);
}

export function cliConfigFor(mirror: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`;
}

/**
 * Makes sure TF_CLI_CONFIG_FILE names an existing config. An existing file is
 * the user's choice and is kept; otherwise a config for the mirror is written
 * under `dir` and the variable set. Returns the config file.
 */
export function ensureCliConfig(dir: string, env: NodeJS.ProcessEnv = process.env, candidates = MIRROR_CANDIDATES): string {
  const current = env.TF_CLI_CONFIG_FILE;
  if (current && fs.existsSync(current) && !env.LAKEGEN_PROVIDER_MIRROR) return current;
  const mirror = findProviderMirror(env, candidates);
  if (!mirror) {
    const why = current ? `TF_CLI_CONFIG_FILE=${current} does not exist` : "TF_CLI_CONFIG_FILE is not set";
    throw new MirrorNotFoundError(`${why}, and none of ${candidates.join(", ")} holds one`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "terraformrc");
  fs.writeFileSync(file, cliConfigFor(mirror));
  env.TF_CLI_CONFIG_FILE = file;
  return file;
}

export type ProviderSource = { kind: "mirror"; config: string } | { kind: "registry"; notice: string };

/**
 * Where the tests' Terraform takes hashicorp/aws: the mirror (ensureCliConfig), or, when there is none,
 * the registry, as on a GitHub runner. A mirror named by LAKEGEN_PROVIDER_MIRROR that does not hold the
 * provider is still an error. In registry mode TF_CLI_CONFIG_FILE is dropped if it names no file (Terraform
 * would only warn) and LAKEGEN_PROVIDER_SOURCE=registry tells the suites which mode they run in.
 */
export function providerSource(dir: string, env: NodeJS.ProcessEnv = process.env, candidates = MIRROR_CANDIDATES): ProviderSource {
  try {
    return { kind: "mirror", config: ensureCliConfig(dir, env, candidates) };
  } catch (e) {
    if (!(e instanceof MirrorNotFoundError) || env.LAKEGEN_PROVIDER_MIRROR) throw e;
    if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
    env.LAKEGEN_PROVIDER_SOURCE = "registry";
    return {
      kind: "registry",
      notice: `${e.message.replace(/; set .*/, "")}: Terraform takes hashicorp/aws from registry.terraform.io, as on a GitHub runner`,
    };
  }
}

/** For the test scripts: prints the CLI config to use, or nothing (registry), with the notice on stderr. */
export function providerSourceForScript(dir: string): string {
  const source = providerSource(dir);
  if (source.kind === "mirror") return source.config;
  process.stderr.write(`lakegen tests: ${source.notice}\n`);
  return "";
}
