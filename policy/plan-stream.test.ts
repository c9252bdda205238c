import * as fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir } from "../lib/terraform";
import { BadPlanError, loadPlan } from "./plan";
import { PlanSyntaxError, streamPlan, streamPlanInParallel } from "./plan-stream";

// The worker runs compiled JavaScript: npm test compiles before Jest.
const WORKER = path.join(__dirname, "..", "build", "policy", "plan-scan-worker.js");

let dir: string;
beforeAll(() => (dir = makeTempDir("plan-stream")));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

// Strings full of what a byte scanner can get wrong: quotes, backslash runs, brackets, commas, multi-byte UTF-8.
const tricky = fc.string({ unit: fc.constantFrom('"', "\\", "\\\\", "[", "]", "{", "}", ",", ":", "é", "😀", "a", " ", "\n") });
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(tricky, tie("v"), { maxKeys: 4 }),
  ),
})).v;

describe("streamPlan", () => {
  it("reads what JSON.parse reads, less the skipped sections, at any chunk size", () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 6 }),
        value,
        value,
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (entries, config, skipped, chunk, spaced) => {
          const plan = {
            format_version: "1.2",
            planned_values: skipped,
            resource_changes: entries.map((after, i) => ({ address: `a.b["${i}"]`, change: { actions: ["create"], after } })),
            prior_state: skipped,
            configuration: config,
            checks: [skipped],
          };
          const file = write("p.json", JSON.stringify(plan, null, spaced ? 2 : undefined));
          const { planned_values: _values, prior_state: _prior, checks: _checks, ...kept } = plan;
          expect(streamPlan(file, chunk)).toEqual(kept);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on a worker thread, reads what the same thread reads", () => {
    expect(fs.existsSync(WORKER)).toBe(true);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), value, fc.integer({ min: 1, max: 64 }), (entries, config, chunk) => {
        const plan = {
          format_version: "1.2",
          planned_values: config,
          resource_changes: entries.map((after) => ({ change: { after } })),
          configuration: config,
        };
        const file = write("p.json", JSON.stringify(plan));
        expect(streamPlanInParallel(file, chunk, WORKER)).toEqual(streamPlan(file, chunk));
      }),
      { numRuns: 25 },
    );
  });

  it("on a worker thread, passes a syntax error on", () => {
    expect(() => streamPlanInParallel(write("bad.json", '{"format_version":"1.2","resource_changes":[{"a":}]}'), 8, WORKER)).toThrow(
      PlanSyntaxError,
    );
    expect(() => streamPlanInParallel(write("bad.json", '{"format_version":"1.2","resource_changes":['), 8, WORKER)).toThrow(
      "unexpected end of the file",
    );
  });

  it.each([
    ["truncated", '{"format_version":"1.2","resource_changes":[{"address":"a"'],
    ["trailing data", '{"format_version":"1.2","resource_changes":[]} x'],
    ["a bad entry", '{"format_version":"1.2","resource_changes":[{"address":}]}'],
    ["an unterminated string", '{"format_version":"1.2","planned_values":"abc'],
    ["not an object", '[{"format_version":"1.2"}]'],
  ])("refuses %s", (_name, text) => {
    expect(() => streamPlan(write("bad.json", text), 8)).toThrow(PlanSyntaxError);
  });

  it("is what loadPlan uses above its size threshold, with the file named in errors", () => {
    const file = write(
      "big.json",
      '{"format_version":"1.2","resource_changes":[{"address":"x","type":"t","name":"n","mode":"managed","change":{"actions":"create"}}]}',
    );
    expect(() => loadPlan(file, 10)).toThrow(
      new BadPlanError(`${file}: resource_changes[0]: expected "change.actions", a list of strings`),
    );
    fs.writeFileSync(file, '{"format_version":"1.2","resource_changes":[');
    expect(() => loadPlan(file, 10)).toThrow(/big\.json: not valid JSON \(unexpected end of the file\)/);
  });
});
