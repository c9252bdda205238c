/**
 * Each role's Lake Formation permissions, as Terraform renders the grants of
 * each environment: on every location, database and table. The table below
 * is the whole truth: one grant too many or one missing fails.
 */
import { renderedRoot, type RenderedRoot } from "../testkit/rendered-root";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const ENVS = ["dev", "prod"] as const;
const ACCOUNT = { dev: "111111111111", prod: "222222222222" };
const roots: Partial<Record<(typeof ENVS)[number], RenderedRoot>> = {};
beforeAll(async () => {
  for (const env of ENVS) roots[env] = await renderedRoot(env);
});

/** One line per grant: the role's name, the permissions and what they are on. */
function grants(root: RenderedRoot): string[] {
  const on = (g: Json): string => {
    if (g.data_location?.length) return `location ${g.data_location[0].arn.replace(/^arn:aws:s3:::/, "")}`;
    if (g.table?.length)
      return g.table[0].wildcard ? `every table of ${g.table[0].database_name}` : `table ${g.table[0].database_name}.${g.table[0].name}`;
    if (g.database?.length) return `database ${g.database[0].name}`;
    const p = g.lf_tag_policy?.[0];
    if (p) return `${p.resource_type.toLowerCase()}s tagged ${p.expression.map((e: Json) => `${e.key}=${e.values.join("|")}`).join(", ")}`;
    throw new Error(`a grant on nothing lakegen knows: ${JSON.stringify(g)}`);
  };
  return [...root.resources.values()]
    .filter((r) => r.type === "aws_lakeformation_permissions")
    .map((r) => r.values)
    .map((g) => `${g.principal.replace(/^arn:aws:iam::\d+:role\//, "")}: ${[...g.permissions].sort().join(", ")} on ${on(g)}`)
    .sort();
}

/** What each role needs, and nothing more: no ALL, ALTER or DROP (a table's creator holds ALL on it already). */
const expected = (env: string) => {
  const p = `acme-lake-${env}`;
  const db = `acme_lake_${env}`;
  const job = (source: string) => [
    `${p}-glue-${source}: CREATE_TABLE, DESCRIBE on database ${db}_processed`,
    `${p}-glue-${source}: DATA_LOCATION_ACCESS on location ${p}-processed`,
    // Its processed table, which Terraform creates from the contract: the job adds its partitions.
    `${p}-glue-${source}: DESCRIBE, INSERT, SELECT on table ${db}_processed.${source.replace(/-/g, "_")}`,
  ];
  return [
    `${p}-emr-job: CREATE_TABLE, DESCRIBE on database ${db}_curated`,
    `${p}-emr-job: CREATE_TABLE, DESCRIBE on database ${db}_processed`,
    `${p}-emr-job: DATA_LOCATION_ACCESS on location ${p}-curated`,
    `${p}-emr-job: DATA_LOCATION_ACCESS on location ${p}-processed`,
    `${p}-emr-job: DELETE, DESCRIBE, INSERT, SELECT on every table of ${db}_curated`,
    `${p}-emr-job: DESCRIBE, SELECT on every table of ${db}_processed`,
    `${p}-glue-crawler: CREATE_TABLE, DESCRIBE on database ${db}_raw`,
    `${p}-glue-crawler: DATA_LOCATION_ACCESS on location ${p}-raw`,
    ...job("api-integrations"),
    ...job("source-system-a"),
    ...job("source-system-b"),
    // Spark's Glue catalog client describes `default` when a session starts.
    ...["emr-job", "glue-api-integrations", "glue-source-system-a", "glue-source-system-b"].map(
      (r) => `${p}-${r}: DESCRIBE on database default`,
    ),
    // The analyst zone's own classification (curated is internal), as analyst_classifications is not set:
    // a curated table classified above internal is not granted.
    `DataAnalyst: DESCRIBE on databases tagged classification=internal, zone=curated`,
    `DataAnalyst: DESCRIBE, SELECT on tables tagged classification=internal, zone=curated`,
  ].sort();
};

describe.each(ENVS)("%s: Lake Formation grants", (env) => {
  it("give each role exactly what it needs, on each location, database and table", () => {
    expect(grants(roots[env]!)).toEqual(expected(env));
  });

  it("come after the settings, and so do the catalog databases, which take the settings' defaults", () => {
    const root = roots[env]!;
    const settings = root.resources.get("module.lake_formation.aws_lakeformation_data_lake_settings.this");
    const gate = root.resources.get("module.glue_catalog.terraform_data.lake_formation_settings");
    expect(settings?.values.id).toBeTruthy();
    expect(gate?.values.input).toBe(settings?.values.id);
    // LAKE_FORMATION sends no defaults, which AWS reads as Lake Formation permissions only; HYBRID keeps IAM's.
    const defaults = settings?.values.create_database_default_permissions ?? [];
    expect(defaults.map((d: Json) => d.principal)).toEqual(env === "prod" ? [] : ["IAM_ALLOWED_PRINCIPALS"]);
  });

  it("apply in HYBRID (dev) as in LAKE_FORMATION (prod): every grantee is opted in where it is granted", () => {
    const optIns = [...roots[env]!.resources.values()]
      .filter((r) => r.type === "aws_lakeformation_opt_in")
      .map((r) => {
        const who = r.values.principal[0].data_lake_principal_identifier.replace(/^arn:aws:iam::\d+:role\//, "");
        const data = r.values.resource_data[0];
        return data.database?.length
          ? `${who}: database ${data.database[0].name}`
          : `${who}: every table of ${data.table[0].database_name}`;
      })
      .sort();
    const p = `acme-lake-${env}`;
    const db = `acme_lake_${env}`;
    const pairs: [string, string][] = [
      [`${p}-glue-crawler`, "raw"],
      [`${p}-emr-job`, "processed"],
      [`${p}-emr-job`, "curated"],
      ...["api-integrations", "source-system-a", "source-system-b"].map((s): [string, string] => [`${p}-glue-${s}`, "processed"]),
      ["DataAnalyst", "curated"],
    ];
    const expectedOptIns = pairs
      .flatMap(([who, zone]) => [`${who}: database ${db}_${zone}`, `${who}: every table of ${db}_${zone}`])
      .sort();
    expect(optIns).toEqual(env === "dev" ? expectedOptIns : []);
  });

  it("are all to roles of the environment's own account", () => {
    const principals = [...roots[env]!.resources.values()]
      .filter((r) => r.type === "aws_lakeformation_permissions")
      .map((r) => r.values.principal);
    expect(principals.every((p: string) => p.startsWith(`arn:aws:iam::${ACCOUNT[env]}:role/`))).toBe(true);
  });
});
