/**
 * A syntax check for the Mermaid flowcharts lakegen writes: the header, node
 * shapes, edges with optional labels, subgraphs and styling lines. The mermaid
 * package needs a browser DOM and is not among the project's dependencies.
 */
const ID = "[A-Za-z][A-Za-z0-9_]*";
const LABEL = '"[^"\\n]*"';
const NODE = `${ID}(\\[${LABEL}\\]|\\[\\(${LABEL}\\)\\]|\\(\\(${LABEL}\\)\\)|\\{\\{${LABEL}\\}\\}|\\(${LABEL}\\)|>${LABEL}\\])?`;
const EDGE = `(-->|-\\.->|==>)(\\|[^|\\n]+\\|)?`;
const LINE = [
  new RegExp(`^${NODE}$`),
  new RegExp(`^${NODE}( ${EDGE} ${NODE})+$`),
  new RegExp(`^subgraph ${ID}(\\[${LABEL}\\])?$`),
  /^end$/,
  /^direction (TB|TD|BT|LR|RL)$/,
  new RegExp(`^classDef ${ID} [a-z-]+:[^;]+(;[a-z-]+:[^;]+)*$`),
  new RegExp(`^class ${ID}(,${ID})* ${ID}$`),
  /^%%.*$/,
];

/** Problems found, as "line N: …"; none for a valid chart. */
export function mermaidProblems(chart: string): string[] {
  const lines = chart.split("\n").map((l) => l.trim());
  const problems: string[] = [];
  if (!/^flowchart (TB|TD|BT|LR|RL)$/.test(lines[0] ?? "")) problems.push("line 1: expected flowchart TB|TD|BT|LR|RL");
  let depth = 0;
  lines.slice(1).forEach((l, i) => {
    if (!l) return;
    if (!LINE.some((re) => re.test(l))) problems.push(`line ${i + 2}: not a node, edge, subgraph or style: ${l}`);
    if (l.startsWith("subgraph ")) depth++;
    if (l === "end" && --depth < 0) problems.push(`line ${i + 2}: end without subgraph`);
  });
  if (depth > 0) problems.push(`${depth} subgraph(s) not closed`);
  return problems;
}
