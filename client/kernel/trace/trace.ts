import { channel } from "node:diagnostics_channel";

/**
 * The `node:diagnostics_channel` channel on which a client publishes the spans of its discovery
 * and selection ({@link TraceSpan}). Nothing is measured nor published while nobody subscribes.
 *
 * @example
 * ```ts
 * import { subscribe } from "node:diagnostics_channel";
 * subscribe(TRACE_CHANNEL, (span) => console.log(span));
 * ```
 */
export const TRACE_CHANNEL = "waymark:trace";

/**
 * The spans a client publishes:
 * - `client:registry`: connecting to the registry when the client is created;
 * - `client:host`: creating and starting its libp2p host;
 * - `client:watch`: the registry watcher reading the block it watches from (in the background;
 *   the first verification waits for it);
 * - `discovery:records`: reading the registry's bootstrap records;
 * - `discovery:check`: checking each record's addresses against its node (after the first pings
 *   to nodes the trust policy accepts have started, see `onContactable`);
 * - `discovery:rank`: verifying the records' nodes to rank the DHT's entry points;
 * - `discovery:join`: dialling entry points (`reached`: how many answered);
 * - `discovery:routing`: waiting for the reached entry points to be in the DHT's routing table;
 * - `discovery:providers`: the DHT's provider search, up to the moment it ends or is left;
 * - `discovery:answer`: an instant: one DHT answer naming `providers` new peers;
 * - `selection:discover`: the selection waiting for discovery's next batch (`expired` when the
 *   quorum wait ran out first);
 * - `selection:verify`: the selection verifying one batch (`candidates`, `usable`, and
 *   `trustedBound`: at most how many registered nodes the policy can trust, or `unknown`);
 * - `selection:probe-early`: the selection's first pings, started while the registry verifies
 *   the nodes, to servers whose provider the trust policy accepts (`probed`, `answered`, `failed`);
 * - `selection:choose`: pinging candidates and choosing (`probed`, `answered`, `failed`);
 * - `probe:ping`: one candidate's dial and ping.
 */
export type TraceName =
  | "client:registry"
  | "client:host"
  | "client:watch"
  | "discovery:records"
  | "discovery:check"
  | "discovery:rank"
  | "discovery:join"
  | "discovery:routing"
  | "discovery:providers"
  | "discovery:answer"
  | "selection:discover"
  | "selection:verify"
  | "selection:probe-early"
  | "selection:choose"
  | "probe:ping";

/** Figures a span carries beside its times. */
export type TraceDetail = Readonly<Record<string, number | string | boolean>>;

/** One timed step of a client, published when it ends. */
export interface TraceSpan {
  readonly name: TraceName;
  /** `performance.now()` when it started. */
  readonly startMs: number;
  /** `performance.now()` when it ended (equal to `startMs` for an instant). */
  readonly endMs: number;
  /** Why it failed, when it threw. */
  readonly error?: string | undefined;
  readonly detail?: TraceDetail | undefined;
}

const spans = channel(TRACE_CHANNEL);

/**
 * Runs `run` and, when someone subscribes to {@link TRACE_CHANNEL}, publishes its span.
 *
 * @param name - What is being done.
 * @param run - The work.
 * @param describe - Figures of the result, for the span.
 * @returns What `run` returns (or throws what it throws).
 * @example
 * ```ts
 * const records = await traced("discovery:records", async () => read(), (r) => ({ records: r.length }));
 * ```
 */
export async function traced<T>(
  name: TraceName,
  run: () => Promise<T>,
  describe?: (result: T) => TraceDetail,
): Promise<T> {
  if (!spans.hasSubscribers) return run();
  const startMs = performance.now();
  try {
    const result = await run();
    spans.publish({
      name,
      startMs,
      endMs: performance.now(),
      detail: describe?.(result),
    } satisfies TraceSpan);
    return result;
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    spans.publish({ name, startMs, endMs: performance.now(), error } satisfies TraceSpan);
    throw err;
  }
}

/**
 * Publishes a span that ends now, when someone subscribes to {@link TRACE_CHANNEL}.
 *
 * @param name - What was done.
 * @param startMs - `performance.now()` when it started; now for an instant.
 * @param detail - Its figures.
 */
export function traceSpan(name: TraceName, startMs?: number, detail?: TraceDetail): void {
  if (!spans.hasSubscribers) return;
  const endMs = performance.now();
  spans.publish({ name, startMs: startMs ?? endMs, endMs, detail } satisfies TraceSpan);
}

/** @returns Whether someone subscribes to {@link TRACE_CHANNEL} (so a span's figures are worth gathering). */
export function tracing(): boolean {
  return spans.hasSubscribers;
}
