/**
 * Terraform type constraints (`map(object({ a = string, b = optional(number, 1) }))`) read as a
 * tree and compared the way a consumer's configuration meets them: a new optional attribute
 * breaks nobody, a removed or newly required one breaks whoever set, or did not set, it.
 */

export type HclType =
  | { kind: "primitive"; name: string }
  | { kind: "list" | "set" | "map"; of: HclType }
  | { kind: "tuple"; items: HclType[] }
  | { kind: "object"; attrs: Record<string, { type: HclType; optional: boolean; default?: string }> };

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|-?[0-9][0-9.eE+-]*|[(){}[\]=,:])/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`cannot read the type at "${text.slice(at, at + 20)}"`);
    }
    out.push(m[1]);
  }
  return out;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: string[]) {}
  peek = () => this.tokens[this.i];
  next = () => this.tokens[this.i++];
  expect(t: string): void {
    const got = this.next();
    if (got !== t) throw new Error(`expected "${t}", got "${got ?? "the end"}"`);
  }
  /** A value (an optional attribute's default), as its text, up to the `)` that closes `optional(`. */
  value(): string {
    const parts: string[] = [];
    let depth = 0;
    while (this.peek() !== undefined && !(depth === 0 && this.peek() === ")")) {
      const t = this.next();
      if ("([{".includes(t)) depth++;
      if (")]}".includes(t)) depth--;
      parts.push(t);
    }
    return parts.join(" ");
  }
  done = () => this.i >= this.tokens.length;
}

function readType(r: Reader): HclType {
  const name = r.next();
  if (name === "list" || name === "set" || name === "map") {
    r.expect("(");
    const of = readType(r);
    r.expect(")");
    return { kind: name, of };
  }
  if (name === "tuple") {
    r.expect("(");
    r.expect("[");
    const items: HclType[] = [];
    while (r.peek() !== "]") {
      items.push(readType(r));
      if (r.peek() === ",") r.next();
    }
    r.expect("]");
    r.expect(")");
    return { kind: "tuple", items };
  }
  if (name === "object") return readObject(r);
  if (!/^[a-z]+$/.test(name ?? "")) throw new Error(`expected a type, got "${name ?? "the end"}"`);
  return { kind: "primitive", name };
}

function readObject(r: Reader): HclType {
  r.expect("(");
  r.expect("{");
  const attrs: Record<string, { type: HclType; optional: boolean; default?: string }> = {};
  while (r.peek() !== "}") {
    const key = r.next().replace(/^"|"$/g, "");
    r.expect(r.peek() === ":" ? ":" : "=");
    if (r.peek() === "optional") {
      r.next();
      r.expect("(");
      const type = readType(r);
      const value = r.peek() === "," ? (r.next(), r.value()) : undefined;
      r.expect(")");
      attrs[key] = { type, optional: true, ...(value === undefined ? {} : { default: value }) };
    } else attrs[key] = { type: readType(r), optional: false };
    if (r.peek() === ",") r.next();
  }
  r.expect("}");
  r.expect(")");
  return { kind: "object", attrs };
}

export function parseHclType(text: string): HclType {
  const r = new Reader(tokenize(text));
  const type = readType(r);
  if (!r.done()) throw new Error(`unexpected "${r.peek()}" after the type`);
  return type;
}

export interface TypeChange {
  bump: "major" | "minor" | "patch";
  /** Where, below the input: `.stream.mode`, `[*]`; empty for the whole type. */
  at: string;
  text: string;
}

const show = (t: HclType): string =>
  t.kind === "primitive" ? t.name : t.kind === "object" ? "object" : t.kind === "tuple" ? "tuple" : `${t.kind}(${show(t.of)})`;

/** How `after` differs from `before` for whoever passes a value of `before`'s type. */
export function compareTypes(before: HclType, after: HclType, at = ""): TypeChange[] {
  if (before.kind !== after.kind) return [{ bump: "major", at, text: `changed from ${show(before)} to ${show(after)}` }];
  if (before.kind === "primitive" && after.kind === "primitive")
    return before.name === after.name ? [] : [{ bump: "major", at, text: `changed from ${before.name} to ${after.name}` }];
  if (before.kind === "tuple" && after.kind === "tuple") {
    if (before.items.length !== after.items.length) return [{ bump: "major", at, text: "changed its number of elements" }];
    return before.items.flatMap((b, i) => compareTypes(b, after.items[i], `${at}[${i}]`));
  }
  if (before.kind === "object" && after.kind === "object") return compareObjects(before.attrs, after.attrs, at);
  if ("of" in before && "of" in after) return compareTypes(before.of, after.of, `${at}[*]`);
  return [];
}

function compareObjects(
  before: Record<string, { type: HclType; optional: boolean; default?: string }>,
  after: Record<string, { type: HclType; optional: boolean; default?: string }>,
  at: string,
): TypeChange[] {
  const out: TypeChange[] = [];
  for (const [k, b] of Object.entries(before)) {
    const a = after[k];
    const where = `${at}.${k}`;
    if (!a) {
      out.push({ bump: "major", at: where, text: "removed" });
      continue;
    }
    if (b.optional && !a.optional) out.push({ bump: "major", at: where, text: "became required" });
    if (!b.optional && a.optional) out.push({ bump: "patch", at: where, text: "became optional" });
    if (b.optional && a.optional && b.default !== a.default) out.push({ bump: "patch", at: where, text: "default changed" });
    out.push(...compareTypes(b.type, a.type, where));
  }
  for (const [k, a] of Object.entries(after)) {
    if (!before[k])
      out.push({
        bump: a.optional ? "minor" : "major",
        at: `${at}.${k}`,
        text: a.optional ? "optional attribute added" : "required attribute added",
      });
  }
  return out;
}
