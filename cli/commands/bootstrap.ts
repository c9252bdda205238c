import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatProblem, loadConfigChecked, namePrefix } from "../../config/config";
import { bootstrapRoot } from "../../deploy/bootstrap";
import { GITHUB_ROLES, githubRoleName, identityRoot } from "../../deploy/identity";
import { providerLockFile } from "../../lib/provider-lock";
import { terraform } from "../../lib/terraform";
import { environmentFile } from "../environment-arg";
import { say, UsageError } from "../errors";

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

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
  // Named, never guessed from a remote: a clone of a fork would trust the fork.
  const repository = values["github-repo"];
  if (!repository) throw new UsageError("bootstrap needs --github-repo OWNER/NAME: the repository whose workflows plan and apply");
  if (!REPOSITORY.test(repository)) throw new UsageError(`--github-repo ${repository}: expected OWNER/NAME, as in github.com/OWNER/NAME`);
  const file = environmentFile(env);
  const loaded = await loadConfigChecked(file);
  if (!loaded.ok) throw Object.assign(new Error(loaded.problems.map(formatProblem).join("\n")), { problems: loaded.problems });
  const config = loaded.config;
  const provider = values["oidc-provider-arn"];
  if (
    provider &&
    !new RegExp(`^arn:aws(-[a-z]+)*:iam::${config.account_id}:oidc-provider/token\\.actions\\.githubusercontent\\.com$`).test(provider)
  ) {
    throw new UsageError(
      `--oidc-provider-arn ${provider}: expected GitHub's provider in ${env}'s account, ` +
        `arn:aws:iam::${config.account_id}:oidc-provider/token.actions.githubusercontent.com`,
    );
  }
  const out = values.out ?? path.join("dist", "bootstrap", env);
  // Without the flag, a root that created the state's key would now destroy it: prevent_destroy goes with the block.
  const existing = path.join(out, "main.tf");
  const created = fs.existsSync(existing) && fs.readFileSync(existing, "utf8").includes('resource "aws_kms_key" "state"');
  if (created && !values["create-state-key"]) {
    throw new UsageError(
      `${path.join(out, "main.tf")} creates the state's key: pass --create-state-key again, or its next apply destroys the key`,
    );
  }
  fs.mkdirSync(out, { recursive: true });
  const main = path.join(out, "main.tf");
  fs.writeFileSync(main, bootstrapRoot(config, { createStateKey: values["create-state-key"] }));
  fs.writeFileSync(
    path.join(out, "identity.tf"),
    identityRoot(config, { repository, oidcProviderArn: provider, createStateKey: values["create-state-key"] }),
  );
  fs.writeFileSync(path.join(out, ".terraform.lock.hcl"), providerLockFile());
  terraform(["fmt", "-list=false", path.resolve(out)], { cwd: out });
  const log = say(false);
  log(
    `wrote ${out}: the state bucket ${config.backend.bucket}, and GitHub Actions' roles for ${repository}: ` +
      `${GITHUB_ROLES.map((r) => githubRoleName(config, r)).join(", ")}`,
  );
  log(`run terraform init && terraform apply there with an administrator's credentials; then set the variables its outputs name`);
  log(
    `in GitHub, allow only main to deploy to the environment ${env} (Settings → Environments → Deployment branches): the apply role ` +
      `trusts any job of that environment`,
  );
  if (!config.iam.permissions_boundary_arn)
    log(
      `no iam.permissions_boundary_arn: the apply role may write any policy into the lake's roles (${namePrefix(config)}-*); set a ` +
        `boundary to cap them`,
    );
  return 0;
}
