/** An environment named on the command line: a name, never a path, with a tfvars file behind it. */
import { environmentFiles, environmentName } from "../config/config";
import { UsageError } from "./errors";

const ENV_NAME = /^[a-z][a-z0-9]*$/;

export const isEnvironmentName = (s: string) => ENV_NAME.test(s);

/** The environment's tfvars file; a bad or unknown name is a usage error (exit 2) that lists the known ones. */
export function environmentFile(env: string): string {
  const files = environmentFiles();
  const known = files.map(environmentName);
  const list = known.length ? `known environments: ${known.join(", ")}` : "tfvars/ has no environments";
  if (!ENV_NAME.test(env)) throw new UsageError(`"${env}" is not an environment name (lower case letters and digits); ${list}`);
  const file = files.find((f) => environmentName(f) === env);
  if (!file) throw new UsageError(`no environment "${env}": there is no tfvars/${env}.tfvars; ${list}`);
  return file;
}
