import { setTimeout } from "node:timers/promises";

/**
 * Asks a node's status server for `/healthz` every `intervalMs` and records how long each answer
 * took. The status server shares the node's event loop, so the answer time is the node's
 * event-loop delay as any client sees it (plus a loopback round trip); a probe that fails or
 * takes longer than 10 s is recorded as 10 s.
 */
export class StatusProbe {
  private readonly samples: number[] = [];
  private readonly stopped = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  private constructor(private readonly statusUrl: string) {}

  /**
   * Starts probing.
   *
   * @param statusUrl - The status server's base URL.
   * @param intervalMs - Pause between probes. @default 250
   * @returns The running probe.
   */
  static start(statusUrl: string, intervalMs = 250): StatusProbe {
    const probe = new StatusProbe(statusUrl);
    probe.loop = probe.run(intervalMs);
    return probe;
  }

  /**
   * Stops probing.
   *
   * @returns Every answer time, in ms.
   */
  async stop(): Promise<number[]> {
    this.stopped.abort();
    await this.loop;
    return this.samples;
  }

  private async run(intervalMs: number): Promise<void> {
    while (!this.stopped.signal.aborted) {
      const started = performance.now();
      try {
        const response = await fetch(`${this.statusUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        this.samples.push(performance.now() - started);
      } catch {
        this.samples.push(10_000);
      }
      await setTimeout(intervalMs, undefined, { signal: this.stopped.signal }).catch(() => undefined);
    }
  }
}
