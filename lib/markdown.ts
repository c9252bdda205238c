/** Markdown for values that come from tfvars, which may hold any character. */

/**
 * Control characters (C0 but those in `keep`, DEL, C1, U+FFFE, U+FFFF) and
 * lone surrogates written as \u escapes, so that no report can carry a
 * terminal escape or break XML, a Markdown table or a workflow command,
 * whatever an address holds.
 */
export function printable(text: string, keep = ""): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it finds
    /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/** Text for a Markdown table cell: pipes escaped, new lines as spaces, other control characters escaped. */
export const mdCell = (text: string): string => printable(text.replace(/\r?\n/g, " ")).replace(/\|/g, "\\|");

/** An inline code span that survives backticks, pipes (inside a table) and new lines in `text`. */
export function mdCode(text: string): string {
  const flat = mdCell(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A Markdown table, one row per line, with the cells as given (already escaped). */
export function mdTable(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}
