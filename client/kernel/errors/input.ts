import { WaymarkError } from "./base.js";

/** A peer id that is not a secp256k1 libp2p identity, so no node address can be derived. */
export class InvalidPeerIdError extends WaymarkError {
  override name = "InvalidPeerIdError" as const;

  /**
   * @param peerId - The offending peer id, as text.
   * @param reason - Why it was rejected.
   */
  constructor(peerId: string, reason: string) {
    super(`Peer id ${peerId} cannot identify a Waymark node: ${reason}`);
  }
}

/** A service name that cannot be a registry service id. */
export class InvalidServiceNameError extends WaymarkError {
  override name = "InvalidServiceNameError" as const;

  /**
   * @param service - The offending name.
   * @param reason - Why it was rejected.
   */
  constructor(service: string, reason: string) {
    super(`Invalid service name "${service}": ${reason}`);
  }
}

/** A signed node consent that is malformed or does not verify. */
export class InvalidConsentError extends WaymarkError {
  override name = "InvalidConsentError" as const;

  /** @param reason - What is wrong with it. */
  constructor(reason: string) {
    super(`Invalid node consent: ${reason}`);
  }
}
