/**
 * Lake Formation's decision on a catalog or data request, from the settings, registrations,
 * LF-tags, grants and opt-ins a root renders. Written from AWS's documentation; each rule cites
 * its page in LF_RULES, and its cases are in lake-formation.test.ts.
 *
 * Never kinder than AWS: a database the root does not declare (`default`) has no LF-tags and no
 * grants; it is open to IAMAllowedPrincipals only where the settings give new databases that
 * default. Not modelled: column and row filters, cross-account shares, resource links, catalogs
 * other than the account's, grant options (who may grant), and Lake Formation's caching.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export type LfPermission = "DESCRIBE" | "CREATE_TABLE" | "ALTER" | "DROP" | "SELECT" | "INSERT" | "DELETE" | "DATA_LOCATION_ACCESS";

export type LfResource = { database: string } | { database: string; table: string } | { location: string };

export interface LfRequest {
  principal: string;
  permission: LfPermission;
  resource: LfResource;
}

export interface LfDecision {
  allowed: boolean;
  /** The rule that decided (LF_RULES), and what it found. */
  rule: string;
  reason: string;
}

const DOC = "https://docs.aws.amazon.com/lake-formation/latest/dg";
/** The rules the evaluator applies, in order, with the page each is written from. */
export const LF_RULES = {
  "LF-ADMIN": {
    rule:
      "A data lake administrator has DESCRIBE on every resource and data location permissions everywhere; not SELECT, INSERT, " +
      "DELETE, ALTER or DROP on tables others created.",
    source: `${DOC}/implicit-permissions.html`,
  },
  "LF-CREATOR": {
    rule: "A table's creator has all permissions on it, and may describe the database that holds it.",
    source: `${DOC}/implicit-permissions.html`,
  },
  "LF-IAM-DEFAULT": {
    rule:
      "Where the settings give new databases and tables ALL to IAM_ALLOWED_PRINCIPALS (IAM and HYBRID), Lake Formation defers to " +
      "IAM, unless the principal is opted in (hybrid access mode). Under LAKE_FORMATION they get no such default.",
    source: `${DOC}/change-settings.html`,
  },
  "LF-HYBRID": {
    rule:
      "In hybrid access mode, a principal opted in on a database, or on a table (a database's opt-in does not cover its tables), " +
      "is governed by Lake Formation grants there; every other principal keeps IAM access.",
    source: `${DOC}/hybrid-access-mode.html`,
  },
  "LF-NAMED": {
    rule:
      "A named grant on a database gives its database permissions; a grant on a database's tables (wildcard) or on a table gives " +
      "table permissions.",
    source: `${DOC}/lf-permissions-reference.html`,
  },
  "LF-TAG": {
    rule:
      "An LF-tag grant applies to the resources of its type whose LF-tags match every key of the expression, each with one of its " +
      "values; a table inherits its database's LF-tags unless it carries its own value for a key.",
    source: `${DOC}/tag-based-access-control.html`,
  },
  "LF-LOCATION": {
    rule:
      "Creating or altering a table whose data is in a registered location needs DATA_LOCATION_ACCESS on that location or a " +
      "parent of it; an unregistered location needs none.",
    source: `${DOC}/data-location-permissions.html`,
  },
  "LF-NONE": {
    rule: 'Otherwise Lake Formation denies: "Insufficient Lake Formation permission(s)".',
    source: `${DOC}/troubleshooting.html`,
  },
} as const;

const TABLE_PERMISSIONS = new Set(["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER", "DROP"]);

/** The Lake Formation state of one account, read from a rendered root's resources. */
export class LakeFormation {
  readonly admins: Set<string>;
  /** Whether new databases and tables give ALL to IAMAllowedPrincipals (IAM and HYBRID). */
  readonly iamDefaults: boolean;
  private readonly locations: { arn: string; hybrid: boolean }[];
  private readonly dbTags = new Map<string, Record<string, string>>();
  private readonly grants: Json[];
  private readonly optIns: Json[];
  /** Tables created by a principal during a run, by "db/table" (LF-CREATOR). */
  readonly creators = new Map<string, string>();

  constructor(resources: Iterable<Json>) {
    const all = [...resources];
    const of = (type: string) => all.filter((r) => r.type === type && r.mode !== "data").map((r) => r.values);
    const settings = of("aws_lakeformation_data_lake_settings");
    if (settings.length !== 1) throw new Error(`expected one aws_lakeformation_data_lake_settings, found ${settings.length}`);
    this.admins = new Set(settings[0].admins ?? []);
    this.iamDefaults = (settings[0].create_database_default_permissions ?? []).some(
      (d: Json) => d.principal === "IAM_ALLOWED_PRINCIPALS" && (d.permissions ?? []).includes("ALL"),
    );
    this.locations = of("aws_lakeformation_resource").map((r) => ({ arn: r.arn, hybrid: r.hybrid_access_enabled === true }));
    for (const t of of("aws_lakeformation_resource_lf_tags")) {
      const tags = Object.fromEntries((t.lf_tag ?? []).map((x: Json) => [x.key, x.value]));
      const db = t.database?.[0]?.name;
      const table = t.table?.[0];
      if (db) this.dbTags.set(db, tags);
      // A table's own tag overrides the value it inherits from its database.
      else if (table?.name) this.dbTags.set(`${table.database_name}/${table.name}`, tags);
    }
    this.grants = of("aws_lakeformation_permissions");
    this.optIns = of("aws_lakeformation_opt_in");
  }

