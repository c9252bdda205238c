/**
 * Module releases: each module packaged as `<module>-<version>.tar.gz` (the
 * module at the archive's root, byte-for-byte reproducible) with its SHA-256.
 * The version follows from the module's interface against the last released
 * one, kept in releases/<module>/interface.json with the module's changelog,
 * so the computation is reproducible and reviewed like code.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tar from "tar";
import { scratchDir } from "../lib/atomic-dir";
import {
  bumpOf,
  type Bump,
  changelogEntry,
  changes,
  detectMoves,
  interfaceOf,
  type ModuleInterface,
  nextVersion,
  readMoves,
  resourcesOf,
  writeMovedFile,
} from "../lib/module-interface";
import { loadEnvironments } from "./environments";
import { buildApp, synthesize, synthJson } from "./synth";

export interface ReleaseOptions {
  /** Where the archives go. */
  outDir: string;
  /** Where the last released interfaces and changelogs are kept. */
  recordDir: string;
  /** Compute and package, but leave the record as it is. */
  dryRun?: boolean;
  /** A tree this checkout synthesized, to package instead of synthesizing again. */
  distDir?: string;
  log?: (line: string) => void;
}

export interface ModuleRelease {
  module: string;
  version: string;
  /** `<module>/v<version>`, the git tag of the release. */
  tag: string;
  bump: Bump;
  /** False when the module is unchanged since its last release: its archive is rebuilt, identical. */
  released: boolean;
  archive: string;
  sha256: string;
}

function listFiles(dir: string, at = ""): string[] {
  return fs
    .readdirSync(path.join(dir, at), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(at, e.name)) : [path.join(at, e.name)]))
    .sort();
}

function contentHash(dir: string): string {
  const h = crypto.createHash("sha256");
  for (const f of listFiles(dir))
    h.update(`${f}\0`)
      .update(fs.readFileSync(path.join(dir, f)))
      .update("\0");
  return h.digest("hex");
}

/** Every directory and file under dir, as `./path` in sorted order: the archive's order never depends on the file system. */
function entriesOf(dir: string, at = "."): string[] {
  return fs
    .readdirSync(path.join(dir, at), { withFileTypes: true })
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .flatMap((e) => {
      const rel = `${at}/${e.name}`;
      return e.isDirectory() ? [`${rel}/`, ...entriesOf(dir, rel)] : [rel];
    });
}

/**
 * A gzipped tar that depends only on the files: sorted names, time 0, no owners
 * (node-tar's portable mode, which also zeroes the gzip header's time), on any OS.
 */
function packDeterministic(dir: string, archive: string): void {
  tar.create(
    { sync: true, gzip: { level: 9 }, portable: true, mtime: new Date(0), noDirRecurse: true, cwd: dir, file: archive },
    entriesOf(dir),
  );
}

const sha256Of = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

export function releaseModules(opts: ReleaseOptions): ModuleRelease[] {
  const log = opts.log ?? (() => {});
  const work = scratchDir("release");
  try {
    const dist = opts.distDir ?? path.join(work.dir, "dist");
    if (!opts.distDir) synthesize({ environments: loadEnvironments(), distDir: dist });
    const built = buildApp([], path.join(work.dir, "cdktf.out"));
    const json = synthJson(built);
    fs.mkdirSync(opts.outDir, { recursive: true });
    const results: ModuleRelease[] = [];
    for (const stack of built.modules) {
      const name = stack.definition.name;
      // Packed from a copy, with the changelog added.
      const moduleDir = path.join(work.dir, "pack", name);
      fs.cpSync(path.join(dist, "modules", name), moduleDir, { recursive: true, filter: (f) => path.basename(f) !== ".terraform" });
      const outputs = Object.keys((json.get(name)!.output ?? {}) as object);
      const resources = resourcesOf(json.get(name)!.resource as Record<string, Record<string, unknown>> | undefined);
      const recordFile = path.join(opts.recordDir, name, "interface.json");
      const changelogFile = path.join(opts.recordDir, name, "CHANGELOG.md");
      const last: ModuleInterface | undefined = fs.existsSync(recordFile) ? JSON.parse(fs.readFileSync(recordFile, "utf8")) : undefined;
      // Renames since the last release are carried by moved blocks, beside those earlier releases carried.
      const moved = last ? detectMoves(last, { resources }) : [];
      const allMoves = [...readMoves(opts.recordDir, name), ...moved];
      writeMovedFile(moduleDir, allMoves, new Set(Object.keys(resources)));
      const now = { ...interfaceOf(name, stack.variables, outputs, contentHash(moduleDir)), resources };
      const cs = last ? changes(last, now, moved) : [];
      const bump = last ? bumpOf(cs) : "major";
      const version = last ? nextVersion(last.version, bump) : "1.0.0";
      const released = bump !== "none";
      const oldLog = fs.existsSync(changelogFile) ? fs.readFileSync(changelogFile, "utf8").replace(/^# .*\n\n/, "") : "";
      const changelog = released ? `# ${name} changelog\n\n${changelogEntry(version, cs)}\n${oldLog}` : `# ${name} changelog\n\n${oldLog}`;
      fs.writeFileSync(path.join(moduleDir, "CHANGELOG.md"), changelog.trimEnd() + "\n");
      const archive = path.join(opts.outDir, `${name}-${version}.tar.gz`);
      packDeterministic(moduleDir, archive);
      const sha256 = sha256Of(archive);
      fs.writeFileSync(`${archive}.sha256`, `${sha256}  ${path.basename(archive)}\n`);
      if (released && !opts.dryRun) {
        fs.mkdirSync(path.dirname(recordFile), { recursive: true });
        fs.writeFileSync(recordFile, JSON.stringify({ ...now, version }, null, 2) + "\n");
        fs.writeFileSync(changelogFile, changelog.trimEnd() + "\n");
        if (moved.length) fs.writeFileSync(path.join(opts.recordDir, name, "moved.json"), JSON.stringify(allMoves, null, 2) + "\n");
      }
      const status = !last ? `${version} (first release)` : released ? `${last.version} -> ${version} (${bump})` : `${version} (unchanged)`;
      log(`  ${name.padEnd(18)} ${status}`);
      results.push({ module: name, version, tag: `${name}/v${version}`, bump, released, archive: path.basename(archive), sha256 });
    }
    fs.writeFileSync(path.join(opts.outDir, "SHA256SUMS"), results.map((r) => `${r.sha256}  ${r.archive}\n`).join(""));
    fs.writeFileSync(path.join(opts.outDir, "release.json"), JSON.stringify(results, null, 2) + "\n");
    return results;
  } finally {
    work.dispose();
  }
}
