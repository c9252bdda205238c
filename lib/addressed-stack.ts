/**
 * A stack whose construct ids are Terraform addresses. A construct's id is its Terraform
 * name (`new S3Bucket(m, "zone", …)` is aws_s3_bucket.zone) or, where another block of the
 * root or module shares the name, its whole address: `aws_s3_bucket_versioning.this`,
 * `data.aws_iam_policy_document.job`, `var.tags`, `local.sources`, `output.bucket_ids`,
 * `module.storage`. This is the one place ids become names: nothing overrides a logical id.
 */
import {
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformModule,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import type { Node } from "constructs";

const ADDRESS = /^(?:(data)\.([a-z0-9_]+)|([a-z0-9_]+))\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/** The block kinds written without a type: var.x, local.x, output.x, module.x. */
const KINDS: Record<string, (e: TerraformElement) => boolean> = {
  var: (e) => e instanceof TerraformVariable,
  local: (e) => e instanceof TerraformLocal,
  output: (e) => e instanceof TerraformOutput,
  module: (e) => e instanceof TerraformModule,
};

/** What a construct is, as an address would start: `aws_s3_bucket`, `data.aws_iam_policy_document`, `var`… */
function kindOf(e: TerraformElement): string {
  if (TerraformDataSource.isTerraformDataSource(e)) return `data.${e.terraformResourceType}`;
  if (TerraformResource.isTerraformResource(e)) return e.terraformResourceType;
  return Object.keys(KINDS).find((k) => KINDS[k](e)) ?? e.constructor.name;
}

/** The Terraform name an id gives, or an error naming the id and what the construct really is. */
export function nameFromId(e: TerraformElement, id: string): string {
  const m = ADDRESS.exec(id);
  if (!m) {
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) return id;
    throw new Error(`${e.node.path}: "${id}" is neither a Terraform name nor an address such as aws_s3_bucket.this`);
  }
  const written = m[1] ? `data.${m[2]}` : m[3];
  const actual = kindOf(e);
  if (written !== actual) throw new Error(`${e.node.path}: the id names ${written}, but the construct is ${actual}`);
  return m[4];
}

export class AddressedStack extends TerraformStack {
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    if (!TerraformElement.isTerraformElement(element)) return super.allocateLogicalId(element);
    // Names come from the stack's own children only: a nested construct's name could repeat another's.
    if (element.node.scope !== this) throw new Error(`${element.node.path}: Terraform blocks are created directly in the stack`);
    return nameFromId(element, element.node.id);
  }

  /** Every block's name, computed now so a wrong id fails where the stack is built; and no two blocks at one address. */
  protected checkAddresses(): void {
    const seen = new Map<string, string>();
    for (const child of this.node.children) {
      if (!TerraformElement.isTerraformElement(child) || child === this.node.defaultChild) continue;
      const kind = kindOf(child);
      if (kind === child.constructor.name && !(child instanceof TerraformResource)) continue;
      const address = `${kind}.${child.friendlyUniqueId}`;
      const other = seen.get(address);
      if (other) throw new Error(`${this.node.id}: "${other}" and "${child.node.id}" are both ${address}`);
      seen.set(address, child.node.id);
    }
  }
}
