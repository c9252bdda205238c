import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureCliConfig, MirrorNotFoundError, providerSource } from "./provider-mirror";

describe("ensureCliConfig", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakegen-mirror-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fakeMirror = () => {
    const mirror = path.join(dir, "mirror");
    fs.mkdirSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    return mirror;
  };

  it("keeps a config file that exists", () => {
    const file = path.join(dir, "mine.tfrc");
    fs.writeFileSync(file, "");
    const env: NodeJS.ProcessEnv = { TF_CLI_CONFIG_FILE: file };
    expect(ensureCliConfig(path.join(dir, "out"), env)).toBe(file);
  });

  it("replaces a config file that does not exist with one for the mirror", () => {
    const mirror = fakeMirror();
    const env: NodeJS.ProcessEnv = { TF_CLI_CONFIG_FILE: path.join(dir, "nowhere"), LAKEGEN_PROVIDER_MIRROR: mirror };
    const file = ensureCliConfig(path.join(dir, "out"), env);
    expect(env.TF_CLI_CONFIG_FILE).toBe(file);
    expect(fs.readFileSync(file, "utf8")).toContain(`path    = ${JSON.stringify(mirror)}`);
  });

  it("says what to set when the named mirror holds no aws provider", () => {
    const env: NodeJS.ProcessEnv = { LAKEGEN_PROVIDER_MIRROR: path.join(dir, "empty") };
    expect(() => ensureCliConfig(path.join(dir, "out"), env)).toThrow(MirrorNotFoundError);
    expect(() => ensureCliConfig(path.join(dir, "out"), env)).toThrow(
      /set LAKEGEN_PROVIDER_MIRROR to a directory holding registry\.terraform\.io\/hashicorp\/aws/,
    );
  });
});

describe("providerSource: the tests' provider", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakegen-source-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("with no mirror anywhere, takes the registry as a GitHub runner does, drops a config that does not exist, and says so", () => {
    const env: NodeJS.ProcessEnv = { TF_CLI_CONFIG_FILE: path.join(dir, "nowhere") };
    const source = providerSource(path.join(dir, "out"), env, [path.join(dir, "no-mirror")]);
    expect(source).toEqual({
      kind: "registry",
      notice: expect.stringMatching(
        /does not exist, and none of .*no-mirror holds one: Terraform takes hashicorp\/aws from registry\.terraform\.io/,
      ),
    });
    expect(env).toEqual({ LAKEGEN_PROVIDER_SOURCE: "registry" });
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("uses a mirror it finds", () => {
    const mirror = path.join(dir, "mirror");
    fs.mkdirSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    const env: NodeJS.ProcessEnv = {};
    const source = providerSource(path.join(dir, "out"), env, [mirror]);
    expect(source).toEqual({ kind: "mirror", config: env.TF_CLI_CONFIG_FILE });
    expect(env.LAKEGEN_PROVIDER_SOURCE).toBeUndefined();
  });

  it("still fails when LAKEGEN_PROVIDER_MIRROR names a folder without the provider", () => {
    const env: NodeJS.ProcessEnv = { LAKEGEN_PROVIDER_MIRROR: path.join(dir, "empty") };
    expect(() => providerSource(path.join(dir, "out"), env, [])).toThrow(MirrorNotFoundError);
  });
});
