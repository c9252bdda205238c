/**
 * The cdktf app, for `cdktf synth`: cdktf.out/stacks/env-<env> is a root that
 * `terraform init` accepts, with the modules beside it and its tfvars.
 * `lakegen synth` (npm run synth) builds the same app and writes HCL to dist/.
 */
import { loadEnvironments } from "./synth/environments";
import { HCL_REFUSED, synthForCdktf } from "./synth/cdktf-out";

if (require.main === module) {
  if (!synthForCdktf(loadEnvironments(), process.env.CDKTF_OUTDIR ?? "cdktf.out")) {
    console.error(HCL_REFUSED);
    process.exit(1);
  }
}
