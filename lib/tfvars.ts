/**
 * Reads .tfvars files: HCL attributes whose values are literals (strings,
 * numbers, booleans, null, lists, objects, heredocs), which is all Terraform
 * allows in a tfvars file. Written here rather than pulled in because the
 * project's dependencies are fixed, and because errors must carry line numbers.
 */

export class TfvarsSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
  }
}

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** Deeper nesting than any real tfvars; past it the reader stops with a line number, not a stack overflow. */
export const MAX_DEPTH = 64;
/** Significant digits a float64 holds exactly; Terraform's numbers are arbitrary-precision. */
const MAX_DIGITS = 15;

export function parseTfvars(text: string, file = "<tfvars>"): Record<string, Value> {
  return new Parser(text, file).file();
}

const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly fileName: string,
  ) {}

  file(): Record<string, Value> {
    const out: Record<string, Value> = {};
    this.skip(true);
    while (this.pos < this.src.length) {
      const at = this.pos;
      const key = this.identifier();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`"${key}" is set twice`, at);
      this.skip(false);
      this.expect("=");
      out[key] = this.value();
      this.skip(false);
      if (this.pos < this.src.length && this.src[this.pos] !== "\n") this.fail("expected a new line after the value");
      this.skip(true);
    }
    return out;
  }

  private value(): Value {
    this.skip(true);
    const c = this.src[this.pos];
    if (c === '"') return this.string();
    if (c === "[") return this.list();
    if (c === "{") return this.object();
    if (c === "<" && this.src.startsWith("<<", this.pos)) return this.heredoc();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    const at = this.pos;
    const word = this.match(WORD);
    if (word === "true" || word === "false" || word === "null") return word === "null" ? null : word === "true";
    if (word) this.fail(`"${word}" is an expression; tfvars values must be literals`, at);
    return this.fail(c === undefined ? "unexpected end of file" : `unexpected "${c}"`);
  }

  private nest(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`values are nested more than ${MAX_DEPTH} levels deep`);
  }

  private list(): Value[] {
    this.nest();
    this.expect("[");
    const out: Value[] = [];
    for (;;) {
      this.skip(true);
      if (this.eat("]")) return (this.depth--, out);
      out.push(this.value());
      this.skip(true);
      if (this.eat("]")) return (this.depth--, out);
      this.expect(",");
    }
  }

  private object(): Record<string, Value> {
    this.nest();
    this.expect("{");
    const out: Record<string, Value> = {};
    for (;;) {
      this.skip(true);
      if (this.eat("}")) return (this.depth--, out);
      const at = this.pos;
      const key = this.src[this.pos] === '"' ? this.string() : this.identifier();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`"${key}" is set twice`, at);
      this.skip(false);
      if (!this.eat("=") && !this.eat(":")) this.fail('expected "=" after the key');
      out[key] = this.value();
      this.skip(false);
      // HCL needs a comma or a new line between attributes: `{ cpu = 2 memory_gb = 8 }` is an error.
      if (!this.eat(",") && !["\n", "}"].includes(this.src[this.pos])) this.fail("expected a comma or a new line after the value");
    }
  }

  private string(): string {
    this.expect('"');
    let out = "";
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++];
      if (c === '"') return out;
      if (c === "\n") this.fail("unterminated string", this.pos - 1);
      if (c === "\\") {
        const e = this.src[this.pos++];
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (e in simple) out += simple[e];
        else if (e === "u" || e === "U") {
          const digits = e === "u" ? 4 : 8;
          const hex = this.src.slice(this.pos, this.pos + digits);
          const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : NaN;
          if (!(code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
            this.fail(`"\\${e}" needs ${digits} hex digits naming a Unicode character`, this.pos - 2);
          }
          out += String.fromCodePoint(code);
          this.pos += digits;
        } else this.fail(`unknown escape "\\${e}"`, this.pos - 2);
      } else if ((c === "$" || c === "%") && this.src[this.pos] === "{") {
        this.fail("interpolation is not allowed in tfvars values", this.pos - 1);
      } else if ((c === "$" || c === "%") && this.src.startsWith(`${c}{`, this.pos)) {
        out += `${c}{`;
        this.pos += 2;
      } else out += c;
    }
    return this.fail("unterminated string");
  }

  private heredoc(): string {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.src.slice(this.pos));
    if (!m) return this.fail("malformed heredoc");
    this.pos += m[0].length;
    const lines: string[] = [];
    for (;;) {
      const end = this.src.indexOf("\n", this.pos);
      const line = this.src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 1;
      if (line.trim() === m[2]) {
        this.pos -= end === -1 ? 0 : 1;
        break;
      }
      if (end === -1) this.fail(`heredoc is missing its closing "${m[2]}"`);
      lines.push(this.templateFree(line, this.pos - line.length - 1));
    }
    if (m[1]) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
      return lines.map((l) => l.slice(indent)).join("\n") + "\n";
    }
    return lines.join("\n") + "\n";
  }

  /** A heredoc line with `$${` and `%%{` unescaped; a template sequence is refused, as Terraform would evaluate it. */
  private templateFree(line: string, at: number): string {
    return line.replace(/([$%])(\1?)\{/g, (_whole: string, sign: string, escaped: string, offset: number) => {
      if (escaped) return `${sign}{`;
      return this.fail("template sequences are not allowed in tfvars values", at + offset);
    });
  }

  private number(): number {
    const at = this.pos;
    const text = this.match(NUMBER);
    if (!text) return this.fail("malformed number");
    const digits = text
      .replace(/[eE].*$/, "")
      .replace(/[^0-9]/g, "")
      .replace(/^0+/, "")
      .replace(/0+$/, "");
    if (digits.length > MAX_DIGITS) this.fail(`${text} has more than ${MAX_DIGITS} significant digits`, at);
    if (!Number.isFinite(Number(text))) this.fail(`${text} is too large`, at);
    return Number(text);
  }

  private identifier(): string {
    const name = this.match(WORD);
    return name ?? this.fail("expected a name");
  }

  /** A sticky match at the current position, consumed. */
  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (m) this.pos += m[0].length;
    return m?.[0];
  }

  /** Skips blanks and comments, and new lines too when `newlines` is set. */
  private skip(newlines: boolean): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t" || c === "\r" || (newlines && c === "\n")) this.pos++;
      else if (c === "#" || this.src.startsWith("//", this.pos)) {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else if (this.src.startsWith("/*", this.pos)) {
        const end = this.src.indexOf("*/", this.pos + 2);
        if (end === -1) this.fail("unterminated comment");
        this.pos = end + 2;
      } else break;
    }
  }

  private eat(s: string): boolean {
    if (!this.src.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  private expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected "${s}"`);
  }

  private fail(reason: string, at = this.pos): never {
    const before = this.src.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    throw new TfvarsSyntaxError(this.fileName, line, column, reason);
  }
}
