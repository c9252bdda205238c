/** lakegen pr when neither plan saw a state: what the change replaces and destroys, inferred, never "None". */
import { comparePlans, inferAgainst, prMarkdown, seesState } from "./pr";
import type { Json } from "./plan";

const rc = (address: string, type: string, after: Json, actions = ["create"], before: Json | null = null) => ({
  address,
  mode: "managed",
  type,
  name: "this",
  provider_name: "registry.terraform.io/hashicorp/aws",
  change: { actions, before, after, after_unknown: {} },
});
const plan = (rcs: Json[]) => ({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: rcs, planned_values: { root_module: {} }, configuration: { root_module: {} } });
const bucket = (name: string) => rc("aws_s3_bucket.raw", "aws_s3_bucket", { bucket: name, force_destroy: false });
const bookmark = rc("aws_ssm_parameter.bookmark", "aws_ssm_parameter", { name: "/acme/bookmark", value: "x" });
const compare = (base: Json, head: Json) => comparePlans({ file: "base.json", plan: base }, { file: "head.json", plan: head }, { failOn: "high" });

it("infers a replacement from a changed bucket name, and a deletion from an address gone from head", () => {
  const r = compare(plan([bucket("acme-dev-raw"), bookmark]), plan([bucket("acme2-dev-raw")]));
  expect(r.inferred).toBe(true);
  expect(r.destructive.map((f) => [f.ruleId, f.address, f.message.split(":")[0]])).toEqual([
    ["LG-CHANGE-001", "aws_s3_bucket.raw", "Replaced (delete then create)"],
    ["LG-CHANGE-001", "aws_ssm_parameter.bookmark", "Deleted"],
  ]);
  expect(r.failing).toHaveLength(2);
  const md = prMarkdown(r);
  expect(md).toMatch(/^## lakegen pr\n\n\*\*No state:\*\*/);
  expect(md).toContain("| (root) | 0 | 0 | 1 | 1 |");
});

it("shows the change only: equal resources are no-ops, a changed attribute an update", () => {
  const head = plan([rc("aws_s3_bucket.raw", "aws_s3_bucket", { bucket: "acme-dev-raw", force_destroy: true }), bookmark]);
  const r = compare(plan([bucket("acme-dev-raw"), bookmark]), head);
  expect(r.summary).toEqual([{ module: "(root)", create: 0, update: 1, replace: 0, delete: 0 }]);
  expect(r.destructive).toEqual([]);
  expect(prMarkdown(r)).toContain("### Destructive changes\n\nNone inferred from the two plans; a plan against the state may show more.");
  expect(prMarkdown(r)).not.toContain("### Destructive changes\n\nNone.");
});

it("leaves a plan that saw a state as Terraform made it", () => {
  const head = plan([rc("aws_s3_bucket.raw", "aws_s3_bucket", { bucket: "acme-dev-raw" }, ["no-op"], { bucket: "acme-dev-raw" })]);
  expect(seesState(head)).toBe(true);
  expect(seesState(plan([bucket("x")]))).toBe(false);
  const r = compare(plan([bucket("acme-dev-raw"), bookmark]), head);
  expect(r.inferred).toBe(false);
  expect(prMarkdown(r)).not.toContain("No state");
  expect(inferAgainst(plan([]), head).resource_changes).toEqual(head.resource_changes);
});

it("infers an update, so the change rules judge it: a stream cut below half its shards", () => {
  const stream = (shards: number) => rc("aws_kinesis_stream.this", "aws_kinesis_stream", { name: "acme-dev-events", shard_count: shards });
  const r = compare(plan([stream(4)]), plan([stream(1)]));
  expect(r.failing.map((f) => [f.ruleId, f.message])).toEqual([["LG-CHANGE-003", "shard_count goes from 4 to 1, below half."]]);
});
