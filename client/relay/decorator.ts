import type { StreamHandler } from "@libp2p/interface";

import type { RelayAcceptList } from "./acceptList.js";
import type { RelayContext } from "./context.js";
import type { ListenBehindRelaysParameters, RelayListener } from "./listener.js";
import { listenBehindRelays } from "./listener.js";
import type { ReachParameters, ReachReturnType } from "./reach.js";
import { reach } from "./reach.js";

/** Parameters of {@link RelayActions.serve}: a protocol handler and where to be reached. */
export interface ServeParameters extends ListenBehindRelaysParameters {
  /** The protocol the service answers. */
  protocol: string;
  /** Its handler; relayed connections are limited, so the handler runs on limited connections. */
  handler: StreamHandler;
}

/** The relay actions: reach a service behind NAT, or be one. */
export interface RelayActions {
  /**
   * Opens a stream to a service behind NAT through a trusted relay. See `reach`.
   *
   * @param parameters - Address, protocol, time limit, signal.
   * @returns The stream, connection and relay.
   */
  reach(parameters: ReachParameters): Promise<ReachReturnType>;
  /**
   * Reserves on trusted relays and publishes where this host can be reached. See `listenBehindRelays`.
   *
   * @param parameters - Signer, number of relays, timings, event callback.
   * @returns The running listener.
   */
  listenBehindRelays(parameters: ListenBehindRelaysParameters): Promise<RelayListener>;
  /**
   * Answers a protocol behind relays: handles it and listens behind relays.
   *
   * @param parameters - Protocol, handler, signer and listener settings.
   * @returns The running listener; its `stop()` does not unhandle the protocol (the host's stop does).
   */
  serve(parameters: ServeParameters): Promise<RelayListener>;
}

/**
 * The relay actions, bound to a relay context and the list of relays its host accepts relayed
 * connections through.
 *
 * @param accept - Shared with the host's connection gater.
 * @returns The decorator.
 */
export function relayActions(accept: RelayAcceptList): (client: RelayContext) => RelayActions {
  return (client) => ({
    reach: async (parameters) => reach(client, parameters),
    listenBehindRelays: async (parameters) => listenBehindRelays(client, accept, parameters),
    serve: async (parameters) => {
      await client.host.handle(parameters.protocol, parameters.handler, { runOnLimitedConnection: true });
      return listenBehindRelays(client, accept, parameters);
    },
  });
}
