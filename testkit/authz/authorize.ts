/**
 * The decision AWS makes on an actor's call: IAM (testkit/authz/iam.ts) and, for catalog and
 * data calls, Lake Formation (testkit/authz/lake-formation.ts). A call is allowed only when both
 * allow it; a denial names the actor, the action, the resource and what is missing.
 */
import type { RenderedRoot } from "../rendered-root";
import type { ActorCall } from "./actors";
import { Iam } from "./iam";
import { LakeFormation } from "./lake-formation";

export interface Decision {
  allowed: boolean;
  /** One line per authority that denied, or why it allowed. */
  reasons: string[];
}

export class Authorizer {
  readonly iam: Iam;
  /** Lake Formation's state; tables created by earlier calls add their creators to it. */
  lakeFormation: LakeFormation;

  constructor(private readonly root: RenderedRoot) {
    const o = root.outputs;
    // The policy the root outputs for each analyst role, as the team attaches it.
    const analysts = Object.entries<string>(o.lake_formation.analyst_policies ?? {});
    this.iam = new Iam(root, Object.fromEntries(analysts.map(([arn, json]) => [arn, [{ name: "analyst", policy: JSON.parse(json) }]])));
    this.lakeFormation = new LakeFormation(root.resources.values());
  }

  /** A fresh run: no table created yet. */
  reset(): void {
    this.lakeFormation = new LakeFormation(this.root.resources.values());
  }

  async decide(call: ActorCall): Promise<Decision> {
    const reasons: string[] = [];
    let allowed = true;
    const iam = await this.iam.decide(call);
    if (!iam.allowed) {
      allowed = false;
      reasons.push(iam.reason);
    }
    for (const req of call.lf ?? []) {
      const lf = this.lakeFormation.decide({ ...req, principal: call.principal });
      if (!lf.allowed) {
        allowed = false;
        reasons.push(`Lake Formation (${lf.rule}): ${lf.reason}`);
      }
    }
    if (allowed && call.creates) this.lakeFormation.creators.set(`${call.creates.database}/${call.creates.table}`, call.principal);
    return { allowed, reasons };
  }
}

export const callText = (c: ActorCall) =>
  `${c.actor}: ${c.action} on ${c.resource}${c.lf?.length ? ` (Lake Formation: ${c.lf.map((r) => r.permission).join(", ")})` : ""}`;
