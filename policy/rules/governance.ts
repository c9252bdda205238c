/** Lake Formation: admins, IAMAllowedPrincipals, registered locations. */
import { type PlanModel, type PlanResource, setButUnknown, type ValuesOf } from "../plan";
import { isUnknown } from "../plan-json";
import { accountOf } from "../principals";
import { at, type Rule, unknownAt } from "../rule";
import { outsiderPolicies } from "./iam-statements";

const IAM_ALLOWED = "IAM_ALLOWED_PRINCIPALS";

type Grants = PlanResource<"aws_lakeformation_permissions">;
type LfTagExpression = NonNullable<NonNullable<ValuesOf<"aws_lakeformation_permissions">["lf_tag_policy"]>[number]["expression"]>;
type LfTags = NonNullable<ValuesOf<"aws_lakeformation_resource_lf_tags">["lf_tag"]>;

const defaultsOf = (s: PlanResource<"aws_lakeformation_data_lake_settings">) => [
  ...(s.values?.create_database_default_permissions ?? []),
  ...(s.values?.create_table_default_permissions ?? []),
];

/** Locations registered in Lake Formation mode: hybrid access off. */
const governedLocations = (m: PlanModel) => m.managed("aws_lakeformation_resource").filter((r) => r.values?.hybrid_access_enabled !== true);

/** The lake is governed by Lake Formation when it registers a location in that mode, or keeps IAM out of its defaults. */
function governedByLakeFormation(m: PlanModel): boolean {
  return (
    governedLocations(m).length > 0 ||
    m.managed("aws_lakeformation_data_lake_settings").some((s) => !defaultsOf(s).some((d) => d.principal === IAM_ALLOWED))
  );
}

/** The lake's accounts for a plan file; a plan that names none falls back to its admins' accounts. */
function homeAccounts(m: PlanModel, file: string): Set<string> {
  const own = m.ownAccounts(file);
  if (own.size) return own;
  const admins = m
    .ofType("aws_lakeformation_data_lake_settings")
    .filter((s) => s.file === file)
    .flatMap((s) => s.values?.admins ?? []);
  return new Set(admins.map((a) => accountOf(a)).filter((x): x is string => x !== undefined && /^\d{12}$/.test(x)));
}

/** The account a principal of a grant belongs to: "*" for one that is no account's (an organization). */
const principalAccount = (principal: string) => (principal.startsWith("arn:aws:organizations:") ? "*" : accountOf(principal));

/** Permissions an LF-tag grant may give: reading. Writing and changing go by name, table by table. */
const TAG_READ = ["DESCRIBE", "SELECT"];
/** Tag values that mark data only named roles may read. */
const CONFIDENTIAL = /^(confidential|restricted|secret|sensitive|pii)$/i;

const adminsOf = (m: PlanModel) => new Set(m.managed("aws_lakeformation_data_lake_settings").flatMap((s) => s.values?.admins ?? []));
/** Grants to principals other than the data lake administrators. */
const nonAdminGrants = (m: PlanModel) => {
  const admins = adminsOf(m);
  return m.managed("aws_lakeformation_permissions").filter((r) => !admins.has(String(r.values?.principal)));
};
const granted = (r: Grants) => [...(r.values?.permissions ?? []), ...(r.values?.permissions_with_grant_option ?? [])];
const tagExpression = (r: Grants): LfTagExpression => (r.values?.lf_tag_policy ?? []).flatMap((p) => p.expression ?? []);

