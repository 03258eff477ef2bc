// Work a request starts but does not wait for (security detectors, statistics). It is
// tracked so that shutdown waits for it before closing the pool: fire-and-forget work that
// outlives the server would otherwise run against a closed pool or a dropped database.
export type BackgroundTasks = {
  /** Runs the task without awaiting it; its failure is the task's own business (it must catch). */
  track(task: Promise<unknown>): void;
  /** Resolves when every task started so far has settled. */
  drain(): Promise<void>;
};

export function createBackgroundTasks(): BackgroundTasks {
  const running = new Set<Promise<unknown>>();
  return {
    track(task) {
      const settled = task.catch(() => undefined).finally(() => running.delete(settled));
      running.add(settled);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
