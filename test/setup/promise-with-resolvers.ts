/**
 * aws-local-stepfunctions 3 (the only release the registry serves) calls
 * Promise.withResolvers, which Node has from 22; lakegen supports Node 20.
 * The standard behaviour, defined only where it is missing.
 */
const P: { withResolvers?: () => unknown; resolve: unknown } = Promise;
if (typeof P.withResolvers !== "function") {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
export {};
