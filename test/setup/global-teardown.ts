import * as fs from "node:fs";
import * as path from "node:path";

export default function globalTeardown(): void {
  const dir = process.env.LAKEGEN_JEST_DIR;
  if (!dir) return;
  // npm test hands the rendered roots on to the data journey, which would otherwise render them again.
  const keep = process.env.LAKEGEN_KEEP_RENDERED;
  const rendered = path.join(dir, "rendered");
  if (keep && fs.existsSync(rendered)) {
    fs.rmSync(keep, { recursive: true, force: true });
    fs.mkdirSync(keep, { recursive: true });
    for (const f of fs.readdirSync(rendered).filter((f) => f.endsWith(".json")))
      fs.copyFileSync(path.join(rendered, f), path.join(keep, f));
  }
  // And the dist/ every Jest file read (testkit/shared-root) to the module tests and the emulator suite (test/dist.sh).
  const keepDist = process.env.LAKEGEN_KEEP_DIST;
  const dist = path.join(dir, "shared", "dist");
  if (keepDist && fs.existsSync(dist)) {
    // Whole or not at all: a copy cut short is never at the name the suites look for.
    const tmp = `${keepDist}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(dist, tmp, { recursive: true });
    fs.rmSync(keepDist, { recursive: true, force: true });
    fs.renameSync(tmp, keepDist);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
