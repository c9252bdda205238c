import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testkit/helpers";
import { loadConfig } from "./config";
import { upgradeAnchor, upgradeFor, UPGRADES, upgradingDoc } from "./upgrades";

/** Prod's tfvars as lakegen 1.0.0 shipped them (the first recorded module releases), in the upgrade test's fixture. */
const OLD_PROD = path.join(ROOT, "test", "fixtures", "previous-release", "envs", "prod", "terraform.tfvars");

describe("upgrade notes", () => {
  it("docs/upgrading.md is generated from config/upgrades.ts", () => {
    expect(fs.readFileSync(path.join(ROOT, "docs", "upgrading.md"), "utf8")).toBe(upgradingDoc());
  });

  it("names the note beside each old key and value of 1.0.0's prod tfvars, and the release that made it", () => {
    const loaded = loadConfig(OLD_PROD);
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(problems.map((p) => p.path)).toEqual([
      "glue",
      "orchestration.retry.errors",
      "sources.source-system-b",
      "sources.api-integrations",
    ]);
    // A new requirement's own problem says what to add; an old key or value gets the release's note.
    for (const p of problems.slice(2)) expect(p.message).not.toContain("lakegen 2.0.0");
    for (const p of problems.slice(0, 2)) {
      expect(p.message).toContain("in lakegen 2.0.0:");
      expect(p.message).toContain(`See docs/upgrading.md#${upgradeAnchor("2.0.0")}]`);
    }
    expect(problems[0].message).toMatch(/^Unrecognized key: "max_retries" \[removed in lakegen 2\.0\.0: Remove it\./);
  });

  it("the anchor it names is the heading of the release in docs/upgrading.md", () => {
    const headings = [...upgradingDoc().matchAll(/^## (.+)$/gm)].map((m) =>
      m[1]
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, "")
        .replace(/ /g, "-"),
    );
    for (const u of UPGRADES) expect(headings).toContain(upgradeAnchor(u.since));
  });

  it("leaves a problem no release explains without a note", () => {
    expect(upgradeFor("emr.max_executors", "Too big: expected number to be <=1000")).toBeUndefined();
    expect(upgradeFor("sources.orders.contract.columns[0].type", "Invalid option")).toBeUndefined();
    expect(upgradeFor("glue", 'Unrecognized key: "max_retry"')).toBeUndefined();
    // An error name no release ever accepted is today's mistake, not an old file's.
    expect(upgradeFor("orchestration.retry.errors", "must be errors (unknown: States.TaskFailed)")).toBeUndefined();
    expect(upgradeFor("orchestration.retry.errors", "must be errors (unknown: States.Timeout)")?.since).toBe("2.0.0");
  });

  it("reads each unknown key zod names, at the top level too", () => {
    expect(upgradeFor("glue", 'Unrecognized keys: "timeout", "max_retries"')?.key).toBe("glue.max_retries");
    expect(upgradeFor("", 'Unrecognized key: "glue"')).toBeUndefined();
  });

  it("validates today's shipped environments with no note at all", () => {
    for (const env of ["dev", "prod"]) expect(loadConfig(path.join(ROOT, "tfvars", `${env}.tfvars`)).ok).toBe(true);
  });
});