/** The catalog objects tagged confidential: database names, and the tags they carry. */
function confidentialObjects(m: PlanModel): { databases: Set<string>; tagged: LfTags[] } {
  const tagged = m.ofType("aws_lakeformation_resource_lf_tags").map((r) => r.values?.lf_tag ?? []);
  const databases = new Set<string>();
  for (const r of m.ofType("aws_lakeformation_resource_lf_tags")) {
    if (!(r.values?.lf_tag ?? []).some((t) => CONFIDENTIAL.test(String(t.value)))) continue;
    for (const d of r.values?.database ?? []) if (d.name) databases.add(d.name);
    for (const t of r.values?.table ?? []) if (t.name ?? t.database_name) databases.add(t.database_name ?? t.name ?? "");
  }
  // Module instances repeat the same tag sets: keep each distinct one once.
  const distinct = new Map(
    tagged.filter((tags) => tags.some((t) => CONFIDENTIAL.test(String(t.value)))).map((tags) => [JSON.stringify(tags), tags]),
  );
  return { databases, tagged: [...distinct.values()] };
}

/** Object writes: PutObject and its wildcards. */
const OBJECT_WRITE = /^(\*|s3:\*|s3:Put\*|s3:PutObject[A-Za-z]*|s3:\*Object[A-Za-z]*)$/i;
/** Object reads: GetObject and its wildcards. */
const OBJECT_READ = /^(\*|s3:\*|s3:Get\*|s3:GetObject[A-Za-z]*|s3:\*Object[A-Za-z]*)$/i;

/** The buckets Lake Formation governs: those whose Zone tag is a value of the lake's zone LF-tag. */
function governedBuckets(m: PlanModel): Set<string> {
  const zones = new Set(
    m
      .ofType("aws_lakeformation_lf_tag")
      .filter((t) => t.values?.key === "zone")
      .flatMap((t) => t.values?.values ?? []),
  );
  return new Set(
    m
      .ofType("aws_s3_bucket")
      .filter((b) => zones.has(String(b.values?.tags_all?.Zone ?? b.values?.tags?.Zone)))
      .map((b) => String(b.values?.bucket)),
  );
}

/** Whether a policy resource reaches a governed bucket's objects: by its name, or by a wildcard. */
const readsZone = (resource: string, zones: Set<string>) => {
  if (resource === "*" || /^arn:aws[a-z-]*:s3:::\*/.test(resource)) return true;
  const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)\//.exec(resource)?.[1];
  return bucket !== undefined && zones.has(bucket);
};

/** The database each table, table_with_columns or database block of a grant names, and whether the plan knows it. */
function grantedDatabases(r: Grants): { database: string | undefined; unknown: boolean }[] {
  const named = (
    block: "table" | "table_with_columns" | "database",
    attr: "database_name" | "name",
    values: (string | null | undefined)[],
  ) => values.map((database, i) => ({ database: database ?? undefined, unknown: isUnknown(r.unknown, block, i, attr) }));
  return [
    ...named(
      "table",
      "database_name",
      (r.values?.table ?? []).map((t) => t.database_name),
    ),
    ...named(
      "table_with_columns",
      "database_name",
      (r.values?.table_with_columns ?? []).map((t) => t.database_name),
    ),
    ...named(
      "database",
      "name",
      (r.values?.database ?? []).map((d) => d.name),
    ),
  ];
}

/** Whether an LF-tag expression reaches confidential data: it names a confidential value, or matches a confidential object's tags. */
function reachesConfidential(expression: LfTagExpression, tagged: LfTags[]): boolean {
  if (expression.some((e) => (e.values ?? []).some((v) => CONFIDENTIAL.test(v)))) return true;
  return tagged.some((tags) => expression.every((e) => tags.some((t) => t.key === e.key && (e.values ?? []).includes(String(t.value)))));
}

/** Permissions that change or remove a database or table, or include every permission. */
const OWNER_PERMISSIONS = ["ALL", "ALTER", "DROP"];
const onCatalogObject = (r: Grants) =>
  (["database", "table", "table_with_columns", "lf_tag_policy"] as const).some(
    (b) => (r.values?.[b] ?? []).length > 0 || setButUnknown(r, b),
  );

