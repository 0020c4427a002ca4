import type { Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";

/** Registers metrics whose values are read from one source of figures when Prometheus scrapes. */
export interface FigureMetrics<F> {
  /**
   * A gauge set to `read(figures)` at each scrape.
   *
   * @param name - The metric's name.
   * @param help - What it measures.
   * @param read - Its value among the figures.
   */
  readonly gauge: (name: string, help: string, read: (figures: F) => number) => void;
  /**
   * A counter set to `read(figures)`, a running total the source keeps, at each scrape.
   *
   * @param name - The metric's name (ending in `_total`).
   * @param help - What it counts.
   * @param read - Its total among the figures.
   */
  readonly counter: (name: string, help: string, read: (figures: F) => number) => void;
}

/**
 * Metrics read from a component's figures (a queue's, a monitor's, a relay's) at scrape time
 * rather than kept up to date on every event: the component counts, `/metrics` asks.
 *
 * @param registry - The registry `/metrics` serves.
 * @param figures - The component's current figures.
 * @returns Registrars of gauges and counters.
 * @example
 * ```ts
 * const metrics = figureMetrics(registry, () => queue.figures);
 * metrics.gauge("waymark_node_handshakes_running", "Inbound connections running their handshake now", (f) => f.running);
 * ```
 */
export function figureMetrics<F>(registry: Registry, figures: () => F): FigureMetrics<F> {
  const registers = [registry];
  return {
    gauge: (name, help, read) => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(figures()));
        },
      });
    },
    counter: (name, help, read) => {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read(figures()));
        },
      });
    },
  };
}
