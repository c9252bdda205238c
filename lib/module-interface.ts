/**
 * A module's interface as a consumer sees it (inputs with their types,
 * defaults and validations; outputs) and the semantic version that follows
 * from how it changed since the last release.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { sha256 } from "./digest";
import { compareTypes, parseHclType } from "./hcl-type";
import { canonicalJson, withoutMetadata } from "./json";
import { replacedOn, STATEFUL } from "./resource-risk";
import type { VariableSpec } from "./terraform-schema";

export interface InputInterface {
  type: string;
  required: boolean;
  default?: unknown;
  /** The validation conditions, as HCL. */
  validations: string[];
}

export interface ModuleInterface {
  module: string;
  version: string;
  inputs: Record<string, InputInterface>;
  outputs: string[];
  /** SHA-256 of the module's files, so a change behind an unchanged interface is still a release. */
  content_sha256: string;
  /** Each managed resource block, by address: what a consumer's state holds. Absent in records made before 2.0.0. */
  resources?: Record<string, ResourceRecord>;
}

export interface ResourceRecord {
  /** Deleting or replacing it loses data or access (lib/resource-risk.ts). */
  stateful: boolean;
  /** SHA-256 of the block with its own address made neutral: a block renamed as it stands keeps it. */
  body: string;
  /** The arguments whose change replaces it, as written. */
  replaces_on: Record<string, string>;
}

/** A `moved` block: the state at `from` belongs to `to` now. */
export interface Moved {
  from: string;
  to: string;
}

export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  bump: Exclude<Bump, "none">;
  text: string;
  /** The changelog's word for it, where the bump's (Breaking, Added, Changed) would mislead. */
  label?: string;
}

export function interfaceOf(
  module: string,
  variables: VariableSpec[],
  outputs: string[],
  contentSha256: string,
): Omit<ModuleInterface, "version"> {
  const inputs = Object.fromEntries(
    [...variables]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => [
        v.name,
        {
          type: v.type.replace(/\s+/g, " "),
          required: v.required,
          ...(v.required ? {} : { default: v.default ?? null }),
          validations: v.validations.map((x) => x.condition),
        },
      ]),
  );
  return { module, inputs, outputs: [...outputs].sort(), content_sha256: contentSha256 };
}

/** An input's type, compared attribute by attribute: an added optional attribute is minor, a removed one major. */
function typeChanges(name: string, before: string, after: string): Change[] {
  try {
    return compareTypes(parseHclType(before), parseHclType(after)).map((c) => ({
      bump: c.bump,
      text: `input \`${name}${c.at}\` ${c.text}`,
    }));
  } catch {
    // A type this reader cannot follow is compared as text: any change is major.
    return [{ bump: "major", text: `input \`${name}\` changed type from \`${before}\` to \`${after}\`` }];
  }
}

/**
 * What changed, each with the version bump it needs; empty when nothing did. `moved` are the renames
 * the release carries with `moved` blocks: their state is kept, so they are not destroyed.
 */
export function changes(before: Omit<ModuleInterface, "version">, after: Omit<ModuleInterface, "version">, moved: Moved[] = []): Change[] {
  const out: Change[] = [];
  const was = before.inputs;
  const now = after.inputs;
  for (const name of Object.keys(was)) if (!(name in now)) out.push({ bump: "major", text: `input \`${name}\` removed` });
  for (const [name, input] of Object.entries(now)) {
    const old = was[name];
    if (!old) {
      out.push(
        input.required
          ? { bump: "major", text: `required input \`${name}\` added` }
          : { bump: "minor", text: `optional input \`${name}\` added` },
      );
      continue;
    }
    if (old.type !== input.type) out.push(...typeChanges(name, old.type, input.type));
    if (!old.required && input.required) out.push({ bump: "major", text: `input \`${name}\` became required` });
    if (old.required && !input.required) out.push({ bump: "patch", text: `input \`${name}\` became optional` });
    const added = input.validations.filter((v) => !old.validations.includes(v));
    const dropped = old.validations.filter((v) => !input.validations.includes(v));
    // A new or changed condition may refuse a value that passed before.
    if (added.length)
      out.push({ bump: "major", text: `input \`${name}\` has ${added.length} new or changed validation${added.length > 1 ? "s" : ""}` });
    else if (dropped.length)
      out.push({ bump: "patch", text: `input \`${name}\` dropped ${dropped.length} validation${dropped.length > 1 ? "s" : ""}` });
    if (!old.required && !input.required && JSON.stringify(old.default) !== JSON.stringify(input.default)) {
      out.push({ bump: "patch", text: `input \`${name}\` default changed` });
    }
  }
  for (const o of before.outputs) if (!after.outputs.includes(o)) out.push({ bump: "major", text: `output \`${o}\` removed` });
  for (const o of after.outputs) if (!before.outputs.includes(o)) out.push({ bump: "minor", text: `output \`${o}\` added` });
  out.push(...resourceChanges(before, after, moved));
  if (out.length === 0 && before.content_sha256 !== after.content_sha256) {
    out.push({ bump: "patch", text: "resources or documentation changed; the interface did not" });
  }
  return out;
}

