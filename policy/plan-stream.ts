/**
 * Reads a large plan JSON in chunks and keeps only what the checks read.
 * planned_values, prior_state, relevant_attributes and checks repeat what
 * resource_changes says and make up about 40% of a plan; they are skipped.
 * resource_changes is parsed one entry at a time, so the whole text is never
 * held at once: a 100,000-change plan stays well under 500 MB.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

import type { JsonObject, JsonValue } from "../lib/json";

/** The top-level keys kept whole; resource_changes is kept entry by entry. */
const KEPT = new Set(["format_version", "terraform_version", "variables", "output_changes", "configuration"]);
const RESOURCE_CHANGES = "resource_changes";

const QUOTE = 34;
const BACKSLASH = 92;

export class PlanSyntaxError extends Error {}

/** Bytes of one value that may span chunks. */
class Capture {
  private parts: Buffer[] = [];
  start = -1;

  get active(): boolean {
    return this.start >= 0;
  }

  begin(at: number): void {
    this.parts = [];
    this.start = at;
  }

  /** The chunk ends mid-value: keep a copy of its tail. */
  spill(buf: Buffer, end: number): void {
    if (this.start < 0) return;
    this.parts.push(Buffer.from(buf.subarray(this.start, end)));
    this.start = 0;
  }

  end(buf: Buffer, at: number): string {
    this.parts.push(buf.subarray(this.start, at));
    const text = this.parts.length === 1 ? this.parts[0].toString("utf8") : Buffer.concat(this.parts).toString("utf8");
    this.parts = [];
    this.start = -1;
    return text;
  }
}

function parse(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PlanSyntaxError(`${what}: ${(e as Error).message}`);
  }
}

/** What the scan hands on: the text of a kept top-level value, and of each resource change. */
export interface ScanHandlers {
  kept(key: string, text: string): void;
  entry(text: string): void;
}

/**
 * Scans the plan at `file` chunk by chunk and hands on the text of what is
 * kept. Structural errors throw PlanSyntaxError; the handlers parse.
 */
export function scanFile(file: string, on: ScanHandlers, chunkSize = 1 << 24): void {
  const scanner = new PlanScanner(on);
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunkSize, null);
      if (n === 0) break;
      scanner.scan(chunk.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  scanner.finish();
}

const AFTER_END = "unexpected data after the end of the plan object";

/**
 * The scanner's state between chunks. Its loops work on locals; only the bytes that change the
 * structure at the top two levels (rare in a plan) go through a method.
 */
class PlanScanner {
  private sawChanges = false;
  private depth = 0;
  private inString = false;
  /** The last chunk ended on a backslash inside a string. */
  private escaped = false;
  private state: "key" | "colon" | "value" = "key";
  private key = "";
  private inChanges = false;
  private done = false;
  private readonly keyText = new Capture();
  private readonly value = new Capture();
  private readonly entry = new Capture();

  constructor(private readonly on: ScanHandlers) {}

  scan(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    if (this.escaped) {
      i = 1; // the byte a backslash at the end of the last chunk escaped
      this.escaped = false;
    }
    while (i < n) {
      if (this.inString) {
        i = this.stringEnd(buf, i);
        continue;
      }
      if (this.depth >= 3 || (this.depth === 2 && !this.inChanges)) {
        i = this.skipNested(buf, i);
        if (i >= n) break;
        if (buf[i] === QUOTE) {
          this.inString = true;
          i++;
          continue;
        }
      }
      this.structural(buf, i, buf[i]);
      i++;
    }
    this.keyText.spill(buf, n);
    this.value.spill(buf, n);
    this.entry.spill(buf, n);
  }

  finish(): void {
    if (!this.done || this.inString) throw new PlanSyntaxError("unexpected end of the file");
    if (this.sawChanges) this.on.kept(RESOURCE_CHANGES, "[]");
  }

  /** From inside a string to just past its closing quote, or to the chunk's end. */
  private stringEnd(buf: Buffer, from: number): number {
    const n = buf.length;
    let i = from;
    for (;;) {
      // Most strings are short: a byte loop beats a native indexOf call per string.
      let c = 0;
      while (i < n) {
        c = buf[i];
        if (c === QUOTE || c === BACKSLASH) break;
        i++;
      }
      if (i >= n) return n;
      if (c === BACKSLASH) {
        if (i + 1 >= n) {
          this.escaped = true; // the escaped byte opens the next chunk
          return n;
        }
        i += 2;
        continue;
      }
      i++;
      this.inString = false;
      if (this.keyText.active) {
        this.key = String(parse(this.keyText.end(buf, i), "a top-level key"));
        this.state = "colon";
      }
      return i;
    }
  }

