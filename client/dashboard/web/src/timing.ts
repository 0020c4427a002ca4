/**
 * Performance marks of the page's loading steps, under names that start with `wm:`, so that the
 * browser's performance timeline (and the page-load benchmark) shows where the time goes.
 */

/** The prefix of every mark and measure the page makes. */
export const TIMING_PREFIX = "wm:";

/**
 * Times one step: a `performance.measure` named `wm:<name>` from now until the promise settles.
 *
 * @param name - What the step does, e.g. `providers page 0`.
 * @param step - The step.
 * @returns What the step returned.
 */
export async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    performance.measure(`${TIMING_PREFIX}${name}`, { start, end: performance.now() });
  }
}

/**
 * Records a step that already ran, from `start` (a `performance.now()` value) until now.
 *
 * @param name - What the step did.
 * @param start - When it began.
 */
export function measureSince(name: string, start: number): void {
  performance.measure(`${TIMING_PREFIX}${name}`, { start, end: performance.now() });
}
