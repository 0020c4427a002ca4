import type { CircuitRelayService } from "@libp2p/circuit-relay-v2";
import type { Registry } from "prom-client";

import type { NodeServiceRuntime } from "../services/types.js";
import type { CircuitLedger } from "./circuits.js";
import { registerRelayMetrics } from "./metrics.js";
import type { RelayLimits } from "./options.js";
import type { RelayStatus } from "./types.js";

/**
 * The relay's runtime beside libp2p's circuit relay server: ready at once (a relay holds no state
 * to catch up on), reports reservations and circuits in `/status` and `/metrics`.
 */
export class RelayRuntime implements NodeServiceRuntime {
  /**
   * @param ledger - The circuits' counts and refusals.
   * @param server - The relay server, once libp2p has built it.
   * @param limits - The limits in force.
   */
  constructor(
    private readonly ledger: CircuitLedger,
    private readonly server: () => CircuitRelayService | undefined,
    private readonly limits: RelayLimits,
  ) {}

  /** @returns At once: a relay may be announced as soon as it listens. */
  async ready(): Promise<void> {
    await Promise.resolve();
  }

  /** @returns What `/status` shows: {@link RelayRuntime.snapshot}. */
  status(): Record<string, unknown> {
    return { ...this.snapshot() };
  }

  /** @returns Reservations, circuits, bytes, refusals and limits. */
  snapshot(): RelayStatus {
    return {
      reservations: this.server()?.reservations.size ?? 0,
      ...this.ledger.snapshot(),
      limits: { ...this.limits },
    };
  }

  /** @param registry - The registry `/metrics` serves. */
  registerMetrics(registry: Registry): void {
    registerRelayMetrics(registry, () => this.snapshot());
  }
}
