import { bumpOf, changelogEntry, changes, type ModuleInterface, nextVersion } from "./module-interface";

type Iface = Omit<ModuleInterface, "version">;
const base: Iface = {
  module: "m",
  inputs: {
    name_prefix: { type: "string", required: true, validations: ['can(regex("^[a-z]+$", var.name_prefix))'] },
    retention_days: { type: "number", required: false, default: 14, validations: ["var.retention_days >= 1"] },
  },
  outputs: ["arn", "name"],
  content_sha256: "a",
};
const edit = (f: (i: Iface) => void): Iface => {
  const c = structuredClone(base);
  f(c);
  return c;
};
const bump = (after: Iface) => bumpOf(changes(base, after));

describe("the version a module's change needs", () => {
  it.each([
    ["removing an input", (i: Iface) => delete i.inputs.retention_days, "major"],
    ["renaming an output", (i: Iface) => (i.outputs = ["arn", "bucket_name"]), "major"],
    ["adding a required input", (i: Iface) => (i.inputs.kms_key_arn = { type: "string", required: true, validations: [] }), "major"],
    ["making an input required", (i: Iface) => (i.inputs.retention_days = { ...i.inputs.retention_days, required: true }), "major"],
    ["changing an input's type", (i: Iface) => (i.inputs.retention_days.type = "string"), "major"],
    ["narrowing a validation", (i: Iface) => (i.inputs.retention_days.validations = ["var.retention_days >= 7"]), "major"],
    [
      "adding an optional input",
      (i: Iface) => (i.inputs.extra = { type: "bool", required: false, default: false, validations: [] }),
      "minor",
    ],
    ["adding an output", (i: Iface) => i.outputs.push("id"), "minor"],
    ["dropping a validation", (i: Iface) => (i.inputs.retention_days.validations = []), "patch"],
    ["changing a default", (i: Iface) => (i.inputs.retention_days.default = 30), "patch"],
    ["changing the resources only", (i: Iface) => (i.content_sha256 = "b"), "patch"],
    ["changing nothing", () => undefined, "none"],
  ])("%s: %s", (_what, f, expected) => {
    expect(bump(edit(f as (i: Iface) => void))).toBe(expected);
  });

  it("takes the largest bump of several changes", () => {
    expect(
      bump(
        edit((i) => {
          i.outputs.push("id");
          delete i.inputs.retention_days;
        }),
      ),
    ).toBe("major");
  });
});

describe("versions and changelog entries", () => {
  it("resets the lower parts", () => {
    expect([
      nextVersion("1.4.2", "major"),
      nextVersion("1.4.2", "minor"),
      nextVersion("1.4.2", "patch"),
      nextVersion("1.4.2", "none"),
    ]).toEqual(["2.0.0", "1.5.0", "1.4.3", "1.4.2"]);
  });

  it("lists each change under its kind", () => {
    const entry = changelogEntry(
      "2.0.0",
      changes(
        base,
        edit((i) => {
          delete i.inputs.retention_days;
          i.outputs.push("id");
        }),
      ),
    );
    expect(entry).toBe("## 2.0.0\n\n- Breaking: input `retention_days` removed.\n- Added: output `id` added.\n");
  });
});
