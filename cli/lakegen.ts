#!/usr/bin/env node
/**
 * lakegen's command line. Each command lives in cli/commands/ and is loaded
 * only when it runs, so `lakegen check` does not pay for cdktf and the
 * provider bindings that synth needs.
 */
import { UsageError } from "./errors";

/** Each command's help sits beside it in cli/commands/<name>.help.ts; the order is `lakegen --help`'s. */
export const COMMAND_NAMES = ["synth", "validate", "plan", "check", "docs", "cost", "pr", "reviewed", "release", "bootstrap"] as const;
type CommandName = (typeof COMMAND_NAMES)[number];

interface CommandHelp {
  synopsis: string;
  summary: string;
  help: string;
}

/* eslint-disable @typescript-eslint/no-require-imports -- each command and its help load when asked: start-up loads only what runs */
const helpOf = (name: CommandName): CommandHelp => require(`./commands/${name}.help`) as CommandHelp;

function mainHelp(): string {
  const lines = COMMAND_NAMES.map((name) => {
    const h = helpOf(name);
    return `  ${h.synopsis.padEnd(21)} ${h.summary}`;
  });
  return `lakegen: generates Terraform modules and per-environment roots for an AWS data lake.

Usage: lakegen <command> [options]

Commands:
${lines.join("\n")}

Options:
  -h, --help            Show help (also: lakegen <command> --help)
  --version             Show lakegen's version (its tag is lakegen/v<version>)
  --debug               Show stack traces on errors

Exit codes: 0 success, 1 invalid input, failed plan or failing checks, 2 usage error or bad input file.`;
}

/** package.json's version, read only when asked. */
const lakegenVersion = (): string => (require("./report-options") as typeof import("./report-options")).VERSION;

const isCommand = (name: string | undefined): name is CommandName => COMMAND_NAMES.includes(name as CommandName);

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<CommandName, () => Command> = {
  synth: () => (require("./commands/synth") as typeof import("./commands/synth")).synthCommand,
  validate: () => (require("./commands/validate") as typeof import("./commands/validate")).validateCommand,
  plan: () => (require("./commands/plan") as typeof import("./commands/plan")).planCommand,
  check: () => (require("./commands/check") as typeof import("./commands/check")).checkCommand,
  docs: () => (require("./commands/docs") as typeof import("./commands/docs")).docsCommand,
  cost: () => (require("./commands/cost") as typeof import("./commands/cost")).costCommand,
  pr: () => (require("./commands/pr") as typeof import("./commands/pr")).prCommand,
  reviewed: () => (require("./commands/reviewed") as typeof import("./commands/reviewed")).reviewedCommand,
  release: () => (require("./commands/release") as typeof import("./commands/release")).releaseCommand,
  bootstrap: () => (require("./commands/bootstrap") as typeof import("./commands/bootstrap")).bootstrapCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports -- the lazy loads end here */

/** Known failures carry their exit code; tfvars problems and failed plans print their own details. */
interface CliFailure {
  exitCode?: number;
  problems?: unknown[];
  message: string;
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const [command, ...rest] = args;
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  try {
    if (command === "--version") {
      process.stdout.write(`lakegen ${lakegenVersion()}\n`);
      return 0;
    }
    if (!command || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${isCommand(rest[0]) ? helpOf(rest[0]).help : mainHelp()}\n`);
      return command ? 0 : 2;
    }
    if (!isCommand(command)) throw new UsageError(`unknown command "${command}"`);
    if (wantsHelp) {
      process.stdout.write(`${helpOf(command).help}\n`);
      return 0;
    }
    return await COMMANDS[command]()(rest);
  } catch (e) {
    if (debug) console.error(e);
    const failure = e as CliFailure;
    if (failure.problems) {
      process.stderr.write(`${failure.message}\nlakegen: tfvars are invalid; nothing was written\n`);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`lakegen: ${failure.message}\nRun "lakegen --help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`lakegen: ${failure.message}\n`);
    return failure.exitCode ?? 1;
  }
}

/** A reader that closed the pipe (`lakegen check --list-rules | head`) has all it wanted: end quietly. */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
