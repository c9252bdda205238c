/**
 * The README and docs/ against the code: the README stays short, every link
 * lands on a file and a heading that exist, and the tables and counts it holds
 * are the code's own (the rules table and the classes table are kept by
 * policy/policy.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { COMMAND_NAMES } from "../cli/lakegen";
import { MODULES } from "../modules";
import { RULES } from "../policy/rules";
import { ROOT } from "../testkit/helpers";

const DOCS = fs
  .readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => path.join("docs", f));
const PAGES = ["README.md", ...DOCS];
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), "utf8");

/** A heading's anchor, as GitHub makes it. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");

/** A page's anchors, with GitHub's -1, -2… for headings that repeat. */
function anchorsOf(page: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of read(page).matchAll(/^#{1,6} (.+)$/gm)) {
    const a = anchor(heading);
    const n = seen.get(a) ?? 0;
    seen.set(a, n + 1);
    out.add(n ? `${a}-${n}` : a);
  }
  return out;
}

/** The rows of the first Markdown table after `heading`, as cells. */
function tableAfter(text: string, heading: string): string[][] {
  const lines = text.slice(text.indexOf(heading)).split("\n");
  const start = lines.findIndex((l) => l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("|"));
  const table = lines.slice(start, end < 0 ? undefined : end);
  expect(table.length).toBeGreaterThan(2);
  return table.slice(2).map((l) =>
    l
      .slice(1, -1)
      .split(" | ")
      .map((c) => c.trim()),
  );
}

it("keeps the README to what a newcomer reads in ten minutes: at most 300 lines", () => {
  expect(read("README.md").split("\n").length).toBeLessThanOrEqual(300);
});

it("has docs to link to, and the README links every one of them", () => {
  expect(DOCS.length).toBeGreaterThan(5);
  for (const d of DOCS) expect([d, read("README.md").includes(`](${d})`)]).toEqual([d, true]);
});

it.each(PAGES)("%s: every relative link lands on a file, and on a heading of it", (page) => {
  const links = [...read(page).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  for (const link of links) {
    const [file, hash] = link.split("#");
    const target = file ? path.normalize(path.join(path.dirname(page), file)) : page;
    expect([link, fs.existsSync(path.join(ROOT, target))]).toEqual([link, true]);
    if (hash && target.endsWith(".md")) expect([link, anchorsOf(target).has(hash)]).toEqual([link, true]);
  }
});

it("lists every module with its tfvars key, and no other", () => {
  const rows = tableAfter(read("README.md"), "## Modules");
  expect(rows.map((r) => [r[0], r[1]])).toEqual(MODULES.map((m) => [`\`${m.name}\``, `\`${String(m.tfvarsKey)}\``]));
});

it("lists every command, and no other", () => {
  const rows = tableAfter(read("README.md"), "## Commands");
  expect(rows.map((r) => r[0].replace(/`/g, "").split(" ")[0]).sort()).toEqual([...COMMAND_NAMES].sort());
});

it.each(PAGES)("%s: every count of rules is the number of rules", (page) => {
  for (const m of read(page).matchAll(/\b(\d+) rules\b/g)) expect([m[0], Number(m[1])]).toEqual([m[0], RULES.length]);
});
