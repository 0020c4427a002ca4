import type { Server } from "node:net";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { silentListener } from "./silentListener.js";

/**
 * Starts an entry point that answers: a libp2p host on 127.0.0.1 serving the DHT.
 *
 * @param hosts - Where the host is added, for the test to stop it.
 * @returns Its first address.
 */
export async function liveEntryPoint(hosts: Libp2p[]): Promise<string> {
  const host = await createWaymarkHost({
    dhtClientMode: false,
    connectionManager: LOOPBACK_CONNECTION_SETTINGS,
  });
  hosts.push(host);
  return host.getMultiaddrs()[0]!.toString();
}

/**
 * An entry point that hangs: a fresh peer id's address on a {@link silentListener}, so a dial to
 * it neither connects nor fails until its timeout.
 *
 * @param servers - Where the listener is added, for the test to close it.
 * @returns The peer id and its one address.
 */
export async function hungEntryPoint(servers: Server[]): Promise<{ peerId: string; multiaddr: string }> {
  const { server, port } = await silentListener();
  servers.push(server);
  const peerId = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
  return { peerId, multiaddr: `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}` };
}
