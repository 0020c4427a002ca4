import type { Connection, PeerId, Stream } from "@libp2p/interface";

import { networkAddressOf } from "../serving/limits/networkAddress.js";
import type { RelayLimits } from "./options.js";

/** Why a reservation or a circuit was refused. */
export type RelayRefusal = "maxReservations" | "maxCircuits" | "maxCircuitsPerPeer" | "maxCircuitsPerAddress";

/** Every refusal reason, for metrics and status. */
export const RELAY_REFUSALS: readonly RelayRefusal[] = [
  "maxReservations",
  "maxCircuits",
  "maxCircuitsPerPeer",
  "maxCircuitsPerAddress",
];

/** What {@link CircuitLedger} counts, for `/status` and `/metrics`. */
export interface CircuitFigures {
  /** Circuits open now. */
  open: number;
  /** Circuits admitted since start. */
  opened: number;
  /** Circuits that have ended since start. */
  closed: number;
  /** Bytes the callers sent into their circuits (the service's answers are not counted). */
  bytesFromCallers: number;
  /** Refusals since start, by reason. */
  refusals: Record<RelayRefusal, number>;
}

/**
 * Counts the relay's circuits and enforces the limits libp2p's relay server does not have: circuits
 * open at once per calling peer, per network address, and in all. The relay server asks its
 * connection gater before each circuit ({@link CircuitLedger.admit}); the circuit is released when
 * the caller's hop stream closes, however it ends.
 */
export class CircuitLedger {
  private readonly byPeer = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();
  private readonly figures: CircuitFigures = {
    open: 0,
    opened: 0,
    closed: 0,
    bytesFromCallers: 0,
    refusals: { maxReservations: 0, maxCircuits: 0, maxCircuitsPerPeer: 0, maxCircuitsPerAddress: 0 },
  };

  /** @param limits - The relay's limits. */
  constructor(
    private readonly limits: Pick<
      RelayLimits,
      "maxCircuits" | "maxCircuitsPerPeer" | "maxCircuitsPerAddress"
    >,
  ) {}

  /**
   * Admits a circuit asked for on a hop stream, or refuses it.
   *
   * @param stream - The caller's hop stream (its close releases the circuit).
   * @param connection - The caller's connection to the relay.
   * @returns The refusal, or undefined when the circuit is admitted and counted.
   */
  admit(stream: Stream, connection: Connection): RelayRefusal | undefined {
    const peer = connection.remotePeer.toString();
    const address = networkAddressOf(connection.remoteAddr)?.key;
    const refusal = this.refusalFor(peer, address);
    if (refusal !== undefined) {
      this.figures.refusals[refusal] += 1;
      return refusal;
    }
    bump(this.byPeer, peer, 1);
    if (address !== undefined) bump(this.byAddress, address, 1);
    this.figures.open += 1;
    this.figures.opened += 1;
    stream.addEventListener("message", (event) => {
      this.figures.bytesFromCallers += event.data.byteLength;
    });
    stream.addEventListener(
      "close",
      () => {
        bump(this.byPeer, peer, -1);
        if (address !== undefined) bump(this.byAddress, address, -1);
        this.figures.open -= 1;
        this.figures.closed += 1;
      },
      { once: true },
    );
    return undefined;
  }

  /**
   * Counts a reservation the relay server is about to refuse because it holds `maxReservations`.
   */
  reservationRefused(): void {
    this.figures.refusals.maxReservations += 1;
  }

  /**
   * Circuits open now from one peer.
   *
   * @param peer - The calling peer.
   * @returns The count.
   */
  openFrom(peer: PeerId): number {
    return this.byPeer.get(peer.toString()) ?? 0;
  }

  /** @returns A copy of the figures. */
  snapshot(): CircuitFigures {
    return { ...this.figures, refusals: { ...this.figures.refusals } };
  }

  private refusalFor(peer: string, address: string | undefined): RelayRefusal | undefined {
    if (this.figures.open >= this.limits.maxCircuits) return "maxCircuits";
    if ((this.byPeer.get(peer) ?? 0) >= this.limits.maxCircuitsPerPeer) return "maxCircuitsPerPeer";
    if (address !== undefined && (this.byAddress.get(address) ?? 0) >= this.limits.maxCircuitsPerAddress) {
      return "maxCircuitsPerAddress";
    }
    return undefined;
  }
}

/** Adds `delta` to a count, dropping the key at zero. */
function bump(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