export function bumpOf(cs: Change[]): Bump {
  for (const b of ["major", "minor", "patch"] as const) if (cs.some((c) => c.bump === b)) return b;
  return "none";
}

export function nextVersion(version: string, bump: Bump): string {
  const [major, minor, patch] = version.split(".").map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  if (bump === "patch") return `${major}.${minor}.${patch + 1}`;
  return version;
}

/** A changelog entry, newest first in the file. */
export function changelogEntry(version: string, cs: Change[]): string {
  const label = { major: "Breaking", minor: "Added", patch: "Changed" } as const;
  const lines = cs.length ? cs.map((c) => `- ${c.label ?? label[c.bump]}: ${c.text}.`) : ["- First release."];
  return `## ${version}\n\n${lines.join("\n")}\n`;
}

const typeOf = (address: string) => address.split(".")[0];
/** References to resources, made neutral, so a block that refers to a renamed one still matches itself. */
const RESOURCE_REFERENCE = /\b(data\.)?aws_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*/g;
const boundary = (address: string) => new RegExp(`\\b${address.replace(/[.[\]]/g, "\\$&")}(?![A-Za-z0-9_-])`, "g");

/** Each managed resource block of a module's Terraform JSON (`resource.<type>.<name>`), as a release records it. */
export function resourcesOf(resource: Record<string, Record<string, unknown>> | undefined): Record<string, ResourceRecord> {
  const out: Record<string, ResourceRecord> = {};
  for (const type of Object.keys(resource ?? {}).sort()) {
    for (const name of Object.keys(resource![type]).sort()) {
      const block = withoutMetadata(resource![type][name]) as Record<string, unknown>;
      // for_each and count name the instances: a changed key destroys the instance it named.
      const replaces = [...replacedOn(type), "for_each", "count"].filter((k) => k in block);
      out[`${type}.${name}`] = {
        stateful: type in STATEFUL,
        body: sha256(canonicalJson(block).replace(RESOURCE_REFERENCE, "$1aws_<type>.<ref>")),
        replaces_on: Object.fromEntries(replaces.map((k) => [k, canonicalJson(block[k])])),
      };
    }
  }
  return out;
}

/**
 * Renames a release carries with `moved` blocks: an address gone and exactly one new address of the
 * same type with the same block. Anything else gone is destroyed (`changes` says what that loses).
 */
export function detectMoves(before: Pick<ModuleInterface, "resources">, after: Pick<ModuleInterface, "resources">): Moved[] {
  if (!before.resources || !after.resources) return [];
  const was = before.resources;
  const now = after.resources;
  const added = Object.keys(now).filter((a) => !(a in was));
  const out: Moved[] = [];
  for (const from of Object.keys(was).filter((a) => !(a in now))) {
    const same = added.filter((to) => typeOf(to) === typeOf(from) && now[to].body === was[from].body && !out.some((m) => m.to === to));
    if (same.length === 1) out.push({ from, to: same[0] });
  }
  return out;
}

