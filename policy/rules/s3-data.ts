/**
 * Where a bucket's data goes and how long it stays: one policy per bucket, no
 * account-wide object access, retention of current objects and of noncurrent versions,
 * and replication, delivery and query results that stay in the lake's buckets.
 */
import { type PlanModel, type PlanResource } from "../plan";
import { blocksOf, expressionOf } from "../plan-json";
import { type Condition, type Principal, policyStatements, type Statement } from "../statements";
import { accountOf, isPositive, reachOf } from "../principals";
import { at, type Rule, unknownAt } from "../rule";
import { buckets, isTemporary, rulesOf, unknownAtPath } from "./s3-buckets";

/** Objects kept fewer days than this outside a temporary zone are lost before anyone notices a mistake. */
export const MIN_RETENTION_DAYS = 365;
/** Noncurrent versions kept fewer days than this cannot undo an overwrite or delete found at the next monthly review. */
export const MIN_NONCURRENT_DAYS = 30;

/** Days until a lifecycle rule's expiration removes current objects: a date counts as now. */
const expiresAfter = (r: ReturnType<typeof rulesOf>[number]): number | undefined => {
  const e = (r.expiration ?? [])[0];
  if (!e) return undefined;
  if (typeof e.days === "number" && e.days > 0) return e.days;
  return e.date ? 0 : undefined;
};

/** Each replication rule whose destination is outside the lake's accounts, or cannot be told. */
/** A replication rule's destination, as the split resource and the inline block both give it. */
interface Replication {
  id?: string | null;
  destination?: { bucket?: string | null; account?: string | null }[];
}

function replicationFindings(m: PlanModel, r: PlanResource, rules: Replication[]): ReturnType<Rule["check"]> {
  const own = m.ownAccounts(r.file);
  const managed = new Set(
    m
      .ofType("aws_s3_bucket")
      .filter((b) => b.file === r.file)
      .map((b) => b.values?.arn ?? `arn:aws:s3:::${b.values?.bucket}`),
  );
  return rules.flatMap((rule, i) => {
    const d = rule.destination?.[0] ?? {};
    const where = `Rule ${rule.id ?? i} replicates to ${d.bucket ?? "a bucket known only at apply"}`;
    if (typeof d.account === "string" && d.account) {
      const account = accountOf(d.account);
      if (account && own.has(account)) return [];
      return [
        own.size
          ? at(r, `${where} in account ${d.account}, outside the lake's ${[...own].join(", ")}.`)
          : unknownAt(r, `${where} in account ${d.account}; no account of the lake's own is known (pass --account).`),
      ];
    }
    if (typeof d.bucket === "string" && managed.has(d.bucket)) return [];
    // A destination written as a reference to a bucket this configuration creates.
    const written = blocksOf(blocksOf(r.config?.expressions, "rule")[i], "destination")[0];
    const refs = expressionOf(written, "bucket")?.references ?? [];
    if (d.bucket === undefined && refs.some((x) => /^(module\.[^.]+\.)?aws_s3_bucket\./.test(x))) return [];
    return [unknownAt(r, `${where}, a bucket this plan does not manage, with no destination account.`)];
  });
}

/** The S3 bucket an s3:// location or bucket ARN names. */
const bucketName = (where: string) => /^(?:s3:\/\/|arn:aws[a-z-]*:s3:::)([^/]+)/.exec(where)?.[1];

/** Firehose destinations and Athena result locations outside the buckets this plan manages. */
function deliveryFindings(m: PlanModel): ReturnType<Rule["check"]> {
  const judge = (r: PlanResource, what: string, where: unknown, owner: unknown): ReturnType<Rule["check"]> => {
    if (typeof where !== "string") return [];
    const name = bucketName(where);
    const own = m.ownAccounts(r.file);
    if (typeof owner === "string" && owner) {
      return own.has(owner) ? [] : [at(r, `${what} ${where}, in account ${owner}, outside the lake's.`)];
    }
    if (name && m.ofType("aws_s3_bucket").some((b) => b.file === r.file && b.values?.bucket === name)) return [];
    return [unknownAt(r, `${what} ${where}, a bucket this plan does not manage, with no owner account named.`)];
  };
  return [
    ...m
      .managed("aws_kinesis_firehose_delivery_stream")
      .flatMap((r) => (r.values?.extended_s3_configuration ?? []).flatMap((d) => judge(r, "Delivers to", d.bucket_arn, undefined))),
    // Inventory lists every object (and version) of a bucket, with its metadata.
    ...m
      .managed("aws_s3_bucket_inventory")
      .flatMap((r) =>
        (r.values?.destination?.[0]?.bucket ?? []).flatMap((d) => judge(r, "Sends the bucket's inventory to", d.bucket_arn, d.account_id)),
      ),
    ...m
      .managed("aws_athena_workgroup")
      .flatMap((r) =>
        (r.values?.configuration?.[0]?.result_configuration ?? []).flatMap((c) =>
          judge(r, "Writes query results to", c.output_location, c.expected_bucket_owner),
        ),
      ),
  ];
}

