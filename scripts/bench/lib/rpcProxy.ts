import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { request } from "node:http";

import { readBody, startLocalHttp, stopLocalHttp } from "../../kit/localHttp.js";

/** What went through a {@link CountingRpcProxy} since the last reset. */
export interface RpcCounts {
  /** HTTP requests (one round trip each). */
  readonly httpRequests: number;
  /** JSON-RPC calls: one per request, or one per element of a batch. */
  readonly calls: number;
  /** JSON-RPC calls by method. */
  readonly byMethod: Readonly<Record<string, number>>;
}

/**
 * An HTTP proxy in front of a JSON-RPC endpoint on 127.0.0.1 that counts the round trips and the
 * JSON-RPC calls (batches included) going through it, so that a client's RPC cost can be read at
 * the HTTP level whatever the client library batches.
 */
export class CountingRpcProxy {
  private httpRequests = 0;
  private calls = 0;
  private byMethod: Record<string, number> = {};

  private constructor(
    private readonly server: Server,
    /** The proxy's URL: point the client here. */
    readonly url: string,
  ) {}

  /**
   * Starts a proxy on a free port of 127.0.0.1.
   *
   * @param target - The JSON-RPC URL to forward to (`http://127.0.0.1:…`).
   * @returns The running proxy.
   */
  static async start(target: string): Promise<CountingRpcProxy> {
    const upstream = new URL(target);
    // Nobody knows the URL before this returns, so no request comes before `proxy` is set.
    const { server, url } = await startLocalHttp(async (incoming, outgoing) =>
      proxy.forward(upstream, incoming, outgoing),
    );
    server.keepAliveTimeout = 60_000;
    const proxy = new CountingRpcProxy(server, url);
    return proxy;
  }

  /** The counts since the last {@link reset}. */
  counts(): RpcCounts {
    return { httpRequests: this.httpRequests, calls: this.calls, byMethod: { ...this.byMethod } };
  }

  /** Starts counting from zero. */
  reset(): void {
    this.httpRequests = 0;
    this.calls = 0;
    this.byMethod = {};
  }

  /** Stops the proxy. */
  async close(): Promise<void> {
    await stopLocalHttp(this.server);
  }

  private async forward(upstream: URL, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    this.count(body);
    const forwarded = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: incoming.method,
        headers: { "content-type": "application/json", "content-length": body.byteLength },
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on("error", (err) => {
      outgoing.destroy(err);
    });
    forwarded.end(body);
  }

  private count(body: Buffer): void {
    this.httpRequests += 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return;
    }
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      this.calls += 1;
      const method = (call as { method?: unknown }).method;
      const name = typeof method === "string" ? method : "(unknown)";
      this.byMethod[name] = (this.byMethod[name] ?? 0) + 1;
    }
  }
}
