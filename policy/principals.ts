/**
 * Who a policy statement lets in: anyone, accounts outside the lake's own, or
 * only the lake's accounts, services and named networks. Conditions count as
 * narrowing only when they narrow: a positive test of a key that names an
 * account, an organization, a source or a network, with values that hold no
 * wildcard where the account goes.
 */
import { type Condition, OWN_ROLE, type Principal } from "./statements";

/** Accounts AWS documents as its own for delivering to a customer's bucket (Elastic Load Balancing access logs). */
export const AWS_SERVICE_ACCOUNTS = new Set([
  "127311923021",
  "033677994240",
  "027434742980",
  "797873946194",
  "098369216593",
  "985666609251",
  "054676820928",
  "156460612806",
  "652711504416",
  "635631232127",
  "009996457667",
  "897822967062",
  "754344448648",
  "582318560864",
  "600734575887",
  "383597477331",
  "114774131450",
  "783225319266",
  "718504428378",
  "076674570225",
  "507241528517",
]);

export type Reach =
  | { kind: "inside" }
  /** Accounts outside the lake's own, by id ("*" for any). */
  | { kind: "outside"; who: string }
  /** The plan cannot tell: a principal known only at apply, or no account to compare with. */
  | { kind: "unknown"; who: string };

// aws:ResourceAccount is not here: it names the resource's account, never the caller's.
const ACCOUNT_KEYS = ["aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "kms:calleraccount"];
const ARN_KEYS = ["aws:principalarn", "aws:sourcearn"];
/** Keys that tie a request to an organization, a network or a caller: accepted as narrowing when tested without wildcards. */
// sts:ExternalId is not here: it guards a third party against a confused deputy, and lets in whoever knows it.
const SCOPE_KEYS = [
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:userid",
];
/** Keys that tie a service principal's request to the resource it acts for. */
const SOURCE_KEYS = [
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "kms:calleraccount",
  "kms:viaservice",
];

const wild = (v: string) => /[*?]/.test(v) || v === "" || v === "<reference>";

/** A test that only lets matching requests through: not negated, not skipped when the key is absent, not Null, not vacuous. */
export const isPositive = (c: Condition) =>
  /^(ForAnyValue:)?(String|Arn)(Equals|Like)(IgnoreCase)?$/.test(c.operator) && c.values.length > 0;

/** The account an ARN or id names: "*" for a wildcard account, "" for an ARN with no account (S3), undefined when not an AWS ARN or id. */
export function accountOf(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return id;
  const m = /^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:([^:]*):/.exec(id);
  if (!m) return undefined;
  return wild(m[1]) && m[1] !== "" ? "*" : m[1];
}

/** The accounts a condition narrows the request to, or undefined when it does not narrow. */
function narrowedTo(c: Condition): string[] | "scoped" | undefined {
  if (!isPositive(c)) return undefined;
  const key = c.key.toLowerCase();
  if (ACCOUNT_KEYS.includes(key)) return c.values.some(wild) ? undefined : c.values;
  if (ARN_KEYS.includes(key)) {
    const accounts = c.values.map((v) => accountOf(v));
    if (accounts.some((a) => a === undefined || a === "*")) return undefined;
    // An S3 ARN has no account; a named bucket narrows, a wildcard bucket does not.
    if (accounts.some((a) => a === ""))
      return c.values.every((v) => accountOf(v) !== "" || !/[*?]/.test(v.split(":::")[1] ?? "*")) ? "scoped" : undefined;
    return accounts as string[];
  }
  // aws:userid is "ROLEID:session": the role's unique id names one role, whatever the session.
  if (key === "aws:userid") return c.values.every((v) => /^[A-Z0-9]+:/.test(v) && !wild(v.split(":")[0])) ? "scoped" : undefined;
  if (SCOPE_KEYS.includes(key)) return c.values.some(wild) ? undefined : "scoped";
  return undefined;
}

/** Judges one account against the lake's own. */
function judge(account: string, own: Set<string>): Reach {
  if (account === "*") return { kind: "outside", who: "any account" };
  if (own.has(account) || AWS_SERVICE_ACCOUNTS.has(account)) return { kind: "inside" };
  if (own.size === 0) return { kind: "unknown", who: `account ${account} (no account of the lake's own is known: pass --account)` };
  return { kind: "outside", who: `account ${account}` };
}

/** The widest reach among several: outside before unknown before inside. */
function widest(reaches: Reach[]): Reach {
  return reaches.find((r) => r.kind === "outside") ?? reaches.find((r) => r.kind === "unknown") ?? { kind: "inside" };
}

/**
 * Who an Allow statement's principals reach, after its conditions. `trust`: a role trust
 * policy, where services assume roles by design and are not judged as acting for others.
 */
export function reachOf(
  principals: Principal[],
  conditions: Condition[],
  own: Set<string>,
  trust = false,
  notPrincipals: Principal[] = [],
): Reach {
  // Allow with NotPrincipal lets in everyone but the few it names.
  if (notPrincipals.length) return { kind: "outside", who: "everyone but the NotPrincipal list" };
  if (principals.some((p) => p.type === "CanonicalUser"))
    return { kind: "unknown", who: "a canonical user id, whose account the plan cannot tell" };
  const narrowing = conditions.map(narrowedTo).filter((n) => n !== undefined);
  const accounts = narrowing.filter((n): n is string[] => Array.isArray(n));
  const scoped = narrowing.includes("scoped");
  const ids = principals.filter((p) => p.type === "AWS" || p.type === "*").flatMap((p) => (p.type === "*" ? ["*"] : p.ids));
  return widest([
    ...ids.map((id): Reach => {
      if (id === "<reference>") return { kind: "unknown", who: "a principal known only at apply" };
      if (id === OWN_ROLE) return { kind: "inside" };
      const account = id === "*" ? "*" : accountOf(id);
      if (account === undefined || id.startsWith("arn:aws:organizations:")) return { kind: "outside", who: id };
      const reach = judge(account, own);
      if (reach.kind === "inside") return reach;
      // Narrowed to named accounts: judge those instead; to an organization or network: let in.
      if (accounts.length) return widest(accounts.flat().map((a) => judge(a, own)));
      if (scoped && account === "*") return { kind: "inside" };
      return reach;
    }),
    ...federated(principals, own),
    ...(trust ? [] : services(principals, conditions, own)),
  ]);
}

/** Identity providers of another account (SAML, OIDC by ARN) are outsiders; the role's own checks judge the tokens. */
function federated(principals: Principal[], own: Set<string>): Reach[] {
  return principals
    .filter((p) => p.type === "Federated")
    .flatMap((p) => p.ids.map((id) => accountOf(id)))
    .filter((a): a is string => a !== undefined && a !== "")
    .map((a) => judge(a, own));
}

/**
 * A service acting for a resource (S3 delivering logs, KMS for S3) acts for any account's
 * resource unless a condition names the source: the confused deputy. Encryption-context and
 * via-service tests of KMS tie it to the lake's resources too.
 */
function services(principals: Principal[], conditions: Condition[], own: Set<string>): Reach[] {
  const named = principals.filter((p) => p.type === "Service").flatMap((p) => p.ids);
  if (!named.length) return [];
  const sourced = conditions.some((c) => {
    if (!isPositive(c) || c.values.some((v) => v === "*")) return false;
    const key = c.key.toLowerCase();
    if (key === "kms:viaservice") return true;
    if (SOURCE_KEYS.includes(key)) {
      // Tied to a source, but it must be the lake's: a source account elsewhere lets that account's resources in.
      const to = narrowedTo(c);
      return to === "scoped" || (Array.isArray(to) && to.every((a) => judge(a, own).kind === "inside"));
    }
    // kms:EncryptionContext:aws:logs:arn and the like: the context names the lake's own resources.
    return (
      key.startsWith("kms:encryptioncontext:") &&
      c.values.every((v) => {
        const a = accountOf(v);
        return a !== undefined && a !== "*" && (own.size === 0 || own.has(a));
      })
    );
  });
  return sourced
    ? []
    : [{ kind: "outside", who: `${named.join(", ")} acting for any account's resources (no aws:SourceAccount or aws:SourceArn)` }];
}
