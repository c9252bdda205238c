/** Errors the CLI turns into exit codes without a stack trace. */

/** Bad arguments: exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export function say(quiet = false): (line: string) => void {
  return (line) => {
    if (!quiet) process.stderr.write(`lakegen: ${line}\n`);
  };
}
