/**
 * The pattern every lakegen module follows: a zod schema for its tfvars inputs,
 * cross-field rules, the inputs it takes from other modules, and a build
 * function that adds resources to a ModuleStack. The stack turns the schema
 * into Terraform variables, so types, defaults, validations and README tables
 * all come from the schema.
 */
import { type IResolvable, TerraformBackend, TerraformOutput, TerraformVariable, Token } from "cdktf";
import type { Construct } from "constructs";
import { z } from "zod";
import { AddressedStack } from "./addressed-stack";
import type { Rule } from "./rules";
import { type JsonSchema, toJsonSchema, type VariableSpec, variableSpecs } from "./terraform-schema";

export const TERRAFORM_VERSION = ">= 1.10, < 2.0";
export const AWS_PROVIDER_RANGE = ">= 5.100, < 7.0";

/** The roles lakegen creates, by the key a team uses to extend them (`iam.role_policy_arns`). */
export const ROLE_KEYS = ["emr_job", "glue_crawler", "glue_job", "pipeline", "scheduler", "firehose", "lake_formation"] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

/** IAM's default quota of managed policies attached to one role. */
const MANAGED_POLICIES_PER_ROLE = 10;
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::([0-9]{12}|aws):policy\/[A-Za-z0-9+=,.@_/-]+$/;

/** What a team adds to every role lakegen creates, without forking it: a boundary and managed policies. */
export const iamExtensionSchema = z
  .object({
    permissions_boundary_arn: z
      .string()
      .regex(POLICY_ARN)
      .nullable()
      .default(null)
      .describe("Managed policy set as the permissions boundary of every role lakegen creates; null sets none."),
    role_policy_arns: z
      .record(
        z.string().regex(new RegExp(`^(${ROLE_KEYS.join("|")})$`)),
        z.array(z.string().regex(POLICY_ARN)).max(MANAGED_POLICIES_PER_ROLE),
      )
      .default({})
      .describe(
        `Managed policies attached to lakegen's roles, by role: ${ROLE_KEYS.map((k) => `\`${k}\``).join(", ")}. ` +
          `A per-source or per-pipeline role gets them on every instance. At most ${MANAGED_POLICIES_PER_ROLE} per role (IAM's ` +
          `default quota).`,
      ),
  })
  .strict()
  .default({ permissions_boundary_arn: null, role_policy_arns: {} });

/** Longest `<project>-<environment>` prefix; every module's name limits are computed from it. */
export const NAME_PREFIX_MAX = 40;

export const contextSchema = z.object({
  name_prefix: z
    .string()
    .regex(new RegExp(`^[a-z][a-z0-9-]{1,${NAME_PREFIX_MAX - 2}}[a-z0-9]$`))
    .describe("Prefix of every resource name, such as `acme-dev`. Lower case letters, digits and hyphens."),
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/)
    .describe("Environment name, such as `dev` or `prod`."),
  account_id: z
    .string()
    .regex(/^[0-9]{12}$/)
    .describe("AWS account that owns the resources."),
  tags: z.record(z.string(), z.string()).default({}).describe("Tags added to every resource that takes tags."),
  iam: iamExtensionSchema.describe("A permissions boundary for every role the module creates, and managed policies to attach, by role."),
});
export type Context = z.infer<typeof contextSchema>;
export type ContextInput = keyof Context;

/** The context inputs a module declares: only those it reads, so a consumer never sets an input that does nothing. */
export function moduleContextSchema(def: Pick<ModuleDefinition, "context">) {
  return contextSchema.pick(Object.fromEntries(def.context.map((k) => [k, true])) as Record<ContextInput, true>);
}

