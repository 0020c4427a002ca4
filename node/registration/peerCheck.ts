import type { AbortOptions, PeerId } from "@libp2p/interface";
import type { Logger } from "pino";

import { nodeAddressFromPeerId } from "../../client/identity/nodeAddress.js";
import { isRegisteredVerdict, NodeVerifier } from "../../client/registry/verifier.js";
import type { RegistryLink } from "./registryLink.js";

/** Whether a remote peer is a registered node of the same service (see `NodeServiceContext`). */
export type RegisteredPeerCheck = (peerId: PeerId, options?: AbortOptions) => Promise<boolean>;

/**
 * The check a node hands its services: is a remote peer a node registered and active for the same
 * service under an active provider? Answers are cached by a {@link NodeVerifier}; the check fails
 * closed when the registry cannot be asked and no recent answer exists.
 *
 * @param link - The node's registry link (the chain may not have answered yet).
 * @param service - The service both nodes must serve.
 * @param logger - Where failed checks are logged (debug).
 * @returns The check.
 */
export function registeredPeerCheck(
  link: RegistryLink,
  service: string,
  logger: Logger,
): RegisteredPeerCheck {
  let verifier: NodeVerifier | undefined;
  return async (peerId, options = {}) => {
    options.signal?.throwIfAborted();
    try {
      const client = link.client ?? (await link.connect());
      if (client === undefined) return false;
      verifier ??= new NodeVerifier(client, { service });
      const [verification] = await verifier.verify([nodeAddressFromPeerId(peerId)]);
      return verification !== undefined && isRegisteredVerdict(verification.verdict);
    } catch (err) {
      logger.debug({ err, peerId: peerId.toString() }, "cannot tell whether a peer is a registered node");
      return false;
    }
  };
}
