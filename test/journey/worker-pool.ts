/**
 * A fixed number of workers (the journey's: Spark workers, each with its own session and catalog). `run` lends one
 * to a case until the case ends, so two cases never share a worker; inside the case, `current()` is its worker.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Stoppable {
  stop(): Promise<void>;
}

export class WorkerPool<W extends Stoppable> {
  private readonly all: W[];
  private readonly free: W[];
  private readonly waiting: ((w: W) => void)[] = [];
  private readonly lease = new AsyncLocalStorage<W>();

  constructor(size: number, start: () => W) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a worker pool needs 1 or more workers, not ${size}`);
    this.all = Array.from({ length: size }, start);
    this.free = [...this.all];
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const worker = this.free.pop() ?? (await new Promise<W>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.lease.run(worker, fn);
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.free.push(worker);
    }
  }

  current(): W {
    const worker = this.lease.getStore();
    if (!worker) throw new Error("a worker was asked for outside WorkerPool.run");
    return worker;
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
  }
}
