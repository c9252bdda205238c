import { renderConfig, value } from "./render";

describe("value", () => {
  it("unwraps whole interpolations into expressions", () => {
    expect(value("${var.x}")).toBe("var.x");
    expect(value('${merge(var.tags, { A = "b" })}')).toBe('merge(var.tags, { A = "b" })');
  });

  it("keeps templates quoted and escapes only their literal parts", () => {
    expect(value("${var.a}-${var.b}")).toBe('"${var.a}-${var.b}"');
    expect(value('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(value('${[for a in var.l : "${a}/*"]}')).toBe('[for a in var.l : "${a}/*"]');
    expect(value("$${literal}")).toBe('"$${literal}"');
  });

  it("renders lists, maps and scalars", () => {
    expect(value([1, true, null])).toBe("[1, true, null]");
    expect(value({ a: "x", "aws:Key": 1 })).toBe('{\na = "x"\n"aws:Key" = 1\n}');
    expect(value([])).toBe("[]");
  });
});

describe("renderConfig", () => {
  it("renders nested blocks by the provider schema and attributes as attributes", () => {
    const out = renderConfig({
      resource: {
        aws_s3_bucket_lifecycle_configuration: {
          zone: {
            for_each: "${var.zones}",
            bucket: "${each.key}",
            rule: [
              {
                id: "r",
                filter: [{}],
                dynamic: { transition: { for_each: "${each.value.transitions}", content: { days: "${transition.value.days}" } } },
              },
            ],
            depends_on: ["aws_s3_bucket_versioning.zone"],
          },
        },
        aws_s3_bucket: { b: { bucket: "x", tags: { Name: "n" } } },
      },
    });
    expect(out.main).toBe(
      [
        'resource "aws_s3_bucket_lifecycle_configuration" "zone" {',
        "for_each = var.zones",
        "bucket = each.key",
        "rule {",
        'id = "r"',
        "filter {}",
        'dynamic "transition" {',
        "for_each = each.value.transitions",
        "content {",
        "days = transition.value.days",
        "}",
        "}",
        "}",
        "depends_on = [aws_s3_bucket_versioning.zone]",
        "}",
        "",
        'resource "aws_s3_bucket" "b" {',
        'bucket = "x"',
        "tags = {",
        'Name = "n"',
        "}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("renders variable types as expressions and defaults as literals", () => {
    const out = renderConfig({
      variable: { v: { type: "object({ a = number })", default: { a: 1 }, description: "d ${x}" } },
    });
    expect(out.variables).toBe('variable "v" {\ndescription = "d ${x}"\ntype = object({ a = number })\ndefault = {\na = 1\n}\n}\n');
  });

  it("puts a module's source first", () => {
    const out = renderConfig({ module: { m: { z: "${var.z}", source: "../m" } } });
    expect(out.main).toBe('module "m" {\nsource = "../m"\nz = var.z\n}\n');
  });

  it("refuses resource types it has no block schema for", () => {
    expect(() => renderConfig({ resource: { aws_not_a_thing: { x: {} } } })).toThrow(/generate:provider-blocks/);
  });
});
