/** JSON as Terraform and cdktf write it, and the narrowing every reader of untrusted JSON needs. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const asObject = (v: unknown): JsonObject => (isObject(v) ? v : {});
export const asArray = (v: unknown): JsonValue[] => (Array.isArray(v) ? v : []);
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** The string entries of a list (a set of ARNs, of names). */
export const asStrings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

/** JSON with sorted keys: the same value gives the same text whatever order it was written in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** cdktf's "//" metadata keys (construct paths), which Terraform ignores and no reader needs. */
export function withoutMetadata(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutMetadata);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => k !== "//")
        .map(([k, x]) => [k, withoutMetadata(x)]),
    );
  }
  return v;
}