/** What happens to a consumer's state: each address destroyed, replaced or moved, and each new one. */
function resourceChanges(before: Omit<ModuleInterface, "version">, after: Omit<ModuleInterface, "version">, moved: Moved[]): Change[] {
  if (!before.resources || !after.resources) return [];
  const out: Change[] = [];
  const movedTo = new Map(moved.map((m) => [m.from, m.to]));
  const rewrite = (text: string | undefined) => moved.reduce((t, m) => t?.replace(boundary(m.from), m.to), text);
  const loses = (address: string) => STATEFUL[typeOf(address)];
  for (const [address, was] of Object.entries(before.resources)) {
    const to = movedTo.get(address);
    const now = after.resources[to ?? address];
    if (!now) {
      out.push(
        was.stateful
          ? { bump: "major", text: `\`${address}\` would be destroyed, and with it ${loses(address)}` }
          : { bump: "minor", label: "Destroyed", text: `\`${address}\` would be destroyed` },
      );
      continue;
    }
    if (to) out.push({ bump: "patch", label: "Moved", text: `\`${address}\` moved to \`${to}\`: a \`moved\` block carries its state` });
    // A block that gains `count` keeps its object: Terraform moves it to index 0 by itself.
    const countAdded = !("count" in was.replaces_on) && "count" in now.replaces_on;
    if (countAdded) {
      const at = to ?? address;
      out.push({
        bump: "minor",
        label: "Check",
        text: `\`${at}\` gained \`count\`: where it is 1, Terraform moves its object to \`${at}[0]\`; where it is 0, destroys it`,
      });
    }
    const keys = [...new Set([...Object.keys(was.replaces_on), ...Object.keys(now.replaces_on)])].filter(
      (k) => k !== "count" || !countAdded,
    );
    const forced = keys.filter((k) => rewrite(was.replaces_on[k]) !== now.replaces_on[k]);
    if (!forced.length) continue;
    // Literals that differ replace it; expressions written differently may still give the same value.
    const computed = forced.some((k) => `${was.replaces_on[k]}${now.replaces_on[k]}`.includes("${"));
    const [verb, how] = computed ? ["may be", "written differently"] : ["would be", "changed"];
    const what = `\`${to ?? address}\` ${verb} replaced (\`${forced.join("`, `")}\` ${how})`;
    out.push(
      was.stateful
        ? { bump: "major", text: `${what}, and with it ${loses(address)}${computed ? ": check the plan" : ""}` }
        : { bump: "minor", label: computed ? "Check" : "Replaced", text: what },
    );
  }
  const arrived = Object.keys(after.resources).filter((a) => !(a in before.resources!) && !moved.some((m) => m.to === a));
  for (const address of arrived) out.push({ bump: "minor", text: `resource \`${address}\` added` });
  return out;
}

/** The `moved` blocks of a module, as HCL. */
export function movedBlocks(moves: Moved[]): string {
  return moves.map((m) => `moved {\n  from = ${m.from}\n  to   = ${m.to}\n}\n`).join("\n");
}

/** The renames a module's releases carried, kept in `<recordDir>/<module>/moved.json`: a module keeps its moved blocks. */
export function readMoves(recordDir: string, module: string): Moved[] {
  const file = path.join(recordDir, module, "moved.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Moved[]) : [];
}

/**
 * The moves Terraform can apply to today's configuration: chains followed to their end (a to b, then
 * b to c, moves a to c), and a move left out when its `from` is declared again or its end is not
 * declared, which Terraform refuses ("Moved object still exists") or cannot follow.
 */
export function applicableMoves(moves: Moved[], declared: Set<string>): Moved[] {
  const next = new Map(moves.map((m) => [m.from, m.to]));
  const end = (from: string): string | undefined => {
    const seen = new Set([from]);
    let at = next.get(from)!;
    while (next.has(at)) {
      if (seen.has(at)) return undefined; // a cycle moves nothing anywhere
      seen.add(at);
      at = next.get(at)!;
    }
    return at;
  };
  return moves.flatMap((m) => {
    const to = end(m.from);
    return to !== undefined && !declared.has(m.from) && declared.has(to) ? [{ from: m.from, to }] : [];
  });
}

const MOVED_HEADER = "# Generated by lakegen release: renames its releases carried. Do not edit.\n\n";

/** A module's moved.tf in `dir`: the moves Terraform can apply to the addresses it declares, or no file. */
export function writeMovedFile(dir: string, moves: Moved[], declared: Set<string>): void {
  const file = path.join(dir, "moved.tf");
  const applicable = applicableMoves(moves, declared);
  fs.rmSync(file, { force: true });
  if (applicable.length) fs.writeFileSync(file, MOVED_HEADER + movedBlocks(applicable));
}
