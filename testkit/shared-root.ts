/**
 * The committed environments synthesized once and planned once per jest run,
 * shared by every test file that reads them through LAKEGEN_JEST_DIR: a synth
 * costs seconds and a plan of prod several, and a dozen files read the same.
 * A file that changes what it plans synthesizes its own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineRoot } from "../lib/plan";
import { loadEnvironments } from "../synth/environments";
import { synthesize } from "../synth/synth";
import { ROOT } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform's plan JSON, read as the tests read it
type Json = Record<string, any>;

/** This jest run's folder, which its global setup makes and its teardown removes. */
export function jestDir(): string {
  const dir = process.env.LAKEGEN_JEST_DIR;
  if (!dir) throw new Error("LAKEGEN_JEST_DIR is unset: run through jest, whose global setup sets it");
  return dir;
}

const sharedDir = () => path.join(jestDir(), "shared");

/**
 * `produce` run once per jest run for the file or folder `done`, whichever test file asks first; the others
 * wait for it. A directory made with mkdir is the lock: it is atomic, and a file that crashes leaves no result.
 */
export async function onceAt(done: string, produce: (out: string) => void | Promise<void>): Promise<string> {
  const lock = `${done}.lock`;
  fs.mkdirSync(path.dirname(done), { recursive: true });
  for (;;) {
    if (fs.existsSync(done)) return done;
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
    } catch {
      releaseIfOwnerDied(lock);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      // Another worker may have finished between the check above and the lock.
      if (fs.existsSync(done)) return done;
      const tmp = `${done}.tmp`;
      fs.rmSync(tmp, { recursive: true, force: true });
      await produce(tmp);
      fs.renameSync(tmp, done);
      return done;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A lock whose worker is gone (killed mid-produce) is released, so the others do not wait for it forever. */
function releaseIfOwnerDied(lock: string): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
  } catch {
    return; // released meanwhile, or taken a moment ago and its pid not written yet
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** `produce` run once per jest run under `name` in the shared folder. */
export const once = (name: string, produce: (out: string) => void | Promise<void>) => onceAt(path.join(sharedDir(), name), produce);

/** dist/ of the committed tfvars, as `lakegen synth` writes it. Read it; never write into it. */
export function sharedDist(): Promise<string> {
  return once("dist", (out) => {
    process.chdir(ROOT);
    synthesize({ environments: loadEnvironments(), distDir: out });
  });
}

/** The offline plan of a committed environment, as `terraform show -json` gives it. */
export async function sharedPlan(env: string): Promise<Json> {
  const dist = await sharedDist();
  const file = await once(`plan-${env}.json`, (out) => {
    const root = new OfflineRoot(dist, env);
    try {
      root.init();
      fs.writeFileSync(out, JSON.stringify(root.plan()));
    } finally {
      root.dispose();
    }
  });
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
