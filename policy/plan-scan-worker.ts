/**
 * Worker side of streamPlanInParallel: scans the plan file and posts the text
 * of each kept value and resource change, in batches, while the main thread
 * parses what it has already received. Each post bumps the shared counter the
 * main thread waits on.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { PlanSyntaxError, scanFile } from "./plan-stream";

const BATCH_CHARS = 1 << 20;

const { file, chunkSize, port, signal } = workerData as { file: string; chunkSize: number; port: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);
let entries: string[] = [];
let chars = 0;

function post(message: Record<string, unknown>): void {
  port.postMessage({ entries, ...message });
  entries = [];
  chars = 0;
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

try {
  scanFile(
    file,
    {
      kept: (key, text) => post({ kept: [key, text] }),
      entry: (text) => {
        entries.push(text);
        chars += text.length;
        if (chars >= BATCH_CHARS) post({});
      },
    },
    chunkSize,
  );
  post({ done: true });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  post(e instanceof PlanSyntaxError ? { syntaxError: err.message } : { failure: err.message, code: err.code });
}
