/** lakegen pr when neither plan saw a state: what the change replaces and destroys, inferred, never "None". */
import { comparePlans, inferAgainst, prMarkdown, seesState } from "./pr";
import type { Json } from "../testkit/json";

const rc = (address: string, type: string, after: Json, actions = ["create"], before: Json | null = null) => ({
  address,
  mode: "managed",
  type,
  name: "this",
  provider_name: "registry.terraform.io/hashicorp/aws",
  change: { actions, before, after, after_unknown: {} },
});
const plan = (rcs: Json[]) => ({
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: rcs,
  planned_values: { root_module: {} },
  configuration: { root_module: {} },
});
const bucket = (name: string) => rc("aws_s3_bucket.raw", "aws_s3_bucket", { bucket: name, force_destroy: false });
const bookmark = rc("aws_ssm_parameter.bookmark", "aws_ssm_parameter", { name: "/acme/bookmark", value: "x" });
const compare = (base: Json, head: Json) =>
  comparePlans({ file: "base.json", plan: base }, { file: "head.json", plan: head }, { failOn: "high" });

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

it("infers a replacement from any attribute that forces a new resource, and only from those", () => {
  const grant = (permissions: string[], extra: Record<string, unknown> = {}) =>
    rc("aws_lakeformation_permissions.analyst", "aws_lakeformation_permissions", {
      principal: "arn:aws:iam::111111111111:role/Analyst",
      permissions,
      ...extra,
    });
  const key = (spec: string) =>
    rc("aws_kms_key.lake", "aws_kms_key", { customer_master_key_spec: spec, description: "lake", enable_key_rotation: true });
  const actions = (base: Json, head: Json) =>
    inferAgainst(plan([base]), plan([head])).resource_changes.map((c: Json) => [c.address, c.change.actions, c.change.replace_paths]);
  expect(actions(grant(["SELECT"]), grant(["DESCRIBE", "SELECT"]))).toEqual([
    ["aws_lakeformation_permissions.analyst", ["delete", "create"], [["permissions"]]],
  ]);
  expect(actions(key("SYMMETRIC_DEFAULT"), key("RSA_2048"))).toEqual([
    ["aws_kms_key.lake", ["delete", "create"], [["customer_master_key_spec"]]],
  ]);
  // A description changes in place; an attribute unknown on one side (absent) is no evidence.
  const described = rc("aws_kms_key.lake", "aws_kms_key", {
    customer_master_key_spec: "SYMMETRIC_DEFAULT",
    description: "the lake",
    enable_key_rotation: true,
  });
  expect(actions(key("SYMMETRIC_DEFAULT"), described)).toEqual([["aws_kms_key.lake", ["update"], undefined]]);
  const unknownSpec = rc("aws_kms_key.lake", "aws_kms_key", { description: "lake", enable_key_rotation: true });
  expect(actions(key("SYMMETRIC_DEFAULT"), unknownSpec)).toEqual([["aws_kms_key.lake", ["update"], undefined]]);
  const r = compare(plan([key("SYMMETRIC_DEFAULT")]), plan([key("RSA_2048")]));
  expect(r.destructive.map((f) => f.ruleId)).toEqual(["LG-CHANGE-001"]);
});
