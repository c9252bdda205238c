/**
 * What each of the lake's actors may do: the zones it reads and writes, its Lake Formation
 * permissions and its use of the lake key. operations.md prints it; the authorization tests
 * (test/authorization.test.ts) hold every rendered root to it, both ways: each call an actor makes
 * is within it, and each zone it does not list is denied to that actor.
 */
export const ZONES = ["raw", "processed", "curated", "temp"] as const;
export type Zone = (typeof ZONES)[number];

export interface ActorAccess {
  actor: string;
  does: string;
  /** Zones whose objects it reads in S3 directly. */
  reads: Zone[];
  /** Zones whose objects it writes, deletes and reads back in S3 directly. */
  writes: Zone[];
  /** When set, its reads and writes stay within this part of each zone. */
  within?: string;
  lakeFormation: string;
  key: string;
}

export const ACCESS: ActorAccess[] = [
  {
    actor: "crawler",
    does: "Registers each batch source's raw table and its days.",
    reads: ["raw"],
    writes: [],
    lakeFormation: "CREATE_TABLE, DESCRIBE on the raw database; DATA_LOCATION_ACCESS on raw",
    key: "decrypts raw through S3; the catalog through Glue",
  },
  {
    actor: "glue job",
    does: "One per source: its raw prefix in, its processed prefix and table out, its Data Quality results published.",
    reads: ["raw"],
    writes: ["processed"],
    within: "its source's prefix",
    lakeFormation:
      "CREATE_TABLE, DESCRIBE on the processed database; DATA_LOCATION_ACCESS on processed; DESCRIBE on `default` (Spark's catalog client)",
    key: "decrypts raw and encrypts processed through S3; the catalog through Glue; its bookmarks itself (CSE-KMS)",
  },
  {
    actor: "EMR Serverless job",
    does: "Builds curated from processed, and registers the curated tables.",
    reads: ["processed"],
    writes: ["curated"],
    lakeFormation:
      "CREATE_TABLE, DESCRIBE on the processed and curated databases; SELECT, DESCRIBE on processed tables; SELECT, INSERT, DELETE, " +
      "DESCRIBE on curated tables; DATA_LOCATION_ACCESS on both; DESCRIBE on `default`",
    key: "decrypts processed, encrypts curated and its S3 logs through S3; the catalog through Glue",
  },
  {
    actor: "Firehose",
    does: "One per stream source: delivers the stream's records to its raw prefix.",
    reads: [],
    writes: ["raw"],
    within: "its stream's prefix",
    lakeFormation: "none",
    key: "decrypts the stream through Kinesis; encrypts raw through S3",
  },
  {
    actor: "state machine",
    does:
      "One per pipeline: reads and saves its bookmark, starts its sources' Glue jobs and crawler and the EMR job (passing the EMR " +
      "role only), and notifies.",
    reads: [],
    writes: [],
    lakeFormation: "none",
    key: "encrypts its notifications through SNS",
  },
  {
    actor: "pipeline scheduler",
    does: "Starts the pipelines' state machines on their schedules.",
    reads: [],
    writes: [],
    lakeFormation: "none",
    key: "none",
  },
  {
    actor: "Lake Formation data access",
    does: "The role Lake Formation vends credentials with, for the registered zones (raw, processed, curated).",
    reads: ["raw", "processed", "curated"],
    writes: ["raw", "processed", "curated"],
    lakeFormation: "none: it is the data location's role",
    key: "decrypts and encrypts the registered zones through S3",
  },
  {
    actor: "analyst",
    does: "Queries the analyst zones through the Athena workgroup; reads and writes the workgroup's results.",
    reads: [],
    writes: ["temp"],
    within: "the workgroup's results prefix",
    lakeFormation: "DESCRIBE on databases, SELECT and DESCRIBE on tables, tagged with an analyst zone and an analyst classification",
    key: "through Glue and S3 only (kms:ViaService)",
  },
];

/** The access of an actor, by the start of its name ("glue job of orders" is a "glue job"). */
export function accessOf(actorName: string): ActorAccess {
  const found = ACCESS.find((a) => actorName === a.actor || actorName.startsWith(`${a.actor} `));
  if (!found) throw new Error(`no access is declared for the actor "${actorName}"`);
  return found;
}
