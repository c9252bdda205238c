/** Each rule of the Lake Formation evaluator (testkit/authz/lake-formation.ts), on small accounts built here. */
import { LakeFormation, LF_RULES, type LfRequest } from "../testkit/authz/lake-formation";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

const ACCOUNT = "123456789012";
const role = (n: string) => `arn:aws:iam::${ACCOUNT}:role/${n}`;
const ADMIN = role("admin");
const JOB = role("job");
const ANALYST = role("analyst");
const res = (type: string, values: Json) => ({ type, mode: "managed", values });

/** An account with a curated database tagged zone=curated, classification=internal, and a registered bucket. */
function account(mode: "LAKE_FORMATION" | "HYBRID" | "IAM", extra: Json[] = [], classification = "internal"): LakeFormation {
  const defaults = mode === "LAKE_FORMATION" ? [] : [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
  return new LakeFormation([
    res("aws_lakeformation_data_lake_settings", {
      admins: [ADMIN],
      create_database_default_permissions: defaults,
      create_table_default_permissions: defaults,
    }),
    res("aws_lakeformation_resource", { arn: "arn:aws:s3:::lake-curated", hybrid_access_enabled: mode === "HYBRID" }),
    res("aws_lakeformation_resource_lf_tags", {
      database: [{ name: "curated" }],
      lf_tag: [
        { key: "zone", value: "curated" },
        { key: "classification", value: classification },
      ],
    }),
    ...extra,
  ]);
}
const grant = (principal: string, permissions: string[], on: Json) =>
  res("aws_lakeformation_permissions", { principal, permissions, ...on });
const analystsByTag = (classifications: string[]) =>
  grant(ANALYST, ["SELECT", "DESCRIBE"], {
    lf_tag_policy: [
      {
        resource_type: "TABLE",
        expression: [
          { key: "zone", values: ["curated"] },
          { key: "classification", values: classifications },
        ],
      },
    ],
  });
const select: Omit<LfRequest, "principal"> = { permission: "SELECT", resource: { database: "curated", table: "orders" } };
const verdict = (lf: LakeFormation, principal: string, req: Omit<LfRequest, "principal">) => {
  const d = lf.decide({ principal, ...req });
  return `${d.allowed ? "allow" : "deny"} ${d.rule}`;
};

it("cites an AWS page for every rule", () => {
  for (const r of Object.values(LF_RULES)) expect(r.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/lake-formation\//);
});

describe("LF-ADMIN", () => {
  it("gives an admin DESCRIBE on any database, even one the root does not declare", () => {
    expect(verdict(account("LAKE_FORMATION"), ADMIN, { permission: "DESCRIBE", resource: { database: "default" } })).toBe("allow LF-ADMIN");
  });
  it("does not give an admin SELECT on a table", () => {
    expect(verdict(account("LAKE_FORMATION"), ADMIN, select)).toBe("deny LF-NONE");
  });
  it("gives an admin every data location", () => {
    expect(
      verdict(account("LAKE_FORMATION"), ADMIN, {
        permission: "DATA_LOCATION_ACCESS",
        resource: { location: "arn:aws:s3:::lake-curated/x/" },
      }),
    ).toBe("allow LF-ADMIN");
  });
});

describe("LF-CREATOR", () => {
  it("gives a table's creator every permission on it, and DESCRIBE on its database; nobody else", () => {
    const lf = account("LAKE_FORMATION");
    lf.creators.set("curated/orders", JOB);
    expect(verdict(lf, JOB, { permission: "ALTER", resource: { database: "curated", table: "orders" } })).toBe("allow LF-CREATOR");
    expect(verdict(lf, JOB, { permission: "DESCRIBE", resource: { database: "curated" } })).toBe("allow LF-CREATOR");
    expect(verdict(lf, JOB, { permission: "ALTER", resource: { database: "curated", table: "customers" } })).toBe("deny LF-NONE");
    expect(verdict(lf, ANALYST, { permission: "ALTER", resource: { database: "curated", table: "orders" } })).toBe("deny LF-NONE");
  });
});

describe("LF-IAM-DEFAULT", () => {
  it("defers to IAM where new databases give ALL to IAMAllowedPrincipals", () => {
    expect(verdict(account("IAM"), JOB, select)).toBe("allow LF-IAM-DEFAULT");
  });
  it("gives nothing under LAKE_FORMATION: the `default` database is denied without a grant", () => {
    expect(verdict(account("LAKE_FORMATION"), JOB, { permission: "DESCRIBE", resource: { database: "default" } })).toBe("deny LF-NONE");
  });
});

describe("LF-HYBRID", () => {
  const optIn = (principal: string) =>
    res("aws_lakeformation_opt_in", {
      principal: [{ data_lake_principal_identifier: principal }],
      resource_data: [{ database: [{ name: "curated" }] }],
    });
  const optInTables = (principal: string) =>
    res("aws_lakeformation_opt_in", {
      principal: [{ data_lake_principal_identifier: principal }],
      resource_data: [{ table: [{ database_name: "curated", wildcard: true }] }],
    });
  it("leaves a principal that is not opted in to IAM", () => {
    expect(verdict(account("HYBRID"), ANALYST, select)).toBe("allow LF-IAM-DEFAULT");
  });
  it("opts a database in without its tables", () => {
    expect(verdict(account("HYBRID", [optIn(ANALYST)]), ANALYST, { permission: "DESCRIBE", resource: { database: "curated" } })).toBe(
      "deny LF-NONE",
    );
    expect(verdict(account("HYBRID", [optIn(ANALYST)]), ANALYST, select)).toBe("allow LF-IAM-DEFAULT");
  });
  it("holds an opted-in principal to its grants", () => {
    expect(verdict(account("HYBRID", [optInTables(ANALYST)]), ANALYST, select)).toBe("deny LF-NONE");
    expect(verdict(account("HYBRID", [optInTables(ANALYST), analystsByTag(["internal"])]), ANALYST, select)).toBe("allow LF-TAG");
  });
});

describe("LF-NAMED", () => {
  it("gives database permissions on the named database only, and no table permission", () => {
    const lf = account("LAKE_FORMATION", [grant(JOB, ["CREATE_TABLE", "DESCRIBE"], { database: [{ name: "curated" }] })]);
    expect(verdict(lf, JOB, { permission: "CREATE_TABLE", resource: { database: "curated" } })).toBe("allow LF-NAMED");
    expect(verdict(lf, JOB, { permission: "CREATE_TABLE", resource: { database: "processed" } })).toBe("deny LF-NONE");
    expect(verdict(lf, JOB, { permission: "DESCRIBE", resource: { database: "curated", table: "orders" } })).toBe("deny LF-NONE");
  });
  it("gives table permissions on every table of a database with a wildcard grant, not on the database", () => {
    const lf = account("LAKE_FORMATION", [grant(JOB, ["SELECT", "DESCRIBE"], { table: [{ database_name: "curated", wildcard: true }] })]);
    expect(verdict(lf, JOB, select)).toBe("allow LF-NAMED");
    expect(verdict(lf, JOB, { permission: "INSERT", resource: { database: "curated", table: "orders" } })).toBe("deny LF-NONE");
    expect(verdict(lf, JOB, { permission: "DESCRIBE", resource: { database: "curated" } })).toBe("deny LF-NONE");
  });
});

describe("LF-TAG", () => {
  it("grants tables whose inherited tags match every key of the expression", () => {
    expect(verdict(account("LAKE_FORMATION", [analystsByTag(["public", "internal"])]), ANALYST, select)).toBe("allow LF-TAG");
  });
  it("does not grant a curated table classified confidential when the expression leaves confidential out", () => {
    expect(verdict(account("LAKE_FORMATION", [analystsByTag(["public", "internal"])], "confidential"), ANALYST, select)).toBe(
      "deny LF-NONE",
    );
  });
  it("reads a table's own tag over the one it inherits", () => {
    const confidentialTable = res("aws_lakeformation_resource_lf_tags", {
      table: [{ database_name: "curated", name: "orders" }],
      lf_tag: [{ key: "classification", value: "confidential" }],
    });
    expect(verdict(account("LAKE_FORMATION", [analystsByTag(["internal"]), confidentialTable]), ANALYST, select)).toBe("deny LF-NONE");
  });
  it("does not grant a database with a TABLE expression", () => {
    expect(
      verdict(account("LAKE_FORMATION", [analystsByTag(["internal"])]), ANALYST, {
        permission: "DESCRIBE",
        resource: { database: "curated" },
      }),
    ).toBe("deny LF-NONE");
  });
});

describe("LF-LOCATION", () => {
  const location = { permission: "DATA_LOCATION_ACCESS" as const, resource: { location: "arn:aws:s3:::lake-curated/orders/" } };
  it("needs a grant on a registered location, or a parent of it", () => {
    expect(verdict(account("LAKE_FORMATION"), JOB, location)).toBe("deny LF-LOCATION");
    const lf = account("LAKE_FORMATION", [grant(JOB, ["DATA_LOCATION_ACCESS"], { data_location: [{ arn: "arn:aws:s3:::lake-curated" }] })]);
    expect(verdict(lf, JOB, location)).toBe("allow LF-LOCATION");
  });
  it("does not take a bucket whose name only starts like the registered one", () => {
    const lf = account("LAKE_FORMATION", [grant(JOB, ["DATA_LOCATION_ACCESS"], { data_location: [{ arn: "arn:aws:s3:::lake-curated" }] })]);
    expect(lf.registeredFor("arn:aws:s3:::lake-curated-copy/orders/")).toBeUndefined();
    expect(verdict(lf, JOB, { permission: "DATA_LOCATION_ACCESS", resource: { location: "arn:aws:s3:::lake-curated-copy/x/" } })).toBe(
      "allow LF-LOCATION",
    );
  });
});
