import type { Server } from "node:net";
import { createServer } from "node:net";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

/**
 * Starts a TCP listener on 127.0.0.1 that accepts connections and never speaks: a dial to it
 * hangs, as across a network partition, rather than being refused.
 *
 * @returns The listener (the caller closes it) and its port.
 */
export async function silentListener(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on("error", () => undefined));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port };
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