  decide(req: LfRequest): LfDecision {
    const { principal, permission, resource } = req;
    const what = `${permission} on ${describe(resource)}`;
    if ("location" in resource) return this.location(principal, resource.location);
    if (this.admins.has(principal) && permission === "DESCRIBE") return allow("LF-ADMIN", `${principal} is a data lake administrator`);
    if ("table" in resource && this.creators.get(`${resource.database}/${resource.table}`) === principal)
      return allow("LF-CREATOR", `${principal} created ${describe(resource)}`);
    if (
      !("table" in resource) &&
      permission === "DESCRIBE" &&
      [...this.creators].some(([t, p]) => p === principal && t.startsWith(`${resource.database}/`))
    )
      return allow("LF-CREATOR", `${principal} created a table in ${resource.database}`);
    if (this.iamDefaults && !this.optedIn(principal, resource))
      return allow("LF-IAM-DEFAULT", `${resource.database} is open to IAMAllowedPrincipals and ${principal} is not opted in: IAM decides`);
    const grant = this.grants.find((g) => g.principal === principal && grantCovers(g, permission, resource, this.dbTags));
    if (grant) return allow(grant.lf_tag_policy?.length ? "LF-TAG" : "LF-NAMED", `granted by ${grantText(grant)}`);
    return {
      allowed: false,
      rule: "LF-NONE",
      reason:
        `no grant gives ${principal} ${what}` +
        (this.iamDefaults ? " (it is opted in, so IAM access does not apply)" : " (LAKE_FORMATION: no IAMAllowedPrincipals default)"),
    };
  }

  /** The registered location that holds an S3 ARN or path, if any. */
  registeredFor(s3: string): string | undefined {
    const arn = s3.replace(/^s3:\/\//, "arn:aws:s3:::");
    return this.locations.find((l) => arn === l.arn || arn.startsWith(`${l.arn}/`))?.arn;
  }

  private location(principal: string, s3: string): LfDecision {
    const registered = this.registeredFor(s3);
    if (!registered) return allow("LF-LOCATION", `${s3} is not in a registered location`);
    if (this.admins.has(principal)) return allow("LF-ADMIN", `${principal} is a data lake administrator`);
    const grant = this.grants.find(
      (g) => g.principal === principal && g.permissions.includes("DATA_LOCATION_ACCESS") && covers(g.data_location?.[0]?.arn, registered),
    );
    if (grant) return allow("LF-LOCATION", `granted by ${grantText(grant)}`);
    return { allowed: false, rule: "LF-LOCATION", reason: `no grant gives ${principal} DATA_LOCATION_ACCESS on ${registered}` };
  }

  private optedIn(principal: string, resource: { database: string; table?: string }): boolean {
    return this.optIns.some((o) => {
      if (o.principal?.[0]?.data_lake_principal_identifier !== principal) return false;
      // A database and its tables are opted in separately.
      const r = o.resource_data?.[0] ?? {};
      if (resource.table === undefined) return r.database?.[0]?.name === resource.database;
      const t = r.table?.[0];
      return t?.database_name === resource.database && (t.wildcard === true || t.name === resource.table);
    });
  }
}

const allow = (rule: string, reason: string): LfDecision => ({ allowed: true, rule, reason });

const covers = (granted: string | undefined, arn: string) => granted !== undefined && (arn === granted || arn.startsWith(`${granted}/`));

function describe(r: LfResource): string {
  if ("location" in r) return `location ${r.location}`;
  return "table" in r ? `table ${r.database}.${r.table}` : `database ${r.database}`;
}

function grantText(g: Json): string {
  const p = g.lf_tag_policy?.[0];
  const on = p
    ? `${p.resource_type} tagged ${p.expression.map((e: Json) => `${e.key}=${e.values.join("|")}`).join(" and ")}`
    : g.table?.length
      ? `table ${g.table[0].database_name}.${g.table[0].wildcard ? "*" : g.table[0].name}`
      : g.database?.length
        ? `database ${g.database[0].name}`
        : `location ${g.data_location?.[0]?.arn}`;
  return `the grant of ${[...g.permissions].join(", ")} on ${on}`;
}

/** Whether one grant gives a permission on a database or table (LF-NAMED, LF-TAG). */
function grantCovers(
  g: Json,
  permission: LfPermission,
  r: { database: string; table?: string },
  dbTags: Map<string, Record<string, string>>,
): boolean {
  const perms: string[] = g.permissions ?? [];
  if (!perms.includes(permission) && !perms.includes("ALL")) return false;
  const isTable = r.table !== undefined;
  const policy = g.lf_tag_policy?.[0];
  if (policy) {
    if ((policy.resource_type === "TABLE") !== isTable) return false;
    const tags = { ...dbTags.get(r.database), ...(isTable ? dbTags.get(`${r.database}/${r.table}`) : {}) };
    return (policy.expression ?? []).every((e: Json) => (e.values ?? []).includes(tags[e.key]));
  }
  if (isTable) {
    if (!TABLE_PERMISSIONS.has(permission)) return false;
    const t = g.table?.[0];
    return t?.database_name === r.database && (t.wildcard === true || t.name === r.table);
  }
  return g.database?.[0]?.name === r.database;
}
