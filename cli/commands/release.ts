import { parseArgs } from "node:util";
import { releaseModules } from "../../synth/release";
import { say } from "../errors";

export function releaseCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "dist/release" },
      record: { type: "string", default: "releases" },
      "dry-run": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });
  const log = say(values.quiet);
  log(`packaging modules into ${values.out}/ (versions from ${values.record}/)`);
  const results = releaseModules({ outDir: values.out, recordDir: values.record, dryRun: values["dry-run"], log });
  const released = results.filter((r) => r.released);
  log(released.length ? `to tag: ${released.map((r) => r.tag).join(" ")}` : "nothing to release: every module is unchanged");
  if (values["dry-run"]) log(`--dry-run: ${values.record}/ left as it was`);
  return 0;
}
