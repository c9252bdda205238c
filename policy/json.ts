/** JSON as Terraform writes it in a plan: what every untyped part of a plan is read as. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Narrowing helpers: a rule reads a plan whose shape it cannot trust (foreign plans, unknowns). */
export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const asObject = (v: unknown): JsonObject => (isObject(v) ? v : {});
export const asArray = (v: unknown): JsonValue[] => (Array.isArray(v) ? v : []);
export const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** The string entries of a list (a set of ARNs, of names). */
export const asStrings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");
