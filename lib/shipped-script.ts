/** A job script a module ships in its folder, uploaded to the artifacts bucket. */
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import type { Construct } from "constructs";

export interface ShippedScriptProps {
  bucket: string;
  key: string;
  /** Path inside the module folder, such as `scripts/transform.py`. */
  file: string;
  kmsKeyId: string;
  tags: Record<string, string>;
}

/** The upload carries the file's hash, so a changed script is uploaded again on the next apply. */
export function shippedScript(scope: Construct, id: string, p: ShippedScriptProps): S3Object {
  return new S3Object(scope, id, {
    bucket: p.bucket,
    key: p.key,
    source: `\${path.module}/${p.file}`,
    sourceHash: `\${filemd5("\${path.module}/${p.file}")}`,
    serverSideEncryption: "aws:kms",
    kmsKeyId: p.kmsKeyId,
    tags: p.tags,
  });
}
