/**
 * The cdktf app, for `cdktf synth` and `cdktf synth --hcl`. `lakegen synth`
 * (npm run synth) builds the same app and writes dist/ from it.
 */
import { loadEnvironments } from "./synth/environments";
import { buildApp } from "./synth/synth";

if (require.main === module) {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  buildApp(loadEnvironments(), outdir).app.synth();
}
