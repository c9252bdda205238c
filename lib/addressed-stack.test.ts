import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { App, TerraformLocal, TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testkit/helpers";
import { AddressedStack } from "./addressed-stack";

class Checked extends AddressedStack {
  check(): void {
    this.checkAddresses();
  }
}

const stack = () => new Checked(new App(), "m");

describe("AddressedStack: construct ids are Terraform addresses", () => {
  it("names a block by its id, or by the last part of its address", () => {
    const s = stack();
    const zone = new S3Bucket(s, "zone", {});
    const bucket = new S3Bucket(s, "aws_s3_bucket.this", {});
    const versioning = new S3BucketVersioningA(s, "aws_s3_bucket_versioning.this", {
      bucket: "b",
      versioningConfiguration: { status: "Enabled" },
    });
    const doc = new DataAwsIamPolicyDocument(s, "data.aws_iam_policy_document.this", {});
    const variable = new TerraformVariable(s, "var.tags", {});
    const local = new TerraformLocal(s, "local.sources", "x");
    const output = new TerraformOutput(s, "output.this", { value: "x" });
    s.check();
    expect([zone, bucket, versioning, doc, variable, local, output].map((e) => e.friendlyUniqueId)).toEqual([
      "zone",
      "this",
      "this",
      "this",
      "tags",
      "sources",
      "this",
    ]);
  });

  it("refuses an address of another type, naming the construct", () => {
    const s = stack();
    new S3Bucket(s, "aws_s3_bucket_versioning.this", {});
    expect(() => s.check()).toThrow(
      "m/aws_s3_bucket_versioning.this: the id names aws_s3_bucket_versioning, but the construct is aws_s3_bucket",
    );
  });

  it("refuses a data source written as a resource, and a variable written as a local", () => {
    const a = stack();
    new DataAwsIamPolicyDocument(a, "aws_iam_policy_document.this", {});
    expect(() => a.check()).toThrow("the construct is data.aws_iam_policy_document");
    const b = stack();
    new TerraformVariable(b, "local.tags", {});
    expect(() => b.check()).toThrow("the id names local, but the construct is var");
  });

  it("refuses two blocks at one address", () => {
    const s = stack();
    new S3Bucket(s, "this", {});
    new S3Bucket(s, "aws_s3_bucket.this", {});
    expect(() => s.check()).toThrow('"this" and "aws_s3_bucket.this" are both aws_s3_bucket.this');
  });

  it("refuses a block nested in another construct, whose name could repeat another's", () => {
    const nested = new S3Bucket(new Construct(stack(), "group"), "this", {});
    expect(() => nested.friendlyUniqueId).toThrow("m/group/this: Terraform blocks are created directly in the stack");
  });

  it("is the only place ids become names: no product code overrides a logical id", () => {
    const root = ROOT;
    const found = ["lib", "modules", "envs", "synth", "deploy", "policy", "review", "cli", "deliverables", "config"].flatMap((dir) =>
      fs
        .readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
        .filter((f) => fs.readFileSync(path.join(root, dir, f), "utf8").includes(".overrideLogicalId("))
        .map((f) => `${dir}/${f}`),
    );
    expect(found).toEqual([]);
  });
});
