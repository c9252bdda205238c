/**
 * Where a finding's resource is written: the .tf file and line of its block,
 * found under the root configuration's directory through the module sources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanModel } from "../plan";
import type { Finding } from "../rule";

export interface SourceLocation {
  /** Relative to baseDir(sourceRoot), with forward slashes. */
  file: string;
  line: number;
}

/**
 * The directory source paths are relative to (SARIF's %SRCROOT%): the
 * repository that holds the source root, as code scanning and annotations
 * expect; outside a repository, the working directory if it holds the source
 * root, else the source root itself.
 */
export function baseDir(sourceRoot: string): string {
  const start = path.resolve(sourceRoot);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const cwd = process.cwd();
  return start === cwd || start.startsWith(cwd + path.sep) ? cwd : start;
}

export function locator(model: PlanModel, sourceRoot?: string): (f: Finding) => SourceLocation | undefined {
  const base = sourceRoot ? baseDir(sourceRoot) : "";
  const cache = new Map<string, SourceLocation | undefined>();
  return (f) => {
    if (!sourceRoot) return undefined;
    const block = /(?:^|\.)((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]*\])?$/.exec(f.address)?.[1];
    if (!block) return undefined;
    const key = `${f.file}|${f.moduleAddress}|${block}`;
    if (!cache.has(key)) {
      const source = model.moduleSource(f.file, f.moduleAddress);
      const dir = source ? path.resolve(sourceRoot, source) : path.resolve(sourceRoot);
      cache.set(key, findBlock(dir, block, base));
    }
    return cache.get(key);
  };
}

function findBlock(dir: string, block: string, base: string): SourceLocation | undefined {
  const parts = block.split(".");
  const [kind, type, name] = parts[0] === "data" ? ["data", parts[1], parts[2]] : ["resource", parts[0], parts[1]];
  const header = new RegExp(`^${kind}\\s+"${type}"\\s+"${name}"\\s*\\{`);
  if (!fs.existsSync(dir)) return undefined;
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".tf"))
    .sort()) {
    const lines = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
    const i = lines.findIndex((l) => header.test(l));
    if (i >= 0) return { file: path.relative(base, path.join(dir, f)).split(path.sep).join("/"), line: i + 1 };
  }
  return undefined;
}
