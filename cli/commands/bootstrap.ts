import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, loadConfigChecked } from "../../config/config";
import { bootstrapRoot } from "../../deploy/bootstrap";
import { GITHUB_ROLES, githubRoleName, identityRoot } from "../../deploy/identity";
import { providerLockFile } from "../../lib/provider-lock";
import { terraform } from "../../lib/terraform";
import { environmentFile } from "../environment-arg";
import { say, UsageError } from "../errors";

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/** owner/name of the origin remote when it is a GitHub repository. */
function originRepository(): string | undefined {
  const url = spawnSync("git", ["config", "--get", "remote.origin.url"], { encoding: "utf8" }).stdout?.trim() ?? "";
  return /github\.com[:/]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?$/.exec(url)?.[1];
}

export async function bootstrapCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      "github-repo": { type: "string" },
      "oidc-provider-arn": { type: "string" },
      "create-state-key": { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("bootstrap needs exactly one environment, e.g. lakegen bootstrap prod");
  const env = positionals[0];
  const repository = values["github-repo"] ?? originRepository();
  if (!repository) throw new UsageError("bootstrap needs --github-repo OWNER/NAME: the repository whose workflows plan and apply (origin is not on GitHub)");
  if (!REPOSITORY.test(repository)) throw new UsageError(`--github-repo ${repository}: expected OWNER/NAME, as in github.com/OWNER/NAME`);
  const file = environmentFile(env);
  const loaded = await loadConfigChecked(file);
  if (!loaded.ok) throw Object.assign(new Error(loaded.problems.map(formatProblem).join("\n")), { problems: loaded.problems });
  const config = loaded.config;
  const provider = values["oidc-provider-arn"];
  if (provider && !new RegExp(`^arn:aws(-[a-z]+)*:iam::${config.account_id}:oidc-provider/token\\.actions\\.githubusercontent\\.com$`).test(provider)) {
    throw new UsageError(`--oidc-provider-arn ${provider}: expected GitHub's provider in ${env}'s account, arn:aws:iam::${config.account_id}:oidc-provider/token.actions.githubusercontent.com`);
  }
  if (values["create-state-key"] && config.backend.kms_key_id) {
    throw new UsageError(`--create-state-key: backend.kms_key_id of ${file} already names the state's key (${config.backend.kms_key_id})`);
  }
  const out = values.out ?? path.join("dist", "bootstrap", env);
  fs.mkdirSync(out, { recursive: true });
  const main = path.join(out, "main.tf");
  fs.writeFileSync(main, bootstrapRoot(config, { createStateKey: values["create-state-key"] }));
  fs.writeFileSync(path.join(out, "identity.tf"), identityRoot(config, { repository, oidcProviderArn: provider }));
  fs.writeFileSync(path.join(out, ".terraform.lock.hcl"), providerLockFile());
  terraform(["fmt", "-list=false", path.resolve(out)], { cwd: out });
  const log = say(false);
  log(`wrote ${out}: the state bucket ${config.backend.bucket}, and GitHub Actions' roles for ${repository}: ${GITHUB_ROLES.map((r) => githubRoleName(config, r)).join(", ")}`);
  log(`run terraform init && terraform apply there with an administrator's credentials; then set the variables its outputs name`);
  return 0;
}
