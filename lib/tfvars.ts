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

export function parseTfvars(text: string, file = "<tfvars>"): Record<string, Value> {
  return new Parser(text, file).file();
}

class Parser {
  private pos = 0;

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
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos))?.[0];
    if (word === "true" || word === "false" || word === "null") {
      this.pos += word.length;
      return word === "null" ? null : word === "true";
    }
    if (word) this.fail(`"${word}" is an expression; tfvars values must be literals`);
    return this.fail(c === undefined ? "unexpected end of file" : `unexpected "${c}"`);
  }

  private list(): Value[] {
    this.expect("[");
    const out: Value[] = [];
    for (;;) {
      this.skip(true);
      if (this.eat("]")) return out;
      out.push(this.value());
      this.skip(true);
      if (this.eat("]")) return out;
      this.expect(",");
    }
  }

  private object(): Record<string, Value> {
    this.expect("{");
    const out: Record<string, Value> = {};
    for (;;) {
      this.skip(true);
      if (this.eat("}")) return out;
      const at = this.pos;
      const key = this.src[this.pos] === '"' ? this.string() : this.identifier();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`"${key}" is set twice`, at);
      this.skip(false);
      if (!this.eat("=") && !this.eat(":")) this.fail('expected "=" after the key');
      out[key] = this.value();
      this.skip(false);
      this.eat(",");
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
        else if (e === "u") {
          out += String.fromCharCode(parseInt(this.src.slice(this.pos, this.pos + 4), 16));
          this.pos += 4;
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
      lines.push(line);
    }
    if (m[1]) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
      return lines.map((l) => l.slice(indent)).join("\n") + "\n";
    }
    return lines.join("\n") + "\n";
  }

  private number(): number {
    const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
    if (!m) return this.fail("malformed number");
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!m) return this.fail("expected a name");
    this.pos += m[0].length;
    return m[0];
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
