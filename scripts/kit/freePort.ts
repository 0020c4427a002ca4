import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Lowest port handed out; below it sit well-known and registered services. */
const LOWEST_PORT = 10_000;

/** How many random ports to try before falling back to one the kernel picks. */
const ATTEMPTS = 64;

/** Ports this process has handed out, never handed out twice. */
const handedOut = new Set<number>();

/**
 * A TCP port of 127.0.0.1 that is free right now (for a process whose address must be known
 * before it starts).
 *
 * The port is drawn at random from below the kernel's ephemeral range (`ip_local_port_range`):
 * a port the kernel picks for `listen(0)` lies in that range, where the kernel also picks the
 * local ports of outgoing connections, so between this call and the process binding it a busy
 * test could take it for one of its own connections (`EADDRINUSE` at start). Ports below the range
 * are only ever taken by someone binding them on purpose.
 *
 * @returns The port.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  if (below - LOWEST_PORT > 1_000) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = LOWEST_PORT + Math.floor(Math.random() * (below - LOWEST_PORT));
      if (handedOut.has(port)) continue;
      handedOut.add(port);
      if ((await tryBind(port)) !== undefined) return port;
      handedOut.delete(port);
    }
  }
  const port = await tryBind(0);
  if (port === undefined) throw new Error("no free TCP port on 127.0.0.1");
  handedOut.add(port);
  return port;
}

/**
 * The first port of the kernel's ephemeral range (Linux), or Linux's default when it cannot be read.
 *
 * @returns It.
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) && value > 0 ? value : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * Binds a port of 127.0.0.1 and releases it again.
 *
 * @param port - The port, or 0 for one the kernel picks.
 * @returns The port bound, or undefined when it was taken.
 */
async function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => {
      resolve(undefined);
    });
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : undefined;
      server.close(() => {
        resolve(bound);
      });
    });
  });
}
