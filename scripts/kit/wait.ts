/**
 * Polls a condition until it holds (no fixed sleeps).
 *
 * @param condition - Checked every `intervalMs`; may be async.
 * @param timeoutMs - Give up after this long. @default 10000
 * @param intervalMs - Polling interval. @default 20
 * @throws Error when the condition does not hold in time.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