/** Object actions a statement allows. */
const OBJECT_ACTION = /^(\*|s3:\*|s3:(Get|Put|Delete|Restore)Object[A-Za-z]*|s3:(Get|Put|Delete)\*|s3:\*Object\*)$/i;

/** Principal "*" let in by the account or organization alone, for object actions: inside, yet everyone there. */
function accountWide(s: Statement, own: Set<string>): boolean {
  const anyone = (s.principals as Principal[]).some((p) => p.type === "*" || (p.type === "AWS" && p.ids.includes("*")));
  if (!anyone || !(s.actions as string[]).some((a) => OBJECT_ACTION.test(a))) return false;
  if (reachOf(s.principals, s.conditions, own).kind !== "inside") return false;
  // Named principals (exact role ARNs or ids) or a source are not "everyone".
  return !(s.conditions as Condition[]).some(
    (c) =>
      isPositive(c) && ["aws:principalarn", "aws:userid", "aws:sourcearn", "aws:sourcevpce", "aws:sourcevpc"].includes(c.key.toLowerCase()),
  );
}

export const s3DataRules: Rule[] = [
  {
    id: "LG-S3-015",
    title: "A bucket has one bucket policy",
    severity: "high",
    guards: "access",
    rationale:
      "S3 keeps one policy per bucket: two aws_s3_bucket_policy resources on the same bucket overwrite each other at every apply, so " +
      "the TLS deny or the narrowing of one is lost to the other, by apply order.",
    fix:
      "Merge the statements into the bucket's one policy (source_policy_documents of an aws_iam_policy_document), or pass them to " +
      "the module that owns the bucket.",
    check: (m) =>
      buckets(m).flatMap((b) => {
        m.managed("aws_s3_bucket_policy");
        const split = m.splitByBucket("aws_s3_bucket_policy").get(b.bucket.address + b.bucket.file) ?? [];
        // The bucket's own policy argument is a policy too: with a split one beside it, each apply overwrites the other.
        const policies = [...split, ...(b.bucket.config?.expressions?.policy && split.length ? [b.bucket] : [])];
        if (policies.length < 2) return [];
        const name = b.bucket.values?.bucket ?? b.bucket.address;
        return policies.map((p) =>
          at(
            p,
            `One of ${policies.length} policies on ${name}: ${policies
              .filter((o) => o !== p)
              .map((o) => o.address)
              .join(", ")} overwrites it at apply.`,
          ),
        );
      }),
  },
  {
    id: "LG-S3-016",
    title: "Only temporary buckets expire current objects within a year",
    severity: "low",
    prodSeverity: "high",
    guards: "data-loss",
    rationale:
      `A lifecycle expiration deletes current objects for good once they are older than its days, or all of them from its ` +
      `date. Outside a temporary zone, fewer than ${MIN_RETENTION_DAYS} days loses data a team still needs.`,
    fix:
      `Keep current objects at least ${MIN_RETENTION_DAYS} days (a zone's expiration_days), or tag the bucket Zone = temp (or ` +
      `Temporary = true) if it holds scratch data.`,
    check: (m) =>
      buckets(m)
        .filter((b) => !isTemporary(b.bucket))
        .flatMap((b) => {
          const lc = b.one("aws_s3_bucket_lifecycle_configuration");
          if (
            (lc?.values?.rule ?? []).some(
              (_r, i) => unknownAtPath(lc, ["rule", i, "expiration", 0, "days"]) || unknownAtPath(lc, ["rule", i, "expiration", 0, "date"]),
            )
          ) {
            return [unknownAt(b.bucket, "a lifecycle expiration is known only at apply.")];
          }
          const early = rulesOf(lc)
            .map((r) => [r.id, expiresAfter(r)] as const)
            .filter(([, d]) => d !== undefined && d < MIN_RETENTION_DAYS);
          return early.map(([id, d]) =>
            at(
              b.bucket,
              `Lifecycle rule ${id ?? ""} deletes current objects ${d === 0 ? "from a date" : `after ${d} days`}, below ` +
                `${MIN_RETENTION_DAYS}, on a bucket that is not temporary.`,
            ),
          );
        }),
  },
  {
    id: "LG-S3-017",
    title: "Noncurrent versions are kept long enough to recover",
    severity: "low",
    prodSeverity: "high",
    guards: "data-loss",
    rationale:
      `Versioning undoes an overwrite or delete only while the old version exists: noncurrent versions kept fewer than ` +
      `${MIN_NONCURRENT_DAYS} days are gone before most mistakes are noticed.`,
    fix:
      `Set noncurrent_version_expiration { noncurrent_days } to at least ${MIN_NONCURRENT_DAYS} (the storage module's ` +
      `noncurrent_version_expiration_days).`,
    check: (m) =>
      buckets(m)
        .filter((b) => !isTemporary(b.bucket))
        .flatMap((b) => {
          const lc = b.one("aws_s3_bucket_lifecycle_configuration");
          if (
            (lc?.values?.rule ?? []).some((_r, i) => unknownAtPath(lc, ["rule", i, "noncurrent_version_expiration", 0, "noncurrent_days"]))
          ) {
            return [unknownAt(b.bucket, "a noncurrent-version expiration is known only at apply.")];
          }
          return rulesOf(lc)
            .flatMap((r) => (r.noncurrent_version_expiration ?? []).map((n) => [r.id, n.noncurrent_days] as const))
            .filter(([, d]) => typeof d === "number" && d < MIN_NONCURRENT_DAYS)
            .map(([id, d]) =>
              at(b.bucket, `Lifecycle rule ${id ?? ""} deletes noncurrent versions after ${d} days, below ${MIN_NONCURRENT_DAYS}.`),
            );
        }),
  },
  {
    id: "LG-S3-018",
    title: "Replication, delivery and query results stay in the lake's buckets",
    severity: "high",
    guards: "access",
    rationale:
      "Replication copies every new object, and with delete markers every delete, to the destination; Firehose delivers the stream, " +
      "and Athena writes query results, to the bucket they name. " +
      "A bucket in another account, or one the plan cannot place, takes the lake's data outside its access control, its keys and its " +
      "Lake Formation grants.",
    fix:
      "Replicate, deliver and write results to a bucket this configuration manages, or name the destination account " +
      "(destination.account, expected_bucket_owner) as the lake's own; or waive the finding with the data-sharing agreement as the reason.",
    check: (m) => [
      ...m.managed("aws_s3_bucket_replication_configuration").flatMap((r) =>
        replicationFindings(
          m,
          r,
          (r.values?.rule ?? []).map((rule) => ({
            id: rule.id,
            destination: (rule.destination ?? []).map((d) => ({ bucket: d.bucket, account: d.account })),
          })),
        ),
      ),
      ...deliveryFindings(m),
      // The inline replication_configuration of aws_s3_bucket (provider 3.x style), read the same way.
      ...m.managed("aws_s3_bucket").flatMap((b) => {
        const inline = b.values?.replication_configuration?.[0];
        if (!inline || !b.config?.expressions?.replication_configuration) return [];
        const rules = (inline.rules ?? []).map((r) => ({
          id: r.id,
          destination: (r.destination ?? []).map((d) => ({ bucket: d.bucket, account: d.account_id })),
        }));
        return replicationFindings(m, { ...b, config: undefined }, rules);
      }),
    ],
  },
  {
    id: "LG-S3-019",
    title: "Bucket policies name who reads and writes objects",
    severity: "high",
    guards: "access",
    rationale:
      'An Allow of object actions to Principal "*" narrowed only to the lake\'s account or organization lets every role and user ' +
      "there read or write the zone, " +
      "with no identity policy needed and no Lake Formation grant: in the same account a bucket policy alone allows the request.",
    fix:
      "Name the roles (their ARNs as principals, or aws:PrincipalArn with exact ARNs), or leave object access to identity policies " +
      "and Lake Formation.",
    check: (m) =>
      m.managed("aws_s3_bucket_policy").flatMap((r) => {
        const wide = (policyStatements(m, r) ?? []).filter((s) => s.effect === "Allow" && accountWide(s, m.ownAccounts(r.file)));
        return wide.length
          ? [
              at(
                r,
                `Allows ${[...new Set(wide.flatMap((s) => s.actions as string[]))].join(", ")} to every principal of the account or ` +
                  `organization.`,
              ),
            ]
          : [];
      }),
  },
];
