/**
 * Every call the lake's actors make, decided as AWS decides it on the roots Terraform renders:
 * IAM by a policy simulator, Lake Formation by an evaluator written from AWS's documentation
 * (testkit/authz). A denied call fails with the actor, the action, the resource and what is
 * missing; each actor's must-deny list is its converse.
 */
import { actorsOf, type Actor } from "../testkit/authz/actors";
import { Authorizer, callText } from "../testkit/authz/authorize";
import { renderedRoot, type RenderedRoot } from "../testkit/rendered-root";

const ENVS = ["dev", "prod"];
const roots: Record<string, RenderedRoot> = {};
beforeAll(async () => {
  for (const env of ENVS) roots[env] = await renderedRoot(env);
});

describe.each(ENVS)("%s: authorization of every actor", (env) => {
  const actors = (): Actor[] => actorsOf(roots[env]);

  it("models every role the root creates, and each analyst", () => {
    const roles = [...roots[env].resources.values()].filter((r) => r.type === "aws_iam_role").map((r) => `arn:aws:iam::${roots[env].account}:role/${r.values.name}`);
    const modelled = new Set(actors().map((a) => a.principal));
    // The Lake Formation data access role is assumed by the service for registered locations; the Glue
    // and EMR calls it serves are the actors' GetDataAccess and location grants.
    expect(roles.filter((r) => !modelled.has(r) && !r.endsWith("-lakeformation"))).toEqual([]);
    expect(actors().filter((a) => a.name.startsWith("analyst")).length).toBeGreaterThan(0);
  });

  it("allows every call each actor makes", async () => {
    const denied: string[] = [];
    const authz = new Authorizer(roots[env]);
    for (const actor of actors()) {
      authz.reset();
      for (const call of actor.calls) {
        const d = await authz.decide(call);
        if (!d.allowed) denied.push(`${callText(call)}: ${d.reasons.join("; ")}`);
      }
    }
    expect(denied).toEqual([]);
  });

  it("denies every call on each actor's must-deny list", async () => {
    const allowed: string[] = [];
    const authz = new Authorizer(roots[env]);
    for (const actor of actors()) {
      for (const call of actor.mustDeny) {
        authz.reset();
        if ((await authz.decide(call)).allowed) allowed.push(callText(call));
      }
    }
    expect(allowed).toEqual([]);
  });
});
