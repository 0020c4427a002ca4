import type { PeerId } from "@libp2p/interface";

/**
 * The relays a service holds reservations on: the only ones its host accepts relayed connections
 * through. Shared by the host's connection gater and the listener that reserves.
 */
export class RelayAcceptList {
  private readonly relays = new Set<string>();

  /**
   * @param relay - A relay's peer id.
   * @returns True when relayed connections through it are accepted.
   */
  accepts(relay: PeerId | string): boolean {
    return this.relays.has(relay.toString());
  }

  /** @param relay - A relay the service now holds a reservation on. */
  add(relay: string): void {
    this.relays.add(relay);
  }

  /** @param relay - A relay the service no longer uses. */
  delete(relay: string): void {
    this.relays.delete(relay);
  }
}
