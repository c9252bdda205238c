/** The report formats of `lakegen check`: text, json, sarif, junit, markdown and github. */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ALL_RULES, fails, type RuleResult } from "../engine";
import type { PlanModel } from "../plan";
import { type Finding, type Rule, type Severity, SEVERITIES, type UnknownPolicy } from "../rule";
import { mdCell, mdCode, printable } from "../../lib/markdown";
import { baseDir, locator } from "./locate";

export const FORMATS = ["text", "json", "sarif", "junit", "markdown", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportInput {
  findings: Finding[];
  model: PlanModel;
  failOn: Severity;
  color?: boolean;
  sourceRoot?: string;
  version: string;
  /** Each rule's verdict per resource (`check --results`), listed in the JSON report. */
  results?: RuleResult[];
  /** Which "unknown at plan" results fail the gate. */
  unknowns?: UnknownPolicy;
}

/** Definite findings, and "unknown at plan" results, which every report lists apart. */
const split = (findings: Finding[]) => ({ definite: findings.filter((f) => !f.unknown), unknown: findings.filter((f) => f.unknown) });

const ruleById = new Map(ALL_RULES.map((r) => [r.id, r]));
const rule = (id: string): Rule => ruleById.get(id)!;

/** SARIF's security-severity: a CVSS-like score that code scanning buckets into its own severities. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

function counts(findings: Finding[]): Record<Severity, number> {
  const c = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed && !f.unknown) c[f.severity]++;
  return c;
}

const fingerprint = (f: Finding) => createHash("sha256").update(`${f.ruleId}|${f.address}`).digest("hex").slice(0, 32);

export function renderReport(format: Format, input: ReportInput): string {
  switch (format) {
    case "text":
      return text(input);
    case "json":
      return json(input);
    case "sarif":
      return JSON.stringify(sarif(input), null, 2) + "\n";
    case "junit":
      return junit(input);
    case "markdown":
      return markdown(input);
    case "github":
      return github(input);
  }
}

function text({ findings, color, failOn, unknowns }: ReportInput): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const tone: Record<Severity, string> = { critical: "1;31", high: "31", medium: "33", low: "36" };
  if (findings.length === 0) return "lakegen check: no findings\n";
  const { unknown } = split(findings);
  const byResource = new Map<string, Finding[]>();
  for (const f of findings) byResource.set(f.address, [...(byResource.get(f.address) ?? []), f]);
  const lines: string[] = [];
  for (const [address, fs] of byResource) {
    lines.push(paint("1", printable(address)));
    for (const f of fs) {
      const sev = f.unknown
        ? paint(fails(f, failOn, unknowns) ? "31" : "2", "UNKNOWN ")
        : paint(tone[f.severity], f.severity.toUpperCase().padEnd(8));
      const waived = f.suppressed ? paint("2", ` (waived until ${f.suppressed.expires}: ${printable(f.suppressed.reason)})`) : "";
      lines.push(`  ${sev} ${f.ruleId.padEnd(15)} ${printable(f.message)}${waived}`);
    }
  }
  const c = counts(findings);
  const suppressed = findings.filter((f) => f.suppressed).length;
  const open = findings.filter((f) => !f.suppressed && !f.unknown).length;
  const failingUnknown = unknown.filter((f) => fails(f, failOn, unknowns)).length;
  lines.push(
    "",
    `${open} findings (${SEVERITIES.map((s) => `${c[s]} ${s}`).join(", ")}), ${unknown.filter((f) => !f.suppressed).length} unknown ` +
      `at plan (${failingUnknown} failing under --unknown ${unknowns ?? "guarded"}), ${suppressed} waived`,
  );
  return lines.join("\n") + "\n";
}

function json({ findings, failOn, version, results, unknowns = "guarded" }: ReportInput): string {
  const byStatus = (status: RuleResult["status"]) => results?.filter((r) => r.status === status).length ?? 0;
  const { definite, unknown } = split(findings);
  const described = (f: Finding) => ({ ...f, title: rule(f.ruleId).title, fix: rule(f.ruleId).fix });
  return (
    JSON.stringify(
      {
        tool: { name: "lakegen", version },
        failOn,
        unknownPolicy: unknowns,
        summary: {
          ...counts(findings),
          unknown: unknown.filter((f) => !f.suppressed).length,
          waived: findings.filter((f) => f.suppressed).length,
        },
        findings: definite.map(described),
        unknown: unknown.map((f) => ({ ...described(f), failsGate: fails(f, failOn, unknowns) })),
        ...(results
          ? {
              checked: {
                pass: byStatus("pass"),
                fail: byStatus("fail"),
                unknown: byStatus("unknown"),
                waived: byStatus("waived"),
                not_applicable: byStatus("not_applicable"),
              },
              results,
            }
          : {}),
      },
      null,
      2,
    ) + "\n"
  );
}

export function sarif({ findings, model, sourceRoot, version, unknowns }: ReportInput): Record<string, unknown> {
  const locate = locator(model, sourceRoot);
  const index = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lakegen",
            version,
            informationUri: "https://github.com/lakegen/lakegen",
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.rationale },
              help: {
                text: `${r.rationale}\nFix: ${r.fix}`,
                markdown: `${r.rationale}\n\n**Fix:** ${r.fix}${equivalents(r) ? `\n\n${equivalents(r)}` : ""}`,
              },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: { "security-severity": SECURITY_SEVERITY[r.severity], tags: ["security", "terraform", "lakegen"] },
            })),
          },
        },
        ...(sourceRoot ? { originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(baseDir(sourceRoot) + path.sep).href } } } : {}),
        results: findings.map((f) => {
          const where = locate(f);
          return {
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId),
            // SARIF's "open": the tool could not tell whether the rule holds.
            ...(f.unknown ? { kind: "open" } : {}),
            level: f.unknown && !fails(f, "low", unknowns) ? "note" : SARIF_LEVEL[f.severity],
            message: { text: `${f.address}: ${f.message}` },
            locations: [
              {
                ...(where
                  ? {
                      physicalLocation: {
                        artifactLocation: { uri: where.file, uriBaseId: "%SRCROOT%" },
                        region: { startLine: where.line },
                      },
                    }
                  : {}),
                logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
              },
            ],
            partialFingerprints: { "lakegenFinding/v1": fingerprint(f) },
            ...(f.suppressed
              ? {
                  suppressions: [
                    { kind: "external", status: "accepted", justification: `${f.suppressed.reason} (until ${f.suppressed.expires})` },
                  ],
                }
              : {}),
          };
        }),
      },
    ],
  };
}

function equivalents(r: Rule): string {
  const parts = [
    r.equivalents?.checkov?.length ? `Checkov: ${r.equivalents.checkov.join(", ")}` : "",
    r.equivalents?.trivy?.length ? `Trivy: ${r.equivalents.trivy.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `Equivalent checks: ${parts.join("; ")}.` : "";
}

const xml = (s: string) =>
  printable(s, "\t\n\r").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JUnit: a finding fails only at or above --fail-on; those below it are passing cases with a message. */
function junit({ findings, failOn, unknowns }: ReportInput): string {
  const failsGate = (f: Finding) => fails(f, failOn, unknowns);
  const passedWhy = (f: Finding) =>
    f.unknown ? `unknown, not failing under --unknown ${unknowns ?? "guarded"}` : `${f.severity}, below --fail-on ${failOn}`;
  const suites = ALL_RULES.map((r) => {
    const own = findings.filter((f) => f.ruleId === r.id);
    const cases = own.length
      ? own.map((f) => {
          const body = f.suppressed
            ? `<skipped message="${xml(`waived until ${f.suppressed.expires}: ${f.suppressed.reason}`)}"/>`
            : failsGate(f)
              ? `<failure type="${f.unknown ? "unknown" : f.severity}" message="${xml(f.message)}">${xml(`${r.fix}`)}</failure>`
              : `<system-out>${xml(`${passedWhy(f)}: ${f.message}`)}</system-out>`;
          return `    <testcase classname="${r.id}" name="${xml(f.address)}">${body}</testcase>`;
        })
      : [`    <testcase classname="${r.id}" name="no findings"/>`];
    const failures = own.filter(failsGate).length;
    const skipped = own.filter((f) => f.suppressed).length;
    return (
      `  <testsuite name="${r.id} ${xml(r.title)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" ` +
      `errors="0">\n${cases.join("\n")}\n  </testsuite>`
    );
  });
  const total = findings.filter(failsGate).length;
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lakegen check" failures="${total}">`;
  return `${head}\n${suites.join("\n")}\n</testsuites>\n`;
}

function markdown({ findings, failOn, unknowns }: ReportInput): string {
  const c = counts(findings);
  const open = findings.filter((f) => !f.suppressed && !f.unknown);
  const unknown = findings.filter((f) => !f.suppressed && f.unknown);
  const waived = findings.filter((f) => f.suppressed);
  const failed = findings.some((f) => fails(f, failOn, unknowns));
  const out = [
    `## lakegen check: ${failed ? "❌ failed" : "✅ passed"}`,
    "",
    `Fails on **${failOn}** and above.`,
    "",
    "| critical | high | medium | low | waived |",
    "|---:|---:|---:|---:|---:|",
    `| ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | ${waived.length} |`,
    ...(unknown.length ? ["", `${unknown.length} result${unknown.length > 1 ? "s are" : " is"} unknown at plan.`] : []),
  ];
  if (open.length) {
    out.push("", "### Findings", "", "| Severity | Rule | Resource | Finding | Fix |", "|---|---|---|---|---|");
    for (const f of open)
      out.push(`| ${f.severity} | ${f.ruleId} | ${mdCode(f.address)} | ${mdCell(f.message)} | ${mdCell(rule(f.ruleId).fix)} |`);
  }
  if (unknown.length) {
    out.push(
      "",
      `### Unknown at plan (\`--unknown ${unknowns ?? "guarded"}\`)`,
      "",
      "| Fails the gate | Rule | Resource | Why | Fix |",
      "|---|---|---|---|---|",
    );
    for (const f of unknown)
      out.push(
        `| ${fails(f, failOn, unknowns) ? "yes" : "no"} | ${f.ruleId} | ${mdCode(f.address)} | ${mdCell(f.message)} | ` +
          `${mdCell(rule(f.ruleId).fix)} |`,
      );
  }
  if (waived.length) {
    out.push("", "### Waived", "", "| Rule | Resource | Reason | Until |", "|---|---|---|---|");
    for (const f of waived) out.push(`| ${f.ruleId} | ${mdCode(f.address)} | ${mdCell(f.suppressed!.reason)} | ${f.suppressed!.expires} |`);
  }
  return out.join("\n") + "\n";
}

function github({ findings, model, sourceRoot, failOn, unknowns }: ReportInput): string {
  const locate = locator(model, sourceRoot);
  const command: Record<Severity, string> = { critical: "error", high: "error", medium: "warning", low: "notice" };
  const escape = (s: string) => printable(s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
  const prop = (s: string) => escape(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return findings
    .filter((f) => !f.suppressed)
    .map((f) => {
      const where = locate(f);
      const props = [
        ...(where ? [`file=${prop(where.file)}`, `line=${where.line}`] : []),
        `title=${prop(`${f.ruleId} ${rule(f.ruleId).title}`)}`,
      ];
      const level = f.unknown ? (fails(f, failOn, unknowns) ? "error" : "notice") : command[f.severity];
      return `::${level} ${props.join(",")}::${escape(`${f.address}: ${f.message}`)}\n`;
    })
    .join("");
}