  /**
   * Inside an entry or a skipped section only strings and brackets matter, until the depth falls
   * back to where structural() decides something: returns the position of that byte or of a quote.
   */
  private skipNested(buf: Buffer, from: number): number {
    const n = buf.length;
    const floor = this.inChanges ? 2 : 1;
    let depth = this.depth;
    let i = from;
    while (i < n) {
      const b = buf[i];
      if (b === QUOTE) break;
      if (b === 0x7b || b === 0x5b) depth++;
      else if ((b === 0x7d || b === 0x5d) && depth - 1 > floor) depth--;
      else if (b === 0x7d || b === 0x5d) break;
      i++;
    }
    this.depth = depth;
    return i;
  }

  /** A byte at the top two levels: a key, a value's start or end, an entry of resource_changes. */
  private structural(buf: Buffer, i: number, c: number): void {
    if (c === QUOTE) {
      if (this.done) throw new PlanSyntaxError(AFTER_END);
      this.inString = true;
      if (this.depth === 1 && this.state === "key") this.keyText.begin(i);
    } else if (c === 0x7b || c === 0x5b) {
      if (this.done) throw new PlanSyntaxError(AFTER_END);
      if (this.depth === 0 && c !== 0x7b) throw new PlanSyntaxError("expected a JSON object");
      this.depth++;
      if (this.depth === 2 && c === 0x5b && this.state === "value" && this.key === RESOURCE_CHANGES) {
        this.inChanges = true;
        this.entry.begin(i + 1);
      }
    } else if (c === 0x7d || c === 0x5d) {
      this.close(buf, i);
    } else if (c === 0x2c) {
      if (this.depth === 1) {
        if (this.value.active) this.on.kept(this.key, this.value.end(buf, i));
        this.state = "key";
      } else if (this.depth === 2 && this.inChanges) {
        this.on.entry(this.entry.end(buf, i));
        this.entry.begin(i + 1);
      } else if (this.depth === 0) throw new PlanSyntaxError(AFTER_END);
    } else if (c === 0x3a) {
      if (this.depth === 1 && this.state === "colon") {
        this.state = "value";
        if (KEPT.has(this.key)) this.value.begin(i + 1);
      }
    } else if (this.done && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      throw new PlanSyntaxError(AFTER_END);
    }
  }

  /** A closing bracket: the end of resource_changes, or of the plan object. */
  private close(buf: Buffer, i: number): void {
    if (this.depth === 0) throw new PlanSyntaxError(this.done ? AFTER_END : "unbalanced brackets");
    if (this.depth === 2 && this.inChanges) {
      const text = this.entry.end(buf, i);
      if (text.trim()) this.on.entry(text);
      this.inChanges = false;
      this.sawChanges = true;
    }
    if (this.depth === 1) {
      if (this.value.active) this.on.kept(this.key, this.value.end(buf, i));
      this.done = true;
    }
    this.depth--;
  }
}

/** Collects what a scan hands on into the plan object, parsing as it goes. */
export class PlanCollector implements ScanHandlers {
  readonly plan: JsonObject = {};
  private readonly changes: JsonValue[] = [];

  kept(key: string, text: string): void {
    this.plan[key] = key === RESOURCE_CHANGES ? this.changes : parse(text, key);
  }

  entry(text: string): void {
    this.changes.push(parse(text, `resource_changes[${this.changes.length}]`));
  }
}

/**
 * The plan at `file` with only the kept keys, scanned and parsed on this
 * thread. Structural errors anywhere and syntax errors in the kept parts throw
 * PlanSyntaxError; a syntax error inside a skipped section goes unnoticed,
 * which is why small plans are parsed whole.
 */
export function streamPlan(file: string, chunkSize = 1 << 24): JsonObject {
  const collector = new PlanCollector();
  scanFile(file, collector, chunkSize);
  return collector.plan;
}

/**
 * streamPlan with the byte scan on a worker thread, so that scanning the next
 * chunk overlaps parsing this one. Falls back to streamPlan where the compiled
 * worker script is missing (running from the TypeScript sources).
 */
export function streamPlanInParallel(file: string, chunkSize = 1 << 20, script = path.join(__dirname, "plan-scan-worker.js")): JsonObject {
  if (!fs.existsSync(script)) return streamPlan(file, chunkSize);
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { file, chunkSize, port: port2, signal }, transferList: [port2] });
  worker.unref();
  const collector = new PlanCollector();
  let seen = 0;
  try {
    for (;;) {
      const received = receiveMessageOnPort(port1);
      if (!received) {
        // Blocks until the worker posts again (the counter moves past `seen`).
        Atomics.wait(counter, 0, seen);
        seen = Atomics.load(counter, 0);
        continue;
      }
      const m = received.message as {
        entries: string[];
        kept?: [string, string];
        done?: true;
        syntaxError?: string;
        failure?: string;
        code?: string;
      };
      for (const text of m.entries) collector.entry(text);
      if (m.kept) collector.kept(m.kept[0], m.kept[1]);
      if (m.syntaxError) throw new PlanSyntaxError(m.syntaxError);
      if (m.failure) throw Object.assign(new Error(m.failure), { code: m.code });
      if (m.done) return collector.plan;
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
