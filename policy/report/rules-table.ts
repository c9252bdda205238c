/**
 * The rules as a Markdown table, with their Checkov and Trivy equivalents: `check --list-rules --format markdown`,
 * and docs/policy.md's.
 */
import type { Rule } from "../rule";

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function rulesTable(rules: Rule[]): string {
  const rows = rules.map((r) => [
    r.id,
    r.prodSeverity ? `${r.severity} (prod: ${r.prodSeverity})` : r.severity,
    cell(r.title),
    (r.equivalents?.checkov ?? []).join(", ") || "—",
    (r.equivalents?.trivy ?? []).join(", ") || "—",
  ]);
  return [
    "| Rule | Severity | Checks that | Checkov | Trivy |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((cols) => `| ${cols.join(" | ")} |`),
    "",
  ].join("\n");
}
