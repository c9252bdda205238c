/** Markdown for values that come from tfvars, which may hold any character. */

/** Text for a Markdown table cell: pipes escaped, new lines as spaces. */
export const mdCell = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** An inline code span that survives backticks, pipes (inside a table) and new lines in `text`. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
