import * as fs from "node:fs";
import * as path from "node:path";

export default function globalTeardown(): void {
  const dir = process.env.LAKEGEN_JEST_DIR;
  if (!dir) return;
  // npm test hands the rendered roots on to the data journey, which would otherwise render them again, and the dist/
  // every Jest file read (testkit/shared-root) to the module tests and the emulator suite (test/dist.sh).
  keep(path.join(dir, "rendered"), process.env.LAKEGEN_KEEP_RENDERED);
  keep(path.join(dir, "shared", "dist"), process.env.LAKEGEN_KEEP_DIST);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** `from` copied to `to`, whole or not at all: a copy cut short is never at the name the suites look for. */
function keep(from: string, to: string | undefined): void {
  if (!to || !fs.existsSync(from)) return;
  const tmp = `${to}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(from, tmp, { recursive: true });
  fs.rmSync(to, { recursive: true, force: true });
  fs.renameSync(tmp, to);
}
