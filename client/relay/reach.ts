import type { Connection, Stream } from "@libp2p/interface";

import { RelayNotTrustedError, ServiceUnreachableError } from "../errors/relay.js";
import { sample } from "../kernel/random/sample.js";
import type { VerifiedCandidate } from "../verification/types.js";
import { REACH_RECORD } from "./constants.js";
import type { RelayContext } from "./context.js";
import type { RelayedAddress } from "./reachRecord.js";
import { decodeReachRecord, ownerOf, sameAddress } from "./reachRecord.js";
import { relayRoute } from "./relayRoute.js";

/** Parameters of {@link reach}. */
export interface ReachParameters {
  /** The service's address: the key that signed its `relay/reach` record and that it answers as. */
  address: string;
  /** The protocol to open a stream on. */
  protocol: string;
  /** Milliseconds each dial through a relay may take. @default the client's `requestTimeoutMs` */
  timeoutMs?: number | undefined;
  /** Cancels the whole attempt. */
  signal?: AbortSignal | undefined;
}

/** What {@link reach} returns. */
export interface ReachReturnType {
  /** A stream to the service on the protocol, end-to-end encrypted (Noise between the two peers). */
  stream: Stream;
  /** The connection the stream is on: relayed, or a connection already open to the service. */
  connection: Connection;
  /** The relay the connection goes through; undefined when an open connection was reused. */
  relay: VerifiedCandidate | undefined;
  /** The relays the record named that are not trusted `relay/1` nodes (never dialled). */
  refused: { peerId: string; verdict: string }[];
}

/**
 * Opens a stream to a service behind NAT: reads the `relay/reach` record its address signed (from
 * two records servers), keeps the relays that are trusted `relay/1` nodes in the registry under the
 * client's trust policy, and dials the service through one of them at random, failing over to the
 * next. A relay is dialled at the addresses the caller finds for its peer id (peer store, DHT),
 * never at the address the record wrote. The connection is Noise between the caller and the service, so the relay sees only
 * ciphertext, and the service's peer id, which the handshake proves, must be the key behind the
 * address. A connection already open to the service is reused.
 *
 * @param client - A relay client.
 * @param parameters - Address, protocol, time limit, signal.
 * @returns The stream, its connection and the relay.
 * @throws ServiceUnreachableError `NoReachRecord` when the address published no record,
 *   `BadReachRecord` when it names no relayed address of its own key, `RelaysFailed` when every
 *   trusted relay failed.
 * @throws RelayNotTrustedError when no relay named is a trusted `relay/1` node.
 * @example
 * ```ts
 * const { stream } = await client.reach({ address: bob, protocol: ECHO_PROTOCOL });
 * ```
 */
export async function reach(client: RelayContext, parameters: ReachParameters): Promise<ReachReturnType> {
  const signal = client.signal(parameters.signal);
  const { address, protocol } = parameters;
  const open = openConnectionTo(client, address);
  if (open !== undefined) {
    const stream = await open.newStream(protocol, { signal, runOnLimitedConnection: true });
    return { stream, connection: open, relay: undefined, refused: [] };
  }
  const { record } = await client.records.get({ owner: address, name: REACH_RECORD, signal });
  if (record === undefined) throw new ServiceUnreachableError(address, "NoReachRecord");
  const relayed = decodeReachRecord(record.value, address);
  if (relayed.length === 0) {
    throw new ServiceUnreachableError(address, "BadReachRecord", {
      details: "the record names no relayed address ending in the address's own peer id",
    });
  }
  const { trusted, refused } = await trustedRelays(client, relayed);
  if (trusted.length === 0) throw new RelayNotTrustedError(address, refused);
  const timeoutMs = parameters.timeoutMs ?? client.requestTimeoutMs;
  let lastError: unknown;
  for (const { relay, via } of sample(trusted, trusted.length, Math.random)) {
    signal.throwIfAborted();
    try {
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      const route = await relayRoute(client.host, via, attempt);
      if (route.length === 0) throw new Error(`relay ${relay.peerId} not found in the DHT`);
      const connection = await client.host.dial(route, { signal: attempt });
      if (!sameAddress(ownerOf(connection.remotePeer.toString()), address)) {
        await connection.close();
        throw new ServiceUnreachableError(address, "BadReachRecord", {
          details: `the peer reached is ${connection.remotePeer.toString()}, not the key behind the address`,
        });
      }
      const stream = await connection.newStream(protocol, { signal: attempt, runOnLimitedConnection: true });
      return { stream, connection, relay, refused };
    } catch (error) {
      lastError = error;
    }
  }
  throw new ServiceUnreachableError(address, "RelaysFailed", {
    details: `${trusted.length} trusted relays tried`,
    cause: lastError,
  });
}

/** An open connection to the peer whose key is `address`, if there is one. */
function openConnectionTo(client: RelayContext, address: string): Connection | undefined {
  return client.host
    .getConnections()
    .find(
      (connection) =>
        connection.status === "open" && sameAddress(ownerOf(connection.remotePeer.toString()), address),
    );
}

/** The relayed addresses whose relay is a trusted `relay/1` node, and the verdicts of the others. */
async function trustedRelays(
  client: RelayContext,
  relayed: readonly RelayedAddress[],
): Promise<{
  trusted: { relay: VerifiedCandidate; via: RelayedAddress }[];
  refused: { peerId: string; verdict: string }[];
}> {
  const verified = await client.verify(
    relayed.map((via) => ({
      peerId: via.relay,
      node: ownerOf(via.relay),
      multiaddrs: [via.relayAddress.toString()],
      sources: ["dht" as const],
    })),
  );
  const trusted: { relay: VerifiedCandidate; via: RelayedAddress }[] = [];
  const refused: { peerId: string; verdict: string }[] = [];
  verified.forEach((relay, index) => {
    const via = relayed[index];
    if (via === undefined) return;
    if (relay.trusted && !relay.custom) {
      trusted.push({ relay, via });
    } else {
      refused.push({ peerId: relay.peerId, verdict: relay.verdict });
    }
  });
  return { trusted, refused };
}
