/**
 * Replacing an output directory safely: one writer at a time (a lock file
 * naming its pid), the new tree built beside the old one and renamed into
 * place, and scratch directories that never outlive their process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export class LockTimeoutError extends Error {}

/**
 * Runs `fn` holding `<target>.lock`. Another live holder is waited for, up to
 * `waitMs`; a lock left by a dead process is taken over.
 */
export function withLock<T>(target: string, fn: () => T, opts: { waitMs?: number; log?: (l: string) => void } = {}): T {
  const lock = `${path.resolve(target)}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(fs.readFileSync(lock, "utf8")) || 0;
      if (!holder || !alive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new LockTimeoutError(`${lock} is held by process ${holder}; another synth is running`);
      if (!told) opts.log?.(`waiting for process ${holder}, which holds ${lock}`);
      told = true;
      sleep(200);
    }
  }
  const release = () => fs.rmSync(lock, { force: true });
  const stopSignals = onSignals(release);
  try {
    return fn();
  } finally {
    stopSignals();
    release();
  }
}

/** The files a writer wrote into its tree, so the next replace knows what else is someone else's. */
export const MANIFEST = ".lakegen-files";

/**
 * Replaces `target` with `staging` (a sibling, so rename is atomic). Every
 * file of the old tree that its writer did not write (it is not in the old
 * tree's manifest, or there is no manifest) and that the new tree does not
 * hold is carried over: a team's `*_override.tf`, plans, `.terraform`. A kill
 * at any point leaves either the old tree or the new one; `recoverDir` puts
 * back an old tree whose swap was cut between its two renames.
 */
export function replaceDir(staging: string, target: string): void {
  const old = `${target}.lakegen-old`;
  recoverDir(target);
  fs.writeFileSync(path.join(staging, MANIFEST), filesUnder(staging).join("\n") + "\n");
  if (fs.existsSync(target)) {
    const manifest = path.join(target, MANIFEST);
    const written = new Set(fs.existsSync(manifest) ? fs.readFileSync(manifest, "utf8").split("\n").filter(Boolean) : []);
    for (const rel of entriesNotWritten(target, written)) {
      const to = path.join(staging, rel);
      if (fs.existsSync(to)) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(path.join(target, rel), to);
    }
    fs.renameSync(target, old);
  }
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}

/** Every file under `dir`, relative and sorted. */
function filesUnder(dir: string, rel = ""): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

/** The old tree's entries its writer did not write: whole directories where none of it was written. */
function entriesNotWritten(dir: string, written: Set<string>, rel = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (p === MANIFEST) continue;
    if (!e.isDirectory()) {
      if (!written.has(p)) out.push(p);
    } else if ([...written].some((w) => w.startsWith(p + path.sep))) out.push(...entriesNotWritten(dir, written, p));
    else out.push(p);
  }
  return out;
}

export function recoverDir(target: string): void {
  const old = `${target}.lakegen-old`;
  if (!fs.existsSync(old)) return;
  if (fs.existsSync(target)) fs.rmSync(old, { recursive: true, force: true });
  else fs.renameSync(old, target);
}

/**
 * A scratch directory `lakegen-<prefix>-<pid>-…` in the system temp folder,
 * removed on SIGINT/SIGTERM. Ones left by dead processes (SIGKILL) are swept.
 */
export function scratchDir(prefix: string): { dir: string; dispose: () => void } {
  sweep(os.tmpdir(), `lakegen-${prefix}-`);
  // The handler is in place before the directory exists and until it is gone: no signal finds one without the other.
  let dir = "";
  const remove = () => dir && fs.rmSync(dir, { recursive: true, force: true });
  const stop = onSignals(remove);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), `lakegen-${prefix}-${process.pid}-`));
  return {
    dir,
    dispose: () => {
      remove();
      stop();
    },
  };
}

/** A new directory with the usual permissions (mkdtemp makes them 0700). */
export function openDir(dir: string): void {
  const umask = process.umask();
  fs.chmodSync(dir, 0o777 & ~umask);
}

/** Removes `<parent>/<prefix><pid>-*` entries whose process is gone. */
export function sweep(parent: string, prefix: string): void {
  for (const name of fs.readdirSync(parent)) {
    const m = name.startsWith(prefix) && /^(\d+)-/.exec(name.slice(prefix.length));
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) {
      fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

/** Runs `cleanup` and exits with 128 + signal on SIGINT or SIGTERM; returns the unsubscribe. */
function onSignals(cleanup: () => void): () => void {
  const handlers = (["SIGINT", "SIGTERM"] as const).map((sig) => {
    const h = () => {
      cleanup();
      process.exit(sig === "SIGINT" ? 130 : 143);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => handlers.forEach(([sig, h]) => process.off(sig, h));
}
