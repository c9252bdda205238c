import * as fs from "node:fs";
import * as path from "node:path";
import { makeTempDir, runTerraform } from "./terraform";
import { providerLockFile, ROOT_AWS_PROVIDER_RANGE, TESTED_AWS_PROVIDER, TESTED_AWS_PROVIDER_HASHES } from "./provider-lock";

/** A root that needs only the provider, with `lock` as its lock file: what `terraform init` makes of it. */
function initWith(lock: string): { status: number; output: string; lock: string } {
  const dir = makeTempDir("lock");
  try {
    fs.writeFileSync(
      path.join(dir, "versions.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "${ROOT_AWS_PROVIDER_RANGE}" }\n  }\n}\n`,
    );
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), lock);
    const res = runTerraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir });
    return { status: res.code, output: res.stdout + res.stderr, lock: fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the provider lock synth writes", () => {
  it("pins the tested release with a package hash and the release's checksum for each platform", () => {
    expect(providerLockFile()).toContain(`version     = "${TESTED_AWS_PROVIDER}"`);
    expect(TESTED_AWS_PROVIDER_HASHES.filter((h) => h.startsWith("h1:"))).toHaveLength(1);
    expect(new Set(TESTED_AWS_PROVIDER_HASHES.filter((h) => /^zh:[0-9a-f]{64}$/.test(h))).size).toBe(TESTED_AWS_PROVIDER_HASHES.length - 1);
  });

  it("is what init installs and checks: it passes and stays as written", () => {
    const res = initWith(providerLockFile());
    expect(res.output).toMatch(new RegExp(`(Installing|Using) hashicorp/aws v${TESTED_AWS_PROVIDER.replace(/\./g, "\\.")}`));
    expect(res.status).toBe(0);
    expect(res.lock).toBe(providerLockFile());
  });

  it("stops init when the provider does not match its hashes", () => {
    const wrong = providerLockFile().replace(TESTED_AWS_PROVIDER_HASHES[0], "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    const res = initWith(wrong.replace(/\s+"zh:[0-9a-f]+",/g, ""));
    expect(res.status).not.toBe(0);
    expect(res.output.replace(/\s+/g, " ")).toMatch(/doesn't match any of the checksums previously recorded in the dependency lock file/);
  });
});