export interface ModuleDefinition<S extends z.ZodObject = z.ZodObject, W extends z.ZodObject = z.ZodObject, K extends string = string> {
  /** Directory name under dist/modules/. */
  name: string;
  /** The module's object in tfvars, such as `emr`. */
  tfvarsKey: K;
  /** One paragraph for the README, in Markdown. */
  summary: string;
  /** Further README sections, in Markdown. */
  notes?: string;
  /** Inputs that come from tfvars. */
  schema: S;
  /** Rules across inputs; they may also read the context inputs. */
  rules: Rule[];
  /** Inputs that come from other modules' outputs, or from top-level tfvars such as `sources`. */
  wiring: W;
  /** The context inputs the module reads (name_prefix, environment, account_id, tags, iam). */
  context: ContextInput[];
  /** Assertions on outputs for the module's own `terraform test`, beyond every output being set. */
  outputContract?: { condition: string; message: string }[];
  /** Where each wiring input comes from: another module's output, or a top-level tfvars key. Synth checks each. */
  wires: Wires<W>;
  /** The wiring of the module's examples and tests; its own inputs are in example.tfvars, never an environment's. */
  example: ModuleExample<W>;
  /** One line of the module's key settings for the architecture document. */
  keySettings?(inputs: z.infer<S>): string;
  /** Extra files shipped in the module, by path in the module, from a path relative to the project root. */
  files?: Record<string, string>;
  build(stack: ModuleStack<S, W>): void;
}

/** What every module's examples share: AWS's documentation account and a made-up prefix, never an environment's. */
export interface ExampleContext {
  prefix: string;
  environment: string;
  account: string;
  region: string;
  tags: Record<string, string>;
}

export const EXAMPLE_CONTEXT: ExampleContext = {
  prefix: "example-lake-prod",
  environment: "prod",
  account: "111122223333",
  region: "eu-west-1",
  tags: { Owner: "data-platform-team" },
};

/**
 * A module's example wiring: what other modules would give it. Its own inputs are data, in
 * `modules/<name>/example.tfvars` (read by `exampleFixture`), like every size lakegen uses.
 */
export interface ModuleExample<W extends z.ZodObject> {
  wiring(c: ExampleContext): z.input<W>;
}

