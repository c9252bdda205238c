import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureCliConfig, MirrorNotFoundError } from "./provider-mirror";

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
    expect(() => ensureCliConfig(path.join(dir, "out"), env)).toThrow(/set LAKEGEN_PROVIDER_MIRROR to a directory holding registry\.terraform\.io\/hashicorp\/aws/);
  });
});
