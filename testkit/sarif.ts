/**
 * SARIF reports checked against the official SARIF 2.1.0 JSON schema (the
 * OASIS schema as Microsoft's SARIF SDK ships it, draft-04), with ajv.
 */
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as fs from "node:fs";

const SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

let validate: ReturnType<Ajv["compile"]> | undefined;

/** Every way a log breaks the schema, as `<path>: <message>`; empty when it is valid. */
export function sarifProblems(log: unknown): string[] {
  if (!validate) {
    // The schema is used as published: strict mode off for its extra keywords, and its `language`
    // pattern (`…{2}]?$`) is only valid without the unicode flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}
