/**
 * hashicorp/aws 6.x, checked statically: the Go module proxy does not serve
 * the provider's 6.x source (see the README), so it cannot be built and
 * planned here. Instead, every resource and data source type, argument and
 * nested block that the modules and roots set, and every attribute they read,
 * must exist in 6.x with the type it has in 5.100.0. Both schemas come from
 * the cdktf bindings: @cdktf/provider-aws 20.1.0 (5.100.0) and 21.22.1 (6.25.0).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_PROVIDER_RANGE } from "../lib/module";
import { loadEnvironments } from "../synth/environments";
import { buildApp, synthJson } from "../synth/synth";
import { makeTempDir } from "../lib/terraform";
import { ROOT } from "../testkit/helpers";
import { type Assembly, incompatibilities, loadAssembly, missingReferences, references, type Usage, usages } from "./provider-compat";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

let v5: Assembly;
let v6: Assembly;
let configs: Map<string, Json>;
let outdir: string;

beforeAll(() => {
  v5 = loadAssembly(path.join(ROOT, "node_modules", "@cdktf", "provider-aws"));
  v6 = loadAssembly(path.join(ROOT, "node_modules", "@cdktf", "provider-aws-v6"));
  process.chdir(ROOT);
  outdir = makeTempDir("v6");
  configs = synthJson(buildApp(loadEnvironments(), outdir));
});

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
});

it("compares the schema lakegen plans with (5.100.0) to 6.x", () => {
  expect(v5.providerVersion).toBe("5.100.0");
  expect(v6.providerVersion).toMatch(/^6\./);
  expect(AWS_PROVIDER_RANGE).toBe(">= 5.100, < 7.0");
});

it("finds every argument and block of every module and root in 6.x, with the same type", () => {
  const all: Usage[] = [...configs.values()].flatMap((c) => usages(c, v5));
  expect(all.length).toBeGreaterThan(500);
  expect(incompatibilities(all, v6)).toEqual([]);
});

it("finds every attribute the modules and roots read in 6.x", () => {
  const refs = [...new Set([...configs.values()].flatMap(references))];
  expect(refs).toEqual(expect.arrayContaining(["resource aws_s3_bucket.arn", "data aws_region.id"]));
  expect(missingReferences(refs, v6)).toEqual([]);
});

it("reads the region as data.aws_region's id, not its name, which 6.0 deprecates", () => {
  const refs = [...configs.values()].flatMap(references);
  expect(refs).not.toContain("data aws_region.name");
});

describe("the check can fail", () => {
  const config = (resource: Json) => ({ resource });

  it("on an argument 6.0 removed (aws_eip's vpc)", () => {
    expect(incompatibilities(usages(config({ aws_eip: { ip: { vpc: true } } }), v5), v6)).toEqual([
      "resource aws_eip.vpc: not in " + v6.providerVersion,
    ]);
  });

  it("on a resource type 6.0 removed (aws_opsworks_stack)", () => {
    const found = usages(
      config({ aws_opsworks_stack: { s: { name: "x", region: "eu-west-1", service_role_arn: "a", default_instance_profile_arn: "b" } } }),
      v5,
    );
    expect(incompatibilities(found, v6)).toContain(`resource aws_opsworks_stack: not in ${v6.providerVersion}`);
  });

  it("on an attribute read that 6.x does not have", () => {
    expect(missingReferences(["resource aws_s3_bucket.no_such_attribute"], v6)).toEqual(["resource aws_s3_bucket.no_such_attribute"]);
  });
});
