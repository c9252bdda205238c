/** A release's version from what it does to a consumer's state, and input types compared attribute by attribute. */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testkit/helpers";
import { compareTypes, parseHclType } from "./hcl-type";
import { applicableMoves, bumpOf, changes, detectMoves, type ModuleInterface, movedBlocks, resourcesOf } from "./module-interface";

type Iface = Omit<ModuleInterface, "version">;
type Blocks = Record<string, Record<string, unknown>>;

/** A module of three blocks: a bucket, its versioning (which refers to it) and an alarm. */
const BLOCKS: Blocks = {
  aws_s3_bucket: { zone: { "//": { metadata: { path: "m/zone" } }, bucket: "${var.name_prefix}-raw", force_destroy: false } },
  aws_s3_bucket_versioning: { zone: { bucket: "${aws_s3_bucket.zone.id}", versioning_configuration: { status: "Enabled" } } },
  aws_cloudwatch_metric_alarm: { errors: { alarm_name: "${var.name_prefix}-errors", threshold: 1 } },
};
const iface = (blocks: Blocks): Iface => ({ module: "m", inputs: {}, outputs: [], content_sha256: "a", resources: resourcesOf(blocks) });
const withBlocks = (f: (b: Blocks) => void): Iface => {
  const b = structuredClone(BLOCKS);
  f(b);
  return iface(b);
};
/** Renames a block's address, and every reference to it, as a change of construct id does. */
const rename = (b: Blocks, type: string, from: string, to: string) => {
  b[type][to] = b[type][from];
  delete b[type][from];
  for (const t of Object.values(b))
    for (const block of Object.values(t)) {
      const text = JSON.stringify(block).replaceAll(`${type}.${from}.`, `${type}.${to}.`);
      Object.assign(block as object, JSON.parse(text));
    }
};
const before = iface(BLOCKS);

describe("what a release does to state sets its version", () => {
  it("a renamed stateful address is carried by a moved block: a patch, not a destroyed bucket", () => {
    const after = withBlocks((b) => rename(b, "aws_s3_bucket", "zone", "this"));
    const moved = detectMoves(before, after);
    expect(moved).toEqual([{ from: "aws_s3_bucket.zone", to: "aws_s3_bucket.this" }]);
    const cs = changes(before, after, moved);
    expect(bumpOf(cs)).toBe("patch");
    expect(cs.map((c) => c.text)).toEqual(["`aws_s3_bucket.zone` moved to `aws_s3_bucket.this`: a `moved` block carries its state"]);
    expect(movedBlocks(moved)).toBe("moved {\n  from = aws_s3_bucket.zone\n  to   = aws_s3_bucket.this\n}\n");
  });

  it("without the moved block the same rename is major, and the changelog names what is destroyed", () => {
    const after = withBlocks((b) => rename(b, "aws_s3_bucket", "zone", "this"));
    const cs = changes(before, after);
    expect(bumpOf(cs)).toBe("major");
    expect(cs.map((c) => c.text)).toContain("`aws_s3_bucket.zone` would be destroyed, and with it the bucket and every object in it");
  });

  it("an argument that forces replacement of a stateful resource is major, and names the argument", () => {
    const cs = changes(
      before,
      withBlocks((b) => ((b.aws_s3_bucket.zone as { bucket: string }).bucket = "${var.name_prefix}-landing")),
    );
    expect(bumpOf(cs)).toBe("major");
    expect(cs.map((c) => c.text)).toEqual([
      "`aws_s3_bucket.zone` may be replaced (`bucket` written differently), and with it the bucket and every object in it: " +
        "check the plan",
    ]);
  });

  it("a literal that forces replacement says the resource would be replaced", () => {
    const literal = (name: string) => withBlocks((b) => ((b.aws_s3_bucket.zone as { bucket: string }).bucket = name));
    const cs = changes(literal("acme-raw"), literal("acme-landing"));
    expect(cs.map((c) => `${c.bump} ${c.text}`)).toEqual([
      "major `aws_s3_bucket.zone` would be replaced (`bucket` changed), and with it the bucket and every object in it",
    ]);
  });

  it("replacing a resource that holds nothing is minor, and still listed", () => {
    const cs = changes(
      before,
      withBlocks((b) => ((b.aws_cloudwatch_metric_alarm.errors as { alarm_name: string }).alarm_name = "x")),
    );
    expect(cs).toEqual([
      { bump: "minor", label: "Check", text: "`aws_cloudwatch_metric_alarm.errors` may be replaced (`alarm_name` written differently)" },
    ]);
  });

  it("an argument changed in place is a patch of the module's content, no more", () => {
    const after = withBlocks((b) => ((b.aws_cloudwatch_metric_alarm.errors as { threshold: number }).threshold = 5));
    expect(changes(before, { ...after, content_sha256: "b" })).toEqual([
      { bump: "patch", text: "resources or documentation changed; the interface did not" },
    ]);
  });

  it("a new resource is minor; a record made before resources were recorded compares the interface alone", () => {
    expect(
      changes(
        before,
        withBlocks((b) => (b.aws_s3_bucket.logs = { bucket: "l" })),
      ),
    ).toEqual([{ bump: "minor", text: "resource `aws_s3_bucket.logs` added" }]);
    const { resources: _dropped, ...old } = before;
    expect(
      changes(
        old,
        withBlocks((b) => delete b.aws_s3_bucket.zone),
      ),
    ).toEqual([]);
  });

  it("does not guess a rename when two new blocks could be the old one", () => {
    const after = withBlocks((b) => {
      rename(b, "aws_cloudwatch_metric_alarm", "errors", "a");
      b.aws_cloudwatch_metric_alarm.b = structuredClone(b.aws_cloudwatch_metric_alarm.a);
    });
    expect(detectMoves(before, after)).toEqual([]);
  });
});

