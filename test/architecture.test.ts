/**
 * The house rules: lib/ is the ground and imports nothing above it, layers
 * only import downwards, and no two files import each other, even in a circle.
 * The checker (policy/) runs on plans lakegen did not write, so it stands on
 * lib/ alone; `lakegen pr` composes it with config and cost in review/. Test
 * support lives in testkit/, which no product file imports.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testkit/helpers";

/** From the ground up. A folder may import its own files and any folder before it. */
const LAYERS = ["lib", "modules", "config", "deploy", "envs", "deliverables", "policy", "review", "synth", "cli"];

/** Layers that may import only some of the layers below them. */
const ONLY: Record<string, string[]> = { policy: ["lib", "policy"] };

function sources(): string[] {
  return LAYERS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith(".ts") && !d.name.endsWith(".test.ts"))
      .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name))),
  );
}

/** Project files a source imports, as paths relative to the root (type-only imports count too). */
export function importsOf(file: string, text = fs.readFileSync(path.join(ROOT, file), "utf8")): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = path.normalize(path.join(path.dirname(file), spec));
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
      if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
    }
    throw new Error(`${file}: cannot resolve ${spec}`);
  });
}

const folderOf = (file: string) => file.split(path.sep)[0];
const layerOf = (file: string) => LAYERS.indexOf(folderOf(file));

/** Import circles, each as the list of files around it. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe("layers", () => {
  const graph = new Map(sources().map((f) => [f, importsOf(f).filter((g) => g.endsWith(".ts"))]));

  it("lib/ imports nothing above it, and no layer imports one above it", () => {
    const upward = [...graph].flatMap(([f, deps]) => deps.filter((d) => layerOf(d) > layerOf(f)).map((d) => `${f} -> ${d}`));
    expect(upward).toEqual([]);
  });

  it("imports nothing but the layers: no test/, testkit/ or bench/ file in the product", () => {
    const outside = [...graph].flatMap(([f, deps]) => deps.filter((d) => layerOf(d) < 0).map((d) => `${f} -> ${d}`));
    expect(outside).toEqual([]);
  });

  it("keeps the checker on lib/ alone", () => {
    const beyond = [...graph].flatMap(([f, deps]) =>
      deps.filter((d) => ONLY[folderOf(f)] && !ONLY[folderOf(f)].includes(folderOf(d))).map((d) => `${f} -> ${d}`),
    );
    expect(beyond).toEqual([]);
  });

  it("gives benchmarks test support from testkit/, never from test/", () => {
    const files = fs
      .readdirSync(path.join(ROOT, "bench"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join("bench", f));
    const fromTest = files.flatMap((f) =>
      importsOf(f)
        .filter((d) => folderOf(d) === "test")
        .map((d) => `${f} -> ${d}`),
    );
    expect(fromTest).toEqual([]);
  });

  it("has no import circles", () => {
    expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("finds a circle and an upward import when there is one", () => {
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual([["a", "b", "c", "a"]]);
    expect(importsOf("lib/x.ts", 'import { MODULES } from "../modules";').map(layerOf)).toEqual([LAYERS.indexOf("modules")]);
    expect(importsOf("policy/x.ts", 'import { checkConfig } from "../config/config";').map(folderOf)).toEqual(["config"]);
    expect(importsOf("lib/x.ts", 'import { passingLake } from "../testkit/policy/plan-fixture";').map(layerOf)).toEqual([-1]);
  });
});