export const governanceRules: Rule[] = [
  {
    id: "LG-LF-001",
    title: "Lake Formation has data lake administrators",
    severity: "high",
    guards: "access",
    rationale: "aws_lakeformation_data_lake_settings replaces the whole admin list; an empty list leaves nobody able to grant.",
    fix: "List the admin roles, including the role that runs Terraform, in admins.",
    check: (m) =>
      m.managed("aws_lakeformation_data_lake_settings").flatMap((r) => {
        if (setButUnknown(r, "admins") && r.values?.admins === undefined) return [unknownAt(r, "the admin list is known only at apply.")];
        return (r.values?.admins ?? []).length === 0 ? [at(r, "The admin list is empty.")] : [];
      }),
  },
  {
    id: "LG-LF-002",
    title: "No IAMAllowedPrincipals or account-wide IAMPrincipals grants under the Lake Formation permission model",
    severity: "high",
    guards: "access",
    rationale:
      "A grant to IAM_ALLOWED_PRINCIPALS hands the resource back to IAM policies and silently bypasses every Lake Formation grant.",
    fix: "Remove the grant, or move the lake to the HYBRID or IAM model on purpose.",
    check: (m) => {
      if (!governedByLakeFormation(m)) return [];
      return m
        .managed("aws_lakeformation_permissions")
        .filter((r) => r.values?.principal === IAM_ALLOWED || /:IAMPrincipals$/.test(String(r.values?.principal)))
        .map((r) =>
          at(r, `Grants ${(r.values?.permissions ?? []).join(", ")} to ${r.values.principal}, every IAM principal of the account.`),
        );
    },
  },
  {
    id: "LG-LF-003",
    title: "Registered locations use a dedicated data-access role",
    severity: "medium",
    rationale: "The service-linked role cannot be given KMS permissions for SSE-KMS buckets and cannot be scoped to the lake.",
    fix: "Set role_arn on aws_lakeformation_resource to a role with access to the zone and its KMS key.",
    check: (m) =>
      m
        .managed("aws_lakeformation_resource")
        .filter((r) => r.values?.use_service_linked_role === true || (!r.values?.role_arn && !setButUnknown(r, "role_arn")))
        .map((r) => at(r, "The location is registered with the service-linked role.")),
  },
  {
    id: "LG-LF-004",
    title: "No IAM-mode default permissions on a lake governed by Lake Formation",
    severity: "high",
    guards: "access",
    rationale:
      "Default permissions to IAM_ALLOWED_PRINCIPALS make every new database and table IAM-governed: on a lake whose locations are " +
      "registered in Lake Formation mode, IAM mode is left open for everything created next.",
    fix:
      "Set create_database_default_permissions and create_table_default_permissions to [] (or enable hybrid access on the locations, " +
      "on purpose).",
    check: (m) => {
      if (governedLocations(m).length === 0) return [];
      return [
        ...m
          .managed("aws_lakeformation_data_lake_settings")
          .filter((s) => defaultsOf(s).some((d) => d.principal === IAM_ALLOWED))
          .map((s) =>
            at(s, "New databases and tables default to IAM_ALLOWED_PRINCIPALS while locations are registered in Lake Formation mode."),
          ),
        // A database's own default for its new tables overrides the settings'.
        ...m
          .managed("aws_glue_catalog_database")
          .filter((d) =>
            (d.values?.create_table_default_permission ?? []).some((p) =>
              (p.principal ?? []).some((x) => x.data_lake_principal_identifier === IAM_ALLOWED),
            ),
          )
          .map((d) =>
            at(d, "New tables of this database default to IAM_ALLOWED_PRINCIPALS while locations are registered in Lake Formation mode."),
          ),
      ];
    },
  },
  {
    id: "LG-LF-005",
    title: "No Lake Formation grant of ALL with grant option",
    severity: "high",
    guards: "access",
    rationale: "ALL with grant option makes the grantee an owner who can pass every permission on, outside the platform's control.",
    fix: "Grant the permissions the principal uses, without grant option.",
    check: (m) =>
      m
        .managed("aws_lakeformation_permissions")
        .filter((r) => ((r.values?.permissions_with_grant_option ?? []) as string[]).includes("ALL"))
        .map((r) => at(r, `Grants ALL with grant option to ${r.values?.principal ?? "a principal"}.`)),
  },
  {
    id: "LG-LF-007",
    title: "Only data lake administrators may alter or drop databases and tables",
    severity: "high",
    guards: "access",
    rationale:
      "ALL, ALTER or DROP on a database or table lets a job or analyst role change or delete the catalog that every query relies on. " +
      "A table's creator already holds ALL on it; others need SELECT, INSERT, DELETE, DESCRIBE or CREATE_TABLE.",
    fix: "Grant the data permissions the role uses. Leave ALL, ALTER and DROP to the admins in aws_lakeformation_data_lake_settings.",
    check: (m) => {
      const admins = new Set(m.managed("aws_lakeformation_data_lake_settings").flatMap((s) => (s.values?.admins ?? []) as string[]));
      return m
        .managed("aws_lakeformation_permissions")
        .filter((r) => onCatalogObject(r) && !admins.has(String(r.values?.principal)))
        .flatMap((r) => {
          const granted = [...(r.values?.permissions ?? []), ...(r.values?.permissions_with_grant_option ?? [])] as string[];
          const owner = OWNER_PERMISSIONS.filter((p) => granted.includes(p));
          const who = typeof r.values?.principal === "string" ? r.values.principal : "a principal not known at plan time";
          return owner.length ? [at(r, `Grants ${owner.join(", ")} to ${who}, not a data lake administrator.`)] : [];
        });
    },
  },
  {
    id: "LG-LF-006",
    title: "Lake Formation grants stay in the lake's account",
    severity: "high",
    guards: "access",
    rationale:
      "A grant to another account shares the lake's data outside it; sharing is a decision to review, not a side effect of a module.",
    fix:
      "Grant to principals in the lake's account, and keep the administrators there; share on purpose by waiving the finding with " +
      "the data-sharing agreement as the reason.",
    check: (m) => [
      ...m.managed("aws_lakeformation_permissions").flatMap((r) => {
        const home = homeAccounts(m, r.file);
        const account = principalAccount(String(r.values?.principal ?? ""));
        if (!account || home.size === 0 || home.has(account)) return [];
        return [
          at(r, `Grants to ${account === "*" ? r.values.principal : `account ${account}`}, outside the lake's ${[...home].join(", ")}.`),
        ];
      }),
      // A RAM share of catalog resources to another account or organization.
      ...m.managed("aws_ram_principal_association").flatMap((r) => {
        const home = homeAccounts(m, r.file);
        const account = principalAccount(String(r.values?.principal ?? ""));
        const outside =
          String(r.values?.principal ?? "").startsWith("arn:aws:organizations:") || (account && home.size > 0 && !home.has(account));
        return outside ? [at(r, `Shares resources with ${r.values.principal}, outside the lake's ${[...home].join(", ")}.`)] : [];
      }),
      ...m.managed("aws_lakeformation_data_lake_settings").flatMap((r) => {
        const home = homeAccounts(m, r.file);
        // Administrators, accounts whose resources the lake trusts, and accounts allowed to filter its data outside it.
        const named = (
          [
            ...(r.values?.admins ?? []),
            ...(r.values?.read_only_admins ?? []),
            ...(r.values?.trusted_resource_owners ?? []),
            ...(r.values?.external_data_filtering_allow_list ?? []),
          ] as unknown[]
        ).filter((a): a is string => typeof a === "string");
        if (
          ((r.values?.admins ?? []) as unknown[]).some((a) => typeof a !== "string") ||
          (r.values?.admins === undefined && setButUnknown(r, "admins"))
        ) {
          return [unknownAt(r, "an administrator is known only at apply.")];
        }
        const outside = named.filter((a) => {
          const account = principalAccount(a);
          return account && home.size > 0 && !home.has(account);
        });
        return outside.length
          ? [
              at(
                r,
                `Names ${outside.join(", ")} in the data lake settings (administrators, trusted owners or external filtering), ` +
                  `outside the lake's ${[...home].join(", ")}.`,
              ),
            ]
          : [];
      }),
    ],
  },
  {
    id: "LG-LF-008",
    title: "Lake Formation grants pass nothing on, and LF-tag readers only read",
    severity: "high",
    guards: "access",
    rationale:
      "A grant option lets the grantee grant the permission to anyone, outside the platform's control. An LF-tag grant reaches every " +
      "table that carries the tags, today's and tomorrow's: write, alter or drop through it reaches tables nobody reviewed.",
    fix:
      "Grant without grant option. Grant DESCRIBE and SELECT by LF-tag, and nothing that defines tables (DATA_LOCATION_ACCESS, " +
      "CREATE_TABLE) to those readers; grant INSERT, DELETE, ALTER or DROP by name, on the tables the role writes.",
    check: (m) => {
      // Principals granted by LF-tag are readers: location access or CREATE_TABLE would let them define tables over any data.
      const readers = new Set(
        nonAdminGrants(m)
          .filter((r) => tagExpression(r).length)
          .map((r) => String(r.values?.principal)),
      );
      return nonAdminGrants(m).flatMap((r) => {
        if (tagExpression(r).length && r.values?.permissions === undefined && r.unknown?.permissions === true) {
          return [unknownAt(r, "the permissions of an LF-tag grant are known only at apply.")];
        }
        const passOn = (r.values?.permissions_with_grant_option ?? []) as string[];
        const writes = tagExpression(r).length ? granted(r).filter((p) => !TAG_READ.includes(p)) : [];
        const defines =
          readers.has(String(r.values?.principal)) && !tagExpression(r).length
            ? granted(r).filter((p) => ["DATA_LOCATION_ACCESS", "CREATE_TABLE", "ALL"].includes(p))
            : [];
        // On an LF-tag itself, ASSOCIATE lets the holder re-tag tables: lower their classification, move them between zones.
        const retags = (r.values?.lf_tag ?? []).length
          ? granted(r).filter((p) => ["ASSOCIATE", "ALTER", "DROP", "ALL", "GRANT_WITH_LF_TAG_EXPRESSION"].includes(p))
          : [];
        return [
          ...(retags.length ? [at(r, `Grants ${retags.join(", ")} on an LF-tag: the holder can re-tag, and so reclassify, tables.`)] : []),
          ...(passOn.length ? [at(r, `Grants ${passOn.join(", ")} with grant option.`)] : []),
          ...(writes.length ? [at(r, `Grants ${[...new Set(writes)].join(", ")} through an LF-tag expression.`)] : []),
          ...(defines.length
            ? [
                at(
                  r,
                  `Grants ${defines.join(", ")} to ${r.values.principal}, who reads by LF-tag: they could define tables over any data ` +
                    `there.`,
                ),
              ]
            : []),
        ];
      });
    },
  },
  {
    id: "LG-LF-009",
    title: "Only named roles reach confidential data",
    severity: "high",
    guards: "access",
    rationale:
      "Data classified confidential (the classification of a zone, as its LF-tags carry it) is for the jobs that process it. A grant " +
      "that reaches it by LF-tag, or a SELECT on its tables, shows it to every analyst of the grant.",
    fix:
      "Keep confidential zones out of the analysts' zones and classifications; grant a role that must read them by name, and waive the " +
      "finding with the reason.",
    check: (m) => {
      const { databases, tagged } = confidentialObjects(m);
      // A table's own LF-tags override its database's: a table of a confidential database tagged lower is read by that class.
      const retagged = m.managed("aws_lakeformation_resource_lf_tags").flatMap((r) => {
        const tables = (r.values?.table ?? []).filter((t) => databases.has(t.database_name ?? ""));
        const lower = (r.values?.lf_tag ?? []).some((t) => t.key === "classification" && !CONFIDENTIAL.test(String(t.value)));
        return tables.length && lower
          ? [
              at(
                r,
                `Tags tables of ${tables.map((t) => t.database_name).join(", ")}, classified confidential, with a lower classification.`,
              ),
            ]
          : [];
      });
      return retagged.concat(
        nonAdminGrants(m).flatMap((r) => {
          if (tagExpression(r).length)
            return reachesConfidential(tagExpression(r), tagged)
              ? [at(r, "The LF-tag expression reaches data classified confidential.")]
              : [];
          const reads = granted(r).filter((p) => p === "SELECT" || p === "ALL");
          const targets = grantedDatabases(r);
          if (reads.length && databases.size && targets.some((t) => t.database === undefined && t.unknown))
            return [unknownAt(r, "a SELECT on a database known only at apply, which may be one classified confidential.")];
          const hit = targets.flatMap((t) => (t.database && databases.has(t.database) ? [t.database] : []));
          return hit.length && reads.length ? [at(r, `Grants ${reads.join(", ")} on ${hit.join(", ")}, classified confidential.`)] : [];
        }),
      );
    },
  },
  {
    id: "LG-LF-010",
    title: "Production locations are registered in Lake Formation mode",
    severity: "low",
    prodSeverity: "high",
    guards: "access",
    rationale:
      "In hybrid access mode IAM policies still reach a registered location, past the Lake Formation grants, the analysts' zones and " +
      "the classifications. A sandbox may run so; production data may not.",
    fix:
      'Set lake_formation.permission_model = "LAKE_FORMATION" for production (hybrid_access_enabled = false on every ' +
      "aws_lakeformation_resource).",
    check: (m) =>
      m.managed("aws_lakeformation_resource").flatMap((r) => {
        if (r.values?.hybrid_access_enabled === true) return [at(r, "The location is registered in hybrid access mode.")];
        // Optional and computed: unknown and not in the configuration is the provider's default, off.
        return setButUnknown(r, "hybrid_access_enabled") ? [unknownAt(r, "hybrid_access_enabled is known only at apply.")] : [];
      }),
  },
  {
    id: "LG-LF-011",
    title: "Roles outside the platform read zones through Lake Formation only, and write no job code",
    severity: "high",
    guards: "access",
    rationale:
      "A role the platform does not create (an analyst's, a team's) that may read a governed zone's objects through an IAM policy " +
      "reads every table there, past the Lake Formation grants, the analysts' zones and the classifications; one that may write the " +
      "artifacts bucket changes the code the job roles run.",
    fix:
      "Grant the role tables by Lake Formation (by LF-tag for analysts); give its IAM policy lakeformation:GetDataAccess, not " +
      "s3:GetObject on the zones, and no write to the artifacts bucket.",
    check: (m) => {
      const zones = governedBuckets(m);
      if (!zones.size) return [];
      const code = new Set(
        m
          .ofType("aws_s3_bucket")
          .filter((b) => String(b.values?.tags_all?.Zone ?? b.values?.tags?.Zone) === "artifacts")
          .map((b) => String(b.values?.bucket)),
      );
      return outsiderPolicies(m).flatMap(({ res: r, statements: all }) => {
        const statements = all.filter((s) => s.effect === "Allow");
        const reads = statements.filter(
          (s) => (s.actions as string[]).some((a) => OBJECT_READ.test(a)) && (s.resources as string[]).some((x) => readsZone(x, zones)),
        );
        // The artifacts bucket holds the jobs' code: whoever writes it runs code as the job roles.
        const writesCode = statements.some(
          (s) => (s.actions as string[]).some((a) => OBJECT_WRITE.test(a)) && (s.resources as string[]).some((x) => readsZone(x, code)),
        );
        const readZones = [...zones].filter((z) => reads.some((s) => (s.resources as string[]).some((x) => readsZone(x, new Set([z])))));
        return [
          ...(reads.length ? [at(r, `Lets a role outside the platform read ${readZones.join(", ")} by IAM.`)] : []),
          ...(writesCode
            ? [at(r, `Lets a role outside the platform write ${[...code].join(", ")}, the jobs' code, which runs as the job roles.`)]
            : []),
        ];
      });
    },
  },
];
