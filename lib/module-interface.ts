/**
 * A module's interface as a consumer sees it (inputs with their types,
 * defaults and validations; outputs) and the semantic version that follows
 * from how it changed since the last release.
 */
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
}

export type Bump = "major" | "minor" | "patch" | "none";

export interface Change {
  bump: Exclude<Bump, "none">;
  text: string;
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

/** What changed, each with the version bump it needs; empty when nothing did. */
export function changes(before: Omit<ModuleInterface, "version">, after: Omit<ModuleInterface, "version">): Change[] {
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
    if (old.type !== input.type)
      out.push({ bump: "major", text: `input \`${name}\` changed type from \`${old.type}\` to \`${input.type}\`` });
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
  const lines = cs.length ? cs.map((c) => `- ${label[c.bump]}: ${c.text}.`) : ["- First release."];
  return `## ${version}\n\n${lines.join("\n")}\n`;
}
