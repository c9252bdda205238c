import { parseTfvars, TfvarsSyntaxError } from "./tfvars";

describe("parseTfvars", () => {
  it("reads literals, lists, objects, comments and heredocs", () => {
    const text = `# comment
a = "x\\ty" // trailing
b = -1.5e2
c = [1, 2,
  3,]
/* block
   comment */
d = {
  e = true
  "f-g": null,
  h = { i = [] }
}
j = <<-EOT
    line one
      line two
    EOT
k = "$\${not_interpolated}"
`;
    expect(parseTfvars(text)).toEqual({
      a: "x\ty",
      b: -150,
      c: [1, 2, 3],
      d: { e: true, "f-g": null, h: { i: [] } },
      j: "line one\n  line two\n",
      k: "${not_interpolated}",
    });
  });

  it.each([
    ['a = "${var.x}"', 1, 6, /interpolation is not allowed/],
    ["a = var.x", 1, 5, /tfvars values must be literals/],
    ["a = 1\na = 2", 2, 1, /"a" is set twice/],
    ["a = {\n  b = 1\n", 3, 1, /unexpected end of file|expected/],
    ['a = "open', 1, 10, /unterminated string/],
    ["a = 1 b = 2", 1, 7, /expected a new line/],
  ])("rejects %j at line %i, column %i", (text, line, column, reason) => {
    let error: unknown;
    try {
      parseTfvars(text as string, "f.tfvars");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TfvarsSyntaxError);
    const e = error as TfvarsSyntaxError;
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.reason).toMatch(reason as RegExp);
    expect(e.message.startsWith(`f.tfvars:${line}:${column}: `)).toBe(true);
  });
});