/** Example ARNs, formed as AWS forms them. */
export const exampleArn = {
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  key: (c: ExampleContext) => `arn:aws:kms:${c.region}:${c.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  role: (c: ExampleContext, name: string) => `arn:aws:iam::${c.account}:role/${name}`,
  topic: (c: ExampleContext, name: string) => `arn:aws:sns:${c.region}:${c.account}:${name}`,
  stateMachine: (c: ExampleContext, name: string) => `arn:aws:states:${c.region}:${c.account}:stateMachine:${name}`,
};

/** A map of example values, one per source that matches. */
export function perSource(
  sources: Record<string, { ingestion: string }>,
  value: (name: string) => string,
  ingestion?: "batch" | "stream",
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sources)
      .filter(([, s]) => !ingestion || s.ingestion === ingestion)
      .map(([name]) => [name, value(name)]),
  );
}

/** A wiring input taken from another module's output; `select` wraps the reference, e.g. to pick one key of a map. */
export interface OutputWire {
  module: string;
  output: string;
  select?: (reference: string) => string;
}

/** A wiring input taken from a top-level tfvars key, such as `sources`. */
export interface TfvarsWire {
  tfvars: string;
}

export type Wire = OutputWire | TfvarsWire;

/** One wire per wiring input: a module without one does not compile. */
export type Wires<W extends z.ZodObject> = { [K in keyof z.infer<W>]-?: Wire };

export const fromModule = (module: string, output: string, select?: (reference: string) => string): OutputWire => ({
  module,
  output,
  select,
});
export const fromTfvars = (key: string): TfvarsWire => ({ tfvars: key });

/** Declares a module; generic so that build() sees typed inputs and the tfvars key keeps its literal type. */
export function defineModule<S extends z.ZodObject, W extends z.ZodObject, const K extends string>(
  def: ModuleDefinition<S, W, K>,
): ModuleDefinition<S, W, K> {
  return def;
}

type InputName<S extends z.ZodObject, W extends z.ZodObject> =
  Extract<keyof z.infer<S>, string> | Extract<keyof z.infer<W>, string> | keyof Context;

/** Declares Terraform variables, named exactly as their specs say. */
export function declareVariables(stack: AddressedStack, specs: VariableSpec[]): void {
  for (const spec of specs) {
    const v = new TerraformVariable(stack, `var.${spec.name}`, {
      description: spec.description,
      type: spec.type,
      default: spec.default === null || typeof spec.default === "object" ? undefined : spec.default,
      nullable: spec.required ? false : undefined,
      validation: spec.validations.map((x) => ({ condition: `\${${x.condition}}`, errorMessage: x.errorMessage })),
    });
    // cdktf cannot pass null, nor an object holding null, through its props.
    if (spec.default === null || typeof spec.default === "object") v.addOverride("default", spec.default);
  }
}

/** A stack that emits a plain Terraform module: no provider and no backend. */
export class ModuleStack<S extends z.ZodObject = z.ZodObject, W extends z.ZodObject = z.ZodObject> extends AddressedStack {
  readonly variables: VariableSpec[];
  /** The outputs build() declared, which other modules' wires may name. */
  readonly outputNames = new Set<string>();
  private readonly inputSchema: JsonSchema;

  constructor(
    scope: Construct,
    readonly definition: ModuleDefinition<S, W>,
  ) {
    super(scope, definition.name);
    const all = moduleContextSchema(definition).extend(definition.wiring.shape).extend(definition.schema.shape);
    this.inputSchema = toJsonSchema(all);
    this.variables = variableSpecs(all, definition.rules);
    declareVariables(this, this.variables);
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);
    this.addOverride("terraform.required_providers", {
      aws: { source: "hashicorp/aws", version: AWS_PROVIDER_RANGE },
    });
    definition.build(this);
    this.checkAddresses();
  }

  /** Modules ship without a backend: the one the stack has, which is none, where cdktf would add a local one. */
  override ensureBackendExists(): TerraformBackend {
    return this.node.findAll().filter(TerraformBackend.isBackend)[0];
  }

  /** An input as an HCL expression, e.g. `var.driver.cpu`; unknown paths fail at construction. */
  expr(path: `${InputName<S, W>}` | `${InputName<S, W>}.${string}`): string {
    this.assertInput(path);
    return `var.${path}`;
  }

  /** An input as a cdktf string token. */
  str(path: Parameters<this["expr"]>[0]): string {
    return `\${${this.expr(path)}}`;
  }

  /** An input as a cdktf number token. */
  num(path: Parameters<this["expr"]>[0]): number {
    return Token.asNumber(this.str(path));
  }

  /** An input as a cdktf list token. */
  list(path: Parameters<this["expr"]>[0]): string[] {
    return Token.asList(this.str(path));
  }

  /** A map of strings input (tags) as a cdktf token. */
  map(path: Parameters<this["expr"]>[0]): Record<string, string> {
    return Token.asStringMap(this.str(path));
  }

  /** A bool input as a cdktf token, for the arguments that take `boolean | IResolvable`. */
  bool(path: Parameters<this["expr"]>[0]): IResolvable {
    return Token.asAny(this.str(path));
  }

  output(name: string, description: string, value: unknown): TerraformOutput {
    const o = new TerraformOutput(this, `output.${name}`, { value, description });
    this.outputNames.add(name);
    return o;
  }

  private assertInput(path: string): void {
    let node: JsonSchema | undefined = this.inputSchema;
    for (const part of path.split(".")) {
      const n: JsonSchema | undefined = node?.anyOf?.find((x) => x.type !== "null") ?? node;
      node = n?.properties?.[part] ?? (typeof n?.additionalProperties === "object" ? n.additionalProperties : undefined);
      if (!node) throw new Error(`${this.definition.name}: no input at "${path}"`);
    }
  }
}
