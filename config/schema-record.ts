/**
 * The columns each source's contract declared when it was last synthesized, kept beside its tfvars
 * file (`tfvars/prod.tfvars` → `tfvars/prod.schemas.json`) and committed with it. Validation refuses
 * a change that old data cannot follow: a removed column, or a changed type (Spark 3.5 reads no
 * Parquet column as another type, not even int as bigint), unless the column is in the source's
 * `contract.migrate_columns`. Adding a column is always accepted: old partitions read it as null.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface SchemaRecord {
  sources: Record<string, { columns: { name: string; type: string }[] }>;
}

interface Problem {
  file: string;
  path: string;
  message: string;
}

type Declared = Record<string, { contract: { columns: { name: string; type: string }[]; migrate_columns: string[] } }>;

export function recordFile(tfvarsFile: string): string {
  return path.join(path.dirname(tfvarsFile), `${path.basename(tfvarsFile, ".tfvars")}.schemas.json`);
}

export function readRecord(tfvarsFile: string): SchemaRecord | undefined {
  const file = recordFile(tfvarsFile);
  if (!fs.existsSync(file)) return undefined;
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as SchemaRecord;
  if (typeof record?.sources !== "object") throw new Error('has no "sources" object');
  return record;
}

/** The record of a configuration's declared columns. */
export function recordOf(sources: Declared): SchemaRecord {
  const out: SchemaRecord = { sources: {} };
  for (const [name, s] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
    if (s.contract.columns.length) out.sources[name] = { columns: s.contract.columns.map((c) => ({ name: c.name, type: c.type })) };
  }
  return out;
}

/** Every removed column and changed type, against the record beside the file, that no migrate_columns accepts. */
export function narrowingProblems(sources: Declared, tfvarsFile: string): Problem[] {
  const where = recordFile(tfvarsFile);
  let record: SchemaRecord | undefined;
  try {
    record = readRecord(tfvarsFile);
  } catch (e) {
    return [{ file: where, path: "", message: `cannot be read (${(e as Error).message}): restore it from version control` }];
  }
  if (!record) return [];
  const problems: Problem[] = [];
  for (const [name, recorded] of Object.entries(record.sources)) {
    const now = sources[name]?.contract;
    if (!now) continue; // a removed source is a removed pipeline input, not a column change
    const declared = new Map(now.columns.map((c) => [c.name, c.type]));
    for (const old of recorded.columns) {
      if (now.migrate_columns.includes(old.name)) continue;
      const type = declared.get(old.name);
      const change =
        type === undefined
          ? `is no longer declared (${where} records it as ${old.type})`
          : type !== old.type
            ? `changes type from ${old.type} to ${type} (${where})`
            : undefined;
      if (change) {
        problems.push({
          file: tfvarsFile,
          path: `sources.${name}.contract.columns`,
          message:
            `column "${old.name}" ${change}: data already loaded cannot follow; add "${old.name}" to contract.migrate_columns ` +
            `to accept it (operations.md, "Changing a source's columns")`,
        });
      }
    }
  }
  return problems;
}

/** Writes the record beside the file when it changed; returns whether it wrote. */
export function writeRecord(sources: Declared, tfvarsFile: string): boolean {
  // One line per column, so a change reads as one line in a diff.
  const text =
    JSON.stringify(recordOf(sources), null, 2).replace(/\{\s+"name": ("[^"]*"),\s+"type": ("[^"]*")\s+\}/g, '{ "name": $1, "type": $2 }') +
    "\n";
  const file = recordFile(tfvarsFile);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;
  fs.writeFileSync(file, text);
  return true;
}
