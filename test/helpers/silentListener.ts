import type { Server } from "node:net";
import { createServer } from "node:net";

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
