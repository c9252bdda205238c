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

describe("parseTfvars agrees with Terraform's reader", () => {
  const rejects = (text: string, at: string, reason: RegExp) => {
    try {
      parseTfvars(text, "x.tfvars");
    } catch (e) {
      expect(e).toBeInstanceOf(TfvarsSyntaxError);
      const err = e as TfvarsSyntaxError;
      expect(`${err.line}:${err.column}`).toBe(at);
      expect(err.reason).toMatch(reason);
      return;
    }
    throw new Error(`accepted: ${text}`);
  };

  it("refuses attributes without a comma or new line between them", () => {
    rejects("b = { cpu = 2 memory_gb = 8 }\n", "1:15", /comma or a new line/);
    expect(parseTfvars("b = { cpu = 2, memory_gb = 8 }\n")).toEqual({ b: { cpu: 2, memory_gb: 8 } });
  });

  it("refuses bad unicode escapes and reads good ones", () => {
    rejects('a = "\\uZZZZ"\n', "1:6", /4 hex digits/);
    rejects('a = "\\uD800"\n', "1:6", /Unicode character/);
    expect(parseTfvars('a = "\\u00e9\\U0001F600"\n')).toEqual({ a: "é😀" });
  });

  it("refuses template sequences in heredocs, and keeps escaped ones literal", () => {
    rejects("b = <<EOT\nhello ${var.x}\nEOT\n", "2:7", /template sequences/);
    rejects("b = <<EOT\n%{ if true }x%{ endif }\nEOT\n", "2:1", /template sequences/);
    expect(parseTfvars("b = <<EOT\n$${x} %%{y}\nEOT\n")).toEqual({ b: "${x} %{y}\n" });
  });

  it("refuses numbers a double cannot hold exactly", () => {
    rejects("n = 2.0000000000000001\n", "1:5", /significant digits/);
    expect(parseTfvars("n = 123456789012345\nm = 1.5e300\n")).toEqual({ n: 123456789012345, m: 1.5e300 });
  });

  it("stops at a depth limit with a position instead of overflowing the stack", () => {
    rejects(`a = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, "1:69", /nested more than 64 levels/);
  });

  it("reads a large file in linear time", () => {
    const text = `tags = {\n${Array.from({ length: 20_000 }, (_, i) => `  k${i} = "v"`).join("\n")}\n}\n`;
    expect(Object.keys(parseTfvars(text).tags as object)).toHaveLength(20_000);
  });
});
