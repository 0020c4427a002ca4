import type { Server, Socket } from "node:net";
import { connect, createServer } from "node:net";

/**
 * A TCP proxy on 127.0.0.1 in front of another port, that can be cut (every connection through it
 * is dropped, and new ones are refused) and restored: a network outage between a client and its
 * chain RPC, for HTTP and WebSocket alike.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private isCut = false;

  private constructor(
    private readonly server: Server,
    /** The proxy's port on 127.0.0.1. */
    readonly port: number,
  ) {}

  /**
   * Starts the proxy.
   *
   * @param targetPort - The port on 127.0.0.1 it forwards to.
   * @returns The running proxy.
   */
  static async start(targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    server.on("connection", (inbound) => {
      proxy.forward(inbound, targetPort);
    });
    return proxy;
  }

  /** Drops every connection through the proxy and refuses new ones until {@link TcpProxy.restore}. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Accepts connections again. */
  restore(): void {
    this.isCut = false;
  }

  /** Stops the proxy and drops its connections. */
  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private forward(inbound: Socket, targetPort: number): void {
    if (this.isCut) {
      inbound.destroy();
      return;
    }
    const outbound = connect(targetPort, "127.0.0.1");
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  }
}
