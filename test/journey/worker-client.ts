/**
 * The driver's side of worker.py: one Python process with one Spark session,
 * asked one JSON line at a time. Closing its stdin stops it and its JVM.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field, as the test needs it

export class WorkerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly trace: string,
  ) {
    super(`${type}: ${message}`);
  }
}

export class SparkWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failed?: Error;

  /** `warehouse`: Spark's warehouse folder, one per worker, as two workers may make the same databases. */
  constructor(root: string, warehouse: string) {
    const python = process.env.LAKEGEN_PYTHON ?? path.join(root, ".venv/bin/python");
    this.child = spawn(python, [path.join(root, "test/journey/worker.py")], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, LAKEGEN_SPARK_WAREHOUSE: warehouse },
    });
    this.child.stderr.on("data", (d) => process.env.LAKEGEN_JOURNEY_DEBUG && process.stderr.write(d));
    readline.createInterface({ input: this.child.stdout }).on("line", (line) => {
      const answer = JSON.parse(line) as Json;
      const w = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.error) w?.reject(new WorkerError(answer.error.type, answer.error.message, answer.error.trace));
      else w?.resolve(answer.ok);
    });
    // A worker that cannot start (no .venv) fails every call with the reason, instead of crashing the run.
    this.child.on("error", (e) => {
      this.failed = new Error(`the Spark worker could not start (${python}): ${e.message}`);
      for (const w of this.waiting.values()) w.reject(this.failed);
      this.waiting.clear();
    });
    this.child.stdin.on("error", () => undefined); // a worker that is gone is reported by "error" and "exit"
    this.child.on("exit", (code) => {
      this.failed ??= new Error(`the Spark worker exited (${code})`);
      for (const w of this.waiting.values()) w.reject(this.failed);
      this.waiting.clear();
    });
  }

  call<T = unknown>(op: string, args: Json = {}): Promise<T> {
    const id = this.next++;
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.stdin.write(JSON.stringify({ id, op, args }) + "\n");
    });
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      // Gone already: it exited, or a signal killed it (then exitCode stays null).
      if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return done();
      this.child.once("exit", () => done());
      this.child.stdin.end();
    });
  }
}
