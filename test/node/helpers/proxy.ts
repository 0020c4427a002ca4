import type { Server, Socket } from "node:net";
import { connect, createServer } from "node:net";

/**
 * A TCP port that forwards to a target only while switched on: a chain RPC that is down, then up.
 */
export class SwitchableProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  private readonly targetPort: number;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(port: number, targetPort: number) {
    this.port = port;
    this.targetPort = targetPort;
  }

  /**
   * Reserves a free port for a proxy to `targetPort`, switched off.
   *
   * @param targetPort - Where to forward on 127.0.0.1.
   * @returns The proxy.
   */
  static async reserve(targetPort: number): Promise<SwitchableProxy> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => {
      probe.close(() => {
        resolve();
      });
    });
    return new SwitchableProxy(port, targetPort);
  }

  /** Starts forwarding. */
  async on(): Promise<void> {
    const server = createServer((socket) => {
      const upstream = connect(this.targetPort, "127.0.0.1");
      this.sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      const drop = (): void => {
        socket.destroy();
        upstream.destroy();
        this.sockets.delete(socket);
        this.sockets.delete(upstream);
      };
      socket.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
  }

  /** Stops forwarding and drops open connections. */
  async off(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}
