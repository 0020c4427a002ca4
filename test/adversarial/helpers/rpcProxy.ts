import type { IncomingMessage, Server, ServerResponse } from "node:http";

import { readBody, relayJsonRpc, startLocalHttp, stopLocalHttp } from "../../../scripts/kit/localHttp.js";

/** What an {@link RpcProxy} does with a request. */
export type RpcProxyMode = "forward" | "fail" | "silent";

/** A request as the proxy saw it: where the secrets of an RPC URL travel. */
export interface SeenRequest {
  /** Path and query. */
  path: string;
  /** The `Authorization` header (user info of the URL, as HTTP Basic). */
  authorization: string | undefined;
}

/**
 * A JSON-RPC endpoint on 127.0.0.1 that answers at any path, as hosted RPC providers do with an API
 * key in the path or query: it forwards each request to a chain (`forward`), answers HTTP 500 with
 * an error page (`fail`), or takes the request and never answers (`silent`).
 */
export class RpcProxy {
  /** What the proxy does with the next request. */
  mode: RpcProxyMode = "forward";
  /** Every request so far. */
  readonly seen: SeenRequest[] = [];
  private readonly held = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  /**
   * Starts a proxy in front of a chain.
   *
   * @param target - The chain's JSON-RPC URL.
   * @returns The running proxy, forwarding.
   */
  static async start(target: string): Promise<RpcProxy> {
    // Nobody knows the URL before this returns, so no request comes before `proxy` is set.
    const { server } = await startLocalHttp(async (request, response) => proxy.handle(request, response));
    const proxy = new RpcProxy(server, target);
    return proxy;
  }

  /** The proxy's port. */
  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Stops the proxy, dropping the requests it holds. */
  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.held.clear();
    await stopLocalHttp(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.seen.push({ path: request.url ?? "", authorization: request.headers.authorization });
    const body = await readBody(request);
    if (this.mode === "silent") {
      this.held.add(response);
      response.on("close", () => this.held.delete(response));
      return;
    }
    if (this.mode === "fail") {
      response.writeHead(500, { "content-type": "text/html" }).end("<h1>upstream unavailable</h1>");
      return;
    }
    await relayJsonRpc(this.target, body, response);
  }
}
