import { privateKeyFromRaw } from "@libp2p/crypto/keys";
import type { Wallet } from "ethers";
import { getBytes } from "ethers";

import type { WaymarkClientOptions } from "../options/index.js";
import { RelayAcceptList } from "../relay/acceptList.js";
import { RELAY_SERVICE } from "../relay/constants.js";
import type { RelayContext } from "../relay/context.js";
import type { RelayActions } from "../relay/decorator.js";
import { relayActions } from "../relay/decorator.js";
import type { RelayHost } from "../relay/host.js";
import { createRelayHost } from "../relay/host.js";
import type { WaymarkClientContext } from "./createClient.js";
import { createClient } from "./createClient.js";
import type { CoreActions } from "./decorators/core.js";
import { coreActions } from "./decorators/core.js";
import type { SiblingRecordsActions } from "./decorators/siblingRecords.js";
import { siblingRecordsActions } from "./decorators/siblingRecords.js";

/**
 * A Waymark client of `relay/1` servers: discovers, verifies and selects relays under the trust
 * policy, reaches services behind NAT through them (`client.reach`), and serves behind them
 * (`client.serve`, `client.listenBehindRelays`), with `client.records` for the `relay/reach`
 * records; its host (`client.relayHost`) dials and listens through relays.
 */
export type WaymarkRelayClient = WaymarkClientContext &
  CoreActions &
  SiblingRecordsActions &
  RelayActions & { readonly relayHost: RelayHost };

/** Options of {@link createRelayClient}. */
export interface RelayClientOptions extends Omit<WaymarkClientOptions, "service" | "host"> {
  /**
   * The key behind the service's address, when this client serves: the host's libp2p identity and
   * the signer of its `relay/reach` record. A caller may leave it out (a fresh key is made).
   */
  identity?: Wallet | undefined;
}

/**
 * Creates a relay client: a host with libp2p's circuit relay transport and no listen address (it
 * only dials out), the context of `createClient` for the `relay/1` service on that host, the core
 * actions, a `records/1` client beside it, and the relay actions.
 *
 * @param options - The client options, and the identity of a service.
 * @returns The running client; `stop()` stops its host too.
 * @example
 * ```ts
 * const service = await createRelayClient({ rpcUrl, registry, identity: wallet });
 * await service.serve({ signer: wallet, protocol: ECHO_PROTOCOL, handler: echoHandler() });
 * const caller = await createRelayClient({ rpcUrl, registry });
 * const { stream } = await caller.reach({ address: wallet.address, protocol: ECHO_PROTOCOL });
 * ```
 */
export async function createRelayClient(options: RelayClientOptions): Promise<WaymarkRelayClient> {
  const accept = new RelayAcceptList();
  const host = await createRelayHost({
    privateKey:
      options.identity === undefined ? undefined : privateKeyFromRaw(getBytes(options.identity.privateKey)),
    acceptRelayedFrom: (relay) => accept.accepts(relay),
    connectionManager: options.hostInit?.connectionManager,
  });
  try {
    const relayOptions = { ...options, service: RELAY_SERVICE, host };
    const client = await createClient(relayOptions);
    client.own({ stop: async () => host.stop() });
    const core = client.extend(coreActions).extend(siblingRecordsActions(relayOptions));
    const context: RelayContext = {
      host,
      requestTimeoutMs: client.options.requestTimeoutMs,
      discover: async (parameters) => core.discover(parameters),
      verify: async (candidates) => core.verify(candidates),
      records: core.records,
      signal: (parent) => client.signal(parent),
      own: (child) => {
        client.own(child);
      },
    };
    return core.extend(() => ({ relayHost: host, ...relayActions(accept)(context) }));
  } catch (error) {
    await host.stop();
    throw error;
  }
}
