import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import type { Logger } from "pino";
import type { Registry } from "prom-client";

import { splitHostPort } from "../config/values.js";
import type { NodeStatus } from "./nodeStatus.js";
import { statusJson } from "./nodeStatus.js";

/** Options of {@link startStatusServer}. */
export interface StatusServerInit {
  /** `host:port`; port 0 picks a free one. */
  listen: string;
  /** The current status. */
  status(): NodeStatus;
  /** Whether the node is up and serving (`/healthz` answers 200), or not (503). */
  healthy(): boolean;
  /** The Prometheus registry `/metrics` serves. */
  metrics: Registry;
  logger: Logger;
}

/** A running status server. */
export interface StatusServer {
  /** Its base URL, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** Stops accepting, lets requests in flight finish, and closes. */
  close(): Promise<void>;
}

/**
 * Starts the node's HTTP status server: `GET /healthz` (200 `ok` while running, 503 otherwise),
 * `GET /status` (JSON) and `GET /metrics` (Prometheus text format).
 *
 * @param init - Address, status, health, metrics and logger.
 * @returns The running server.
 */
export async function startStatusServer(init: StatusServerInit): Promise<StatusServer> {
  const address = splitHostPort(init.listen);
  if (address === undefined) throw new TypeError(`not a host:port: ${init.listen}`);
  const server = createServer((request, response) => {
    handle(init, request, response).catch((err: unknown) => {
      init.logger.error({ err, url: request.url }, "status request failed");
      if (!response.headersSent) reply(response, 500, "text/plain; charset=utf-8", "internal error\n");
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  const url = `http://${host}:${bound.port}`;
  init.logger.info({ url }, "status server listening");
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      server.closeIdleConnections();
      await closed;
    },
  };
}

async function handle(
  init: StatusServerInit,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://status").pathname;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    reply(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
    return;
  }
  switch (path) {
    case "/healthz": {
      const healthy = init.healthy();
      reply(response, healthy ? 200 : 503, "text/plain; charset=utf-8", healthy ? "ok\n" : "unavailable\n");
      return;
    }
    case "/status":
      reply(response, 200, "application/json; charset=utf-8", `${statusJson(init.status())}\n`);
      return;
    case "/metrics":
      reply(response, 200, init.metrics.contentType, await init.metrics.metrics());
      return;
    default:
      reply(response, 404, "text/plain; charset=utf-8", "not found: try /healthz, /status or /metrics\n");
  }
}

function reply(response: ServerResponse, code: number, contentType: string, body: string): void {
  response.writeHead(code, { "content-type": contentType, "cache-control": "no-store" });
  response.end(response.req.method === "HEAD" ? undefined : body);
}