describe("the moves a module keeps apply to today's configuration", () => {
  const declared = new Set(["aws_s3_bucket.c", "aws_s3_bucket.b2"]);
  it("follows a chain to its end, so state two renames old still arrives", () => {
    expect(
      applicableMoves(
        [
          { from: "aws_s3_bucket.a", to: "aws_s3_bucket.b" },
          { from: "aws_s3_bucket.b", to: "aws_s3_bucket.c" },
        ],
        declared,
      ),
    ).toEqual([
      { from: "aws_s3_bucket.a", to: "aws_s3_bucket.c" },
      { from: "aws_s3_bucket.b", to: "aws_s3_bucket.c" },
    ]);
  });
  it("leaves out a move whose from is declared again, whose end is gone, or that goes round in a circle", () => {
    expect(applicableMoves([{ from: "aws_s3_bucket.c", to: "aws_s3_bucket.b2" }], declared)).toEqual([]);
    expect(applicableMoves([{ from: "aws_s3_bucket.x", to: "aws_s3_bucket.gone" }], declared)).toEqual([]);
    const circle = [
      { from: "aws_s3_bucket.p", to: "aws_s3_bucket.q" },
      { from: "aws_s3_bucket.q", to: "aws_s3_bucket.p" },
    ];
    expect(applicableMoves(circle, declared)).toEqual([]);
  });
});

it("a changed for_each, whose keys name the instances, may destroy them: major for stateful ones", () => {
  const keyed = (forEach: string) => iface({ aws_s3_bucket: { this: { for_each: forEach, bucket: "${each.key}" } } });
  const cs = changes(keyed("${var.zones}"), keyed("${local.buckets}"));
  expect(cs.map((c) => `${c.bump} ${c.text}`)).toEqual([
    "major `aws_s3_bucket.this` may be replaced (`for_each` written differently), and with it the bucket and every object in it: " +
      "check the plan",
  ]);
});

it("a block that gains count keeps its object at index 0 (Terraform's implied move) where count is 1: a check, not a replacement", () => {
  const bucket = (extra: Record<string, unknown>) => iface({ aws_s3_bucket: { logs: { bucket: "${var.name}", ...extra } } });
  const cs = changes(bucket({}), bucket({ count: "${local.log_bucket_count}" }));
  expect(cs.map((c) => `${c.bump} ${c.text}`)).toEqual([
    "minor `aws_s3_bucket.logs` gained `count`: where it is 1, Terraform moves its object to `aws_s3_bucket.logs[0]`; where it is 0, " +
      "destroys it",
  ]);
  // A count that changes, once there, may still remove instances.
  const again = changes(bucket({ count: "${local.a}" }), bucket({ count: "${local.b}" }));
  expect(bumpOf(again)).toBe("major");
});

describe("input types compared attribute by attribute", () => {
  const cmp = (a: string, b: string) => compareTypes(parseHclType(a), parseHclType(b)).map((c) => `${c.bump} ${c.at} ${c.text}`);

  it.each([
    ["object({ a = string })", "object({ a = string b = optional(number, 1) })", ["minor .b optional attribute added"]],
    ["object({ a = string })", "object({ a = string b = number })", ["major .b required attribute added"]],
    ["object({ a = string b = optional(number) })", "object({ a = string })", ["major .b removed"]],
    ["object({ a = optional(string) })", "object({ a = string })", ["major .a became required"]],
    ['object({ a = optional(string, "x") })', 'object({ a = optional(string, "y") })', ["patch .a default changed"]],
    [
      "map(object({ s = object({ m = string }) }))",
      "map(object({ s = object({ m = number }) }))",
      ["major [*].s.m changed from string to number"],
    ],
    ["list(string)", "set(string)", ["major  changed from list(string) to set(string)"]],
    ["object({ a = string })", "object({ a = string })", []],
  ])("%s -> %s", (a, b, expected) => expect(cmp(a, b)).toEqual(expected));

  it("an optional attribute added to an object input is a minor release, not a major one", () => {
    const inputs = (type: string) => ({
      module: "m",
      inputs: { o: { type, required: true, validations: [] } },
      outputs: [],
      content_sha256: "a",
    });
    expect(bumpOf(changes(inputs("object({ a = string })"), inputs("object({ a = string b = optional(bool, true) })")))).toBe("minor");
  });

  it("reads every input type the released modules record", () => {
    const types = fs
      .readdirSync(path.join(ROOT, "releases"))
      .flatMap((m) => Object.values(JSON.parse(fs.readFileSync(path.join(ROOT, "releases", m, "interface.json"), "utf8")).inputs))
      .map((i) => (i as { type: string }).type);
    expect(types.length).toBeGreaterThan(100);
    for (const t of types) expect(compareTypes(parseHclType(t), parseHclType(t))).toEqual([]);
  });
});
