/**
 * The AWS calls the lake's actors make, built once with names and ARNs from a rendered root:
 * the actor model (actors.ts) lists them, the data journey's recorder (recorder.ts) records them.
 */
import type { RenderedRoot } from "../rendered-root";
import type { LfRequest } from "./lake-formation";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export interface ActorCall {
  actor: string;
  principal: string;
  action: string;
  resource: string;
  context?: Record<string, string>;
  /** The Lake Formation permissions the call needs, besides IAM. */
  lf?: Omit<LfRequest, "principal">[];
  /** A table the call creates: its creator then holds every permission on it. */
  creates?: { database: string; table: string };
}

/** A call before it is given to an actor. */
export type Call = Omit<ActorCall, "actor" | "principal">;

export const tableOf = (source: string) => source.replace(/-/g, "_");
export const s3Arn = (bucket: string, key = "") => `arn:aws:s3:::${bucket}${key ? `/${key}` : ""}`;

/** Each Task state of a definition, by name, at any depth. */
export function taskStates(definition: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  const walk = (states: Json) => {
    for (const [name, s] of Object.entries<Json>(states)) {
      if (s.Type === "Task") out[name] = s;
      for (const inner of [s.Iterator, s.ItemProcessor, ...(s.Branches ?? [])]) if (inner) walk(inner.States);
    }
  };
  walk(definition.States);
  return out;
}

export class Calls {
  constructor(private readonly root: RenderedRoot) {}

  private get key(): string {
    return this.root.outputs.data_lake_storage.kms_key_arn;
  }

  glue(kind: string, name: string): string {
    return `arn:aws:glue:${this.root.region}:${this.root.account}:${kind}/${name}`;
  }

  /** KMS through S3, as S3 asks it for an object of a bucket with an S3 Bucket Key. */
  viaS3(action: string, bucket: string): Call {
    const { region, account } = this.root;
    return {
      action,
      resource: this.key,
      context: {
        "kms:ViaService": `s3.${region}.amazonaws.com`,
        "kms:CallerAccount": account,
        "kms:EncryptionContext:aws:s3:arn": s3Arn(bucket),
      },
    };
  }

  /** KMS through Glue: the catalog is encrypted with the lake key. */
  viaGlue(action: string): Call {
    return this.via("glue", action);
  }

  /** KMS through a service that calls it for the actor (Glue, SNS, Kinesis), with no encryption context modelled. */
  via(service: string, action: string): Call {
    return {
      action,
      resource: this.key,
      context: { "kms:ViaService": `${service}.${this.root.region}.amazonaws.com`, "kms:CallerAccount": this.root.account },
    };
  }

  /** KMS called by the actor itself, with its own credentials: no service in between. */
  direct(action: string): Call {
    return { action, resource: this.key, context: { "kms:CallerAccount": this.root.account } };
  }

  database(name: string): Call {
    return {
      action: "glue:GetDatabase",
      resource: this.glue("database", name),
      lf: [{ permission: "DESCRIBE", resource: { database: name } }],
    };
  }

  onTable(action: string, database: string, table: string, permission: LfRequest["permission"]): Call {
    return { action, resource: this.glue("table", `${database}/${table}`), lf: [{ permission, resource: { database, table } }] };
  }

  createTable(database: string, table: string, location: string): Call {
    return {
      action: "glue:CreateTable",
      resource: this.glue("table", `${database}/${table}`),
      lf: [
        { permission: "CREATE_TABLE", resource: { database } },
        { permission: "DATA_LOCATION_ACCESS", resource: { location } },
      ],
      creates: { database, table },
    };
  }

  /** A state machine task's calls, from its integration (`Resource`) and what it names (its parameters or its input). */
  task(resource: string, input: Json): Call[] {
    const { region, account } = this.root;
    const sdk = /^arn:aws:states:::aws-sdk:([a-z0-9-]+):(\w+)$/.exec(resource);
    if (sdk) {
      const action = `${sdk[1]}:${sdk[2][0].toUpperCase()}${sdk[2].slice(1)}`;
      if (sdk[1] === "ssm") return [{ action, resource: `arn:aws:ssm:${region}:${account}:parameter${input.Name}` }];
      if (sdk[1] === "glue") return [{ action, resource: this.glue("crawler", input.Name) }];
    } else if (resource === "arn:aws:states:::sns:publish") {
      // The topics are encrypted with the lake key: SNS asks KMS for the publisher.
      return [{ action: "sns:Publish", resource: input.TopicArn }, this.via("sns", "kms:GenerateDataKey"), this.via("sns", "kms:Decrypt")];
    } else if (resource === "arn:aws:states:::glue:startJobRun.sync") {
      return ["glue:StartJobRun", "glue:GetJobRun", "glue:BatchStopJobRun"].map((action) => ({
        action,
        resource: this.glue("job", input.JobName),
      }));
    } else if (resource === "arn:aws:states:::emr-serverless:startJobRun.sync") {
      const app = `arn:aws:emr-serverless:${region}:${account}:/applications/${input.ApplicationId}`;
      return [
        { action: "emr-serverless:StartJobRun", resource: app },
        { action: "emr-serverless:GetJobRun", resource: `${app}/jobruns/00run` },
        { action: "emr-serverless:CancelJobRun", resource: `${app}/jobruns/00run` },
        { action: "iam:PassRole", resource: input.ExecutionRoleArn, context: { "iam:PassedToService": "emr-serverless.amazonaws.com" } },
      ];
    }
    throw new Error(`the model does not know the task ${resource}`);
  }

  /** An analyst's query of one table through its own workgroup: the catalog, the data through Lake Formation, the results. */
  analystQuery(principal: string, database: string, table: string): Call[] {
    const workgroup = this.root.outputs.athena.analyst_workgroups[principal];
    if (!workgroup) throw new Error(`${this.root.env}: no workgroup for the analyst ${principal}`);
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(workgroup.results_location)!;
    return [
      { action: "athena:StartQueryExecution", resource: workgroup.arn },
      this.database(database),
      this.onTable("glue:GetTable", database, table, "DESCRIBE"),
      this.onTable("glue:GetPartitions", database, table, "SELECT"),
      this.viaGlue("kms:Decrypt"),
      { action: "lakeformation:GetDataAccess", resource: "*", lf: [{ permission: "SELECT", resource: { database, table } }] },
      { action: "s3:GetBucketLocation", resource: s3Arn(bucket) },
      { action: "s3:PutObject", resource: s3Arn(bucket, `${prefix}query-1.csv`) },
      this.viaS3("kms:GenerateDataKey", bucket),
      { action: "athena:GetQueryExecution", resource: workgroup.arn },
      { action: "athena:GetQueryResults", resource: workgroup.arn },
      { action: "s3:GetObject", resource: s3Arn(bucket, `${prefix}query-1.csv`) },
      this.viaS3("kms:Decrypt", bucket),
    ];
  }
}
