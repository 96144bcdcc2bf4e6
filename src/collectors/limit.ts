// A concurrency bound: at most n tasks run at once, the rest wait their turn in order.

// Returns a function that schedules async work under the bound.
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (active >= n) return;
    const go = queue.shift();
    if (go) {
      active++;
      go();
    }
  };
  return <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        fn()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}

// Wait ms milliseconds (polling loops and Retry-After).
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
