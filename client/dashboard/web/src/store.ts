import type { PageChain } from "./chain.js";
import type { RegistryEvent } from "./events.js";
import { readEvents } from "./events.js";
import type { PagePolicy, PageVerdict } from "./policy.js";
import { DEFAULT_POLICY, verdictsOf } from "./policy.js";
import type { ProviderInfo } from "../../../kernel/registry/providers.js";
import type { RegistrySnapshot } from "./registryData.js";
import { readProviderDetails, readProviders } from "./registryData.js";
import { timed } from "./timing.js";

/** Milliseconds between two looks at the chain's latest block. */
export const POLL_INTERVAL_MS = 1_000;

/** Blocks per `eth_getLogs` request when reading the history. */
const LOG_RANGE = 50_000;

/**
 * What the pages show, read from the chain and kept current: a new block with registry events
 * reloads the snapshot and the verdicts, and the pages re-render on `change`.
 */
export class DashboardStore extends EventTarget {
  snapshot: RegistrySnapshot | undefined;
  /** Every registry event seen, newest first. */
  events: RegistryEvent[] = [];
  policy: PagePolicy = DEFAULT_POLICY;
  verdicts: Map<string, PageVerdict> | undefined;
  /** The last error reading the chain, shown in a banner until a read succeeds. */
  error: string | undefined;
  /** Last block whose events are in {@link events}. */
  private seenBlock = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private verdictRound = 0;

  constructor(readonly chain: PageChain) {
    super();
  }

  /**
   * Reads everything once, then polls. The chain answers one call at a time, so the reads go in
   * the order the page needs them, none queued ahead of another: the providers (the first page
   * shown as soon as it arrives), their nodes and operators, the verdicts, then the event history.
   */
  async start(): Promise<void> {
    await this.reload();
    try {
      await timed("verdicts", () => this.refreshVerdicts());
      const latest = this.snapshot?.blockNumber ?? 0;
      await timed("events", () => this.readEventsUpTo(latest));
    } catch (err) {
      this.error = err instanceof Error ? err.message.split("\n")[0] : String(err);
      this.changed();
    } finally {
      this.schedule();
    }
  }

  /** Stops polling. */
  stop(): void {
    clearTimeout(this.timer);
  }

  /**
   * Changes the trust policy and verifies every node again under it.
   *
   * @param policy - The new policy.
   */
  async setPolicy(policy: PagePolicy): Promise<void> {
    this.policy = policy;
    this.changed();
    await this.refreshVerdicts();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.poll().finally(() => {
        this.schedule();
      });
    }, POLL_INTERVAL_MS);
  }

  private async poll(): Promise<void> {
    try {
      const latest = await this.chain.registry.provider.getBlockNumber();
      if (latest <= this.seenBlock) return;
      const fresh = await this.readEventsUpTo(latest);
      if (fresh > 0) {
        await this.reload();
        await this.refreshVerdicts();
      }
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message.split("\n")[0] : String(err);
      this.changed();
    }
  }

  private async readEventsUpTo(latest: number): Promise<number> {
    let fresh = 0;
    for (let from = this.seenBlock + 1; from <= latest; from += LOG_RANGE) {
      const to = Math.min(latest, from + LOG_RANGE - 1);
      const events = await readEvents(this.chain.registry, from, to);
      fresh += events.length;
      this.events = [...events.reverse(), ...this.events];
      this.seenBlock = to;
    }
    if (fresh > 0) this.changed();
    return fresh;
  }

  /**
   * Reads the providers and shows the first page of them as soon as it arrives, then all of them,
   * then their nodes and operators;
   * until those arrive the previous ones stay on screen (on the first load, a reload keeps the
   * previous providers until the new list is whole).
   */
  private async reload(): Promise<void> {
    const previous = this.snapshot;
    const show = (providers: ProviderInfo[], blockNumber: number): void => {
      this.snapshot = {
        providers,
        blockNumber,
        nodes: previous?.nodes ?? [],
        operators: previous?.operators ?? new Map<bigint, string[]>(),
        complete: false,
      };
      this.changed();
    };
    const { providers, blockNumber } = await readProviders(this.chain.registry, (soFar) => {
      if (previous === undefined) show(soFar.providers, soFar.blockNumber);
    });
    show(providers, blockNumber);
    const details = await readProviderDetails(this.chain.registry, providers);
    this.snapshot = { providers, blockNumber, ...details, complete: true };
    this.changed();
  }

  private async refreshVerdicts(): Promise<void> {
    const snapshot = this.snapshot;
    if (snapshot === undefined) return;
    const round = ++this.verdictRound;
    const verdicts = await verdictsOf(this.chain.registry, snapshot.nodes, this.policy);
    if (round !== this.verdictRound) return;
    this.verdicts = verdicts;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event("change"));
  }
}
