import { mdCode } from "./markdown";

describe("mdCode", () => {
  it("keeps a plain value as a code span", () => {
    expect(mdCode("cron(0 2 * * ? *)")).toBe("`cron(0 2 * * ? *)`");
  });

  it("cannot break out of its span or its table cell", () => {
    expect(mdCode("a`b")).toBe("`` a`b ``");
    expect(mdCode("x | y\nz")).toBe("`x \\| y z`");
    const cell = `| ${mdCode("`|`\n## heading")} |`;
    expect(cell.split(/(?<!\\)\|/)).toHaveLength(3);
    expect(cell).not.toContain("\n");
  });
});
