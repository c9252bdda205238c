import * as fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTempDir } from "../../lib/terraform";
import { runChecks } from "../engine";
import type { Finding } from "../rule";
import { passingLake } from "../../testkit/policy/plan-fixture";
import { FORMATS, renderReport } from "./formats";

const { model } = runChecks([{ file: "plan.json", plan: passingLake().plan() }]);
// Any text: control characters, lone surrogates, pipes, backticks, markup.
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    fc.constantFrom("|", "`", "<", "&", "%", "\ud800", "\udc00", "😀", "\ufffe"),
  ),
  maxLength: 40,
});
const finding = (address: string, message: string, reason: string): Finding[] => [
  {
    ruleId: "LG-S3-001",
    severity: "high",
    address,
    resourceType: "aws_s3_bucket",
    message,
    file: "plan.json",
    moduleAddress: "module.lake",
  },
  {
    ruleId: "LG-S3-004",
    severity: "medium",
    address,
    resourceType: "aws_s3_bucket",
    message,
    file: "plan.json",
    moduleAddress: "module.lake",
    suppressed: { reason, expires: "2099-01-01" },
  },
];
// C0 and C1 controls, DEL, U+FFFE/U+FFFF and unpaired surrogates.
const FORBIDDEN_XML =
  // eslint-disable-next-line no-control-regex -- control characters are what it finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("every report format, for any resource address", () => {
  it("stays well formed", () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (address, message, reason) => {
        const input = { findings: finding(address, message, reason), model, failOn: "high" as const, version: "0" };
        const out = Object.fromEntries(FORMATS.map((f) => [f, renderReport(f, input)]));
        expect(JSON.parse(out.json).findings[0].address).toBe(address);
        expect(JSON.parse(out.sarif).runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe(address);
        expect(out.junit).not.toMatch(FORBIDDEN_XML);
        expect((out.junit.match(/<testcase classname="LG-S3-00[14]"/g) ?? []).length).toBe(2);
        expect(out.text.replace(/\n/g, "")).not.toMatch(CONTROL);
        expect(out.github).not.toMatch(CONTROL);
        expect(out.github.split("\n").filter(Boolean)).toHaveLength(1);
        // One table row per finding, each with the table's cells: unescaped pipes are the cell borders.
        const rows = out.markdown.split("\n").filter((l) => /^\| (high|LG-S3-004) /.test(l));
        expect(rows.map((r) => r.replace(/\\\|/g, "").split("|").length)).toEqual([7, 6]);
        expect(out.markdown.replace(/\n/g, "")).not.toMatch(CONTROL);
      }),
      { numRuns: 200 },
    );
  });
});

describe("--source-root", () => {
  const tmp = makeTempDir("source-root");
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const layout = (root: string) => {
    fs.mkdirSync(path.join(root, "envs", "dev", "modules", "lake"), { recursive: true });
    fs.writeFileSync(path.join(root, "envs", "dev", "modules", "lake", "main.tf"), '\nresource "aws_s3_bucket" "this" {\n}\n');
    return path.join(root, "envs", "dev");
  };
  const located = (sourceRoot: string) => {
    const f = passingLake();
    f.remove('aws_s3_bucket_server_side_encryption_configuration.this["raw"]');
    const checked = runChecks([{ file: "plan.json", plan: f.plan() }]);
    const log = JSON.parse(renderReport("sarif", { ...checked, failOn: "high", version: "0", sourceRoot }));
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "LG-S3-002");
    const uri: string = result.locations[0].physicalLocation.artifactLocation.uri;
    return { uri, base: log.runs[0].originalUriBaseIds.SRCROOT.uri as string };
  };

  it("gives paths relative to the repository that holds the root, and says which directory that is", () => {
    const repo = path.join(tmp, "repo");
    fs.mkdirSync(path.join(repo, ".git"), { recursive: true });
    const { uri, base } = located(layout(repo));
    expect(uri).toBe("envs/dev/modules/lake/main.tf");
    expect(fs.existsSync(path.join(fileURLToPath(base), uri))).toBe(true);
  });

  it("outside a repository and the working directory, gives them relative to the source root itself", () => {
    const { uri, base } = located(layout(path.join(tmp, "loose")));
    expect(uri).toBe("modules/lake/main.tf");
    expect(fs.existsSync(path.join(fileURLToPath(base), uri))).toBe(true);
  });
});
