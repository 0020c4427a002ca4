import { createServer } from "node:net";

/**
 * A TCP port of 127.0.0.1 that is free right now (for a process whose address must be known
 * before it starts).
 *
 * @returns The port.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
