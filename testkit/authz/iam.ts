/**
 * IAM's decision on one request, by @cloud-copilot/iam-simulate on the policies a rendered root
 * gives: the role's inline policies (and the analysts' policy, which the root outputs for the
 * team to attach), its permissions boundary, and the resource's own policy (bucket, key, topic).
 *
 * Glue authorizes a catalog call on every level of its ARN hierarchy: the catalog, the database,
 * then the table (docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html), so one
 * Glue call is as many requests as levels. Not modelled: SCPs, session policies, VPC endpoint
 * policies, managed policies (none in lakegen's roots; a boundary or managed policy the root does
 * not define fails the decision instead of passing).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { RenderedRoot } from "../rendered-root";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it
type Policy = { name: string; policy: Json };

export interface IamRequest {
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The resources IAM checks for one Glue call on a table or database ARN: the catalog, then down. */
export function glueHierarchy(arn: string): string[] {
  const m = /^(arn:aws:glue:[^:]+:\d{12}):(database|table|partition)\/([^/]+)(?:\/([^/]+))?/.exec(arn);
  if (!m) return [arn];
  const [, base, kind, db, table] = m;
  const levels = [`${base}:catalog`, `${base}:database/${db}`];
  if (kind !== "database" && table) levels.push(`${base}:table/${db}/${table}`);
  return levels;
}

export class Iam {
  constructor(
    private readonly root: RenderedRoot,
    /** Policies the root outputs for principals it does not create (the analysts'), by principal ARN. */
    private readonly attached: Record<string, Policy[]> = {},
  ) {}

  /** The root's managed resources of each type, and each principal's policies: read once, asked for on every call. */
  private readonly byType = new Map<string, Json[]>();
  private readonly policiesOf = new Map<string, Policy[]>();

  private values(type: string): Json[] {
    return cached(this.byType, type, () =>
      [...this.root.resources.values()].filter((r) => r.type === type && r.mode !== "data").map((r) => r.values),
    );
  }

  identityPolicies(principal: string): Policy[] {
    if (this.attached[principal]) return this.attached[principal];
    return cached(this.policiesOf, principal, () => this.rolePolicies(principal));
  }

  private rolePolicies(principal: string): Policy[] {
    const name = principal.split("/").pop();
    const role = this.values("aws_iam_role").find((r) => r.name === name);
    if (!role) throw new Error(`${principal}: no such role in the ${this.root.env} root, and no policy given for it`);
    const attachments = this.values("aws_iam_role_policy_attachment").filter((a) => a.role === name);
    if (attachments.length)
      throw new Error(`${principal}: managed policies (${attachments.map((a) => a.policy_arn).join(", ")}) are not modelled`);
    return [
      ...this.values("aws_iam_role_policy")
        .filter((p) => p.role === name)
        .map((p) => ({ name: p.name, policy: JSON.parse(p.policy) })),
      ...(role.inline_policy ?? []).filter((p: Json) => p.policy).map((p: Json) => ({ name: p.name, policy: JSON.parse(p.policy) })),
    ];
  }

  private boundary(principal: string): Policy[] | undefined {
    const name = principal.split("/").pop();
    const arn = this.values("aws_iam_role").find((r) => r.name === name)?.permissions_boundary;
    if (!arn) return undefined;
    const policy = this.values("aws_iam_policy").find((p) => p.arn === arn);
    if (!policy) throw new Error(`${principal}: its permissions boundary ${arn} is not in the root, so it cannot be evaluated`);
    return [{ name: "boundary", policy: JSON.parse(policy.policy) }];
  }

  /** The resource's own policy: a bucket's, a key's or a topic's. */
  resourcePolicy(resource: string): Json | undefined {
    const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
    if (bucket) return json(this.values("aws_s3_bucket_policy").find((p) => p.bucket === bucket)?.policy);
    if (resource.startsWith("arn:aws:kms:")) return json(this.values("aws_kms_key").find((k) => k.arn === resource)?.policy);
    if (resource.startsWith("arn:aws:sns:")) return json(this.values("aws_sns_topic_policy").find((p) => p.arn === resource)?.policy);
    return undefined;
  }

  /** "Allowed", or why not, for one request on one resource. */
  async decide(req: IamRequest): Promise<{ allowed: boolean; reason: string }> {
    for (const resource of req.action.startsWith("glue:") ? glueHierarchy(req.resource) : [req.resource]) {
      const res = await runSimulation(
        {
          identityPolicies: this.identityPolicies(req.principal),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: this.resourcePolicy(resource),
          permissionBoundaryPolicies: this.boundary(req.principal),
          request: {
            principal: req.principal,
            action: req.action,
            resource: { resource, accountId: this.root.account },
            contextVariables: {
              "aws:SecureTransport": "true",
              "aws:PrincipalAccount": this.root.account,
              "aws:PrincipalArn": req.principal,
              ...req.context,
            },
          },
        },
        {},
      );
      if (res.resultType === "error") throw new Error(`${req.action} on ${resource}: ${JSON.stringify(res.errors)}`);
      if (res.overallResult !== "Allowed") {
        const where = resource === req.resource ? "" : ` (Glue checks ${resource}, a level of ${req.resource})`;
        return { allowed: false, reason: `IAM: ${res.overallResult}: no statement allows ${req.action} on ${resource}${where}` };
      }
    }
    return { allowed: true, reason: "IAM allows" };
  }
}

/** The map's value for key, made and kept on first ask. */
function cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  if (!map.has(key)) map.set(key, make());
  return map.get(key)!;
}

const json = (text: string | undefined): Json | undefined => (text ? JSON.parse(text) : undefined);
