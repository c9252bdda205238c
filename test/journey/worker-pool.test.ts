import { WorkerPool } from "./worker-pool";

class FakeWorker {
  stopped = 0;
  constructor(readonly id: number) {}
  async stop(): Promise<void> {
    this.stopped++;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function pool(size: number): { pool: WorkerPool<FakeWorker>; started: FakeWorker[] } {
  const started: FakeWorker[] = [];
  const start = () => {
    const worker = new FakeWorker(started.length);
    started.push(worker);
    return worker;
  };
  return { pool: new WorkerPool(size, start), started };
}

it("never lends one worker to two cases at once, and never more workers than it has", async () => {
  const { pool: p, started } = pool(2);
  const holding = new Set<FakeWorker>();
  let most = 0;
  const cases = Array.from({ length: 7 }, (_, i) =>
    p.run(async () => {
      const w = p.current();
      expect(holding.has(w)).toBe(false);
      holding.add(w);
      most = Math.max(most, holding.size);
      for (let k = 0; k <= i % 3; k++) await tick();
      expect(p.current()).toBe(w); // still its own worker after awaiting, while other cases ran
      holding.delete(w);
      return w.id;
    }),
  );
  const ids = await Promise.all(cases);
  expect(started).toHaveLength(2);
  expect(most).toBe(2);
  expect(new Set(ids)).toEqual(new Set([0, 1]));
});

it("gives the worker back when a case fails, to the next case waiting", async () => {
  const { pool: p } = pool(1);
  const failing = p.run(async () => {
    await tick();
    throw new Error("the case failed");
  });
  const next = p.run(async () => p.current().id);
  await expect(failing).rejects.toThrow("the case failed");
  await expect(next).resolves.toBe(0);
});

it("refuses to name a worker outside a case, and a pool of no workers", () => {
  expect(() => pool(1).pool.current()).toThrow("outside WorkerPool.run");
  expect(() => pool(0)).toThrow("1 or more workers, not 0");
  expect(() => pool(1.5)).toThrow("not 1.5");
});

it("stops every worker, the free and the lent", async () => {
  const { pool: p, started } = pool(2);
  let release!: () => void;
  const running = p.run(() => new Promise<void>((resolve) => (release = resolve)));
  await tick();
  await p.stop();
  expect(started.map((w) => w.stopped)).toEqual([1, 1]);
  release();
  await running;
});
