import { parseTfvars, TfvarsSyntaxError } from "./tfvars";
import { checkTerraformReadsAlike } from "./tfvars-agreement";

const check = (text: string) => checkTerraformReadsAlike(text, "x.tfvars", parseTfvars(text, "x.tfvars"));

describe("Terraform's HCL parser confirms lakegen's reading", () => {
  it("agrees on the shipped kinds of values", async () => {
    await expect(
      check('a = "x\\u00e9"\nb = [1, 2.5, -3]\nc = { d = true, "e-f" = null }\ng = <<EOT\nline\nEOT\n'),
    ).resolves.toBeUndefined();
  });

  it("reports a value the two read differently, at its key's line", async () => {
    // lakegen strips the common indent of an indented heredoc by spaces; Terraform counts a tab as one.
    const err = await check("a = 1\nb = <<-EOT\n\t  x\n  y\n  EOT\n").catch((e) => e);
    expect(err).toBeInstanceOf(TfvarsSyntaxError);
    expect([err.line, err.reason]).toEqual([2, "b: Terraform reads this value differently from lakegen; write it as a plain literal"]);
  });

  it("turns Terraform's own syntax errors into positioned errors", async () => {
    const err = await checkTerraformReadsAlike("a = {\n", "x.tfvars", {}).catch((e) => e);
    expect(err).toBeInstanceOf(TfvarsSyntaxError);
    expect(err.line).toBe(2);
    expect(err.reason).toMatch(/^Terraform: /);
  });
});
