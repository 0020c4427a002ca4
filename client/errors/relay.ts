import { WaymarkError } from "../kernel/errors/base.js";

/** A relay named where a service can be reached, and what the registry said of it. */
export interface RefusedRelay {
  /** The relay's peer id. */
  peerId: string;
  /** The registry's or the trust policy's verdict (`NodeUnknown`, `ProviderNotTrusted`, …). */
  verdict: string;
}

/**
 * None of the relays a service named is a trusted `relay/1` node: each is unknown to the registry,
 * registered for another service, suspended, or of a provider the trust policy does not admit. The
 * caller does not dial through them.
 */
export class RelayNotTrustedError extends WaymarkError {
  override name = "RelayNotTrustedError" as const;
  /** The relays refused, with the verdict of each. */
  readonly relays: readonly RefusedRelay[];

  /**
   * @param address - The service's address.
   * @param relays - The relays refused.
   */
  constructor(address: string, relays: readonly RefusedRelay[]) {
    super(`No relay that ${address} names is a trusted relay/1 node`, {
      details: relays.map((relay) => `${relay.peerId}: ${relay.verdict}`).join("; "),
      hint: "the service must reserve on relays of providers you trust",
    });
    this.relays = relays;
  }
}

/** A service behind NAT could not reserve a slot on any trusted relay. */
export class NoRelayAvailableError extends WaymarkError {
  override name = "NoRelayAvailableError" as const;

  /**
   * @param details - What was tried.
   * @param cause - The last failure, if any.
   */
  constructor(details: string, cause?: unknown) {
    super("No trusted relay/1 node accepted a reservation", {
      details,
      cause,
      hint: "check that relay/1 nodes of trusted providers are registered, announced and have room",
    });
  }
}

/**
 * Why a service could not be reached:
 * - `NoReachRecord`: the address published no `relay/reach` record (or deleted it);
 * - `BadReachRecord`: the record is not a list of relayed addresses of the address's own key;
 * - `RelaysFailed`: every trusted relay it names failed to connect the caller to it.
 */
export type ServiceUnreachableReason = "NoReachRecord" | "BadReachRecord" | "RelaysFailed";

/** A service behind relays could not be reached; `reason` says at which step. */
export class ServiceUnreachableError extends WaymarkError {
  override name = "ServiceUnreachableError" as const;
  /** The step that failed. */
  readonly reason: ServiceUnreachableReason;
  /** The service's address. */
  readonly address: string;

  /**
   * @param address - The service's address.
   * @param reason - The step that failed.
   * @param options - Details and the last failure.
   */
  constructor(
    address: string,
    reason: ServiceUnreachableReason,
    options: { details?: string | undefined; cause?: unknown } = {},
  ) {
    super(`The service ${address} cannot be reached (${reason})`, {
      details: options.details,
      cause: options.cause,
    });
    this.reason = reason;
    this.address = address;
  }
}

/** The key that signs the reach record is not the host's own key, so callers would refuse it. */
export class ServeKeyMismatchError extends WaymarkError {
  override name = "ServeKeyMismatchError" as const;

  /**
   * @param signer - The signer's address.
   * @param host - The address of the host's key.
   */
  constructor(signer: string, host: string) {
    super(`The signer ${signer} is not the key of this host (${host})`, {
      hint: "create the relay client with the same key: createRelayClient({ signer })",
    });
  }
}
