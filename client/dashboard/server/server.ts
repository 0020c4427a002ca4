import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { DashboardListenError } from "../../errors/dashboard.js";
import { checkAssets, DEFAULT_ASSETS_DIR, serveAsset } from "./assets.js";
import { sendJson } from "./http.js";
import { DASHBOARD_DEFAULTS } from "./options.js";
import type { NetworkReport } from "./network.js";
import type { RpcCounts, RpcTiming } from "./rpcProxy.js";
import { createRpcProxy } from "./rpcProxy.js";

/** What the page is told at `/config.json`. */
export interface DashboardConfig {
  /** Registry address. */
  registry: string;
  /** Chain id, as a decimal string. */
  chainId: string;
}

/** Options of {@link startDashboardServer}. */
export interface DashboardServerOptions {
  /** The chain's JSON-RPC URL; the page reads through the server's `/rpc`, never from it directly. */
  rpcUrl: string;
  /** Registry address. */
  registry: string;
  /** Chain id of the registry. */
  chainId: bigint;
  /** @default DASHBOARD_DEFAULTS.host */
  host?: string | undefined;
  /** 0 picks a free port. @default DASHBOARD_DEFAULTS.port */
  port?: number | undefined;
  /** The built page. @default DEFAULT_ASSETS_DIR */
  assetsDir?: string | undefined;
  /** Makes the network view's report (see `networkReport`); absent, `/api/network` answers 404. */
  network?: (() => Promise<NetworkReport>) | undefined;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** Where to open it, e.g. `http://127.0.0.1:8645/`. */
  readonly url: string;
  /** JSON-RPC requests and calls the page made through `/rpc` so far. */
  readonly rpcCounts: RpcCounts;
  /** The last requests forwarded through `/rpc`, timed (see {@link RpcTiming}). */
  readonly rpcTimings: readonly RpcTiming[];
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

/**
 * Serves the dashboard: the built page, `/config.json` and a read-only JSON-RPC proxy at `/rpc`.
 *
 * @param options - Chain, registry, address to listen on.
 * @returns The running server.
 * @throws DashboardAssetsMissingError when the page is not built.
 * @throws DashboardListenError when the address is taken or not allowed.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS_DIR;
  checkAssets(assetsDir);
  const host = options.host ?? DASHBOARD_DEFAULTS.host;
  const port = options.port ?? DASHBOARD_DEFAULTS.port;
  const config: DashboardConfig = { registry: options.registry, chainId: options.chainId.toString() };
  const proxy = createRpcProxy({ rpcUrl: options.rpcUrl });
  const network =
    options.network === undefined
      ? undefined
      : reuseFor(options.network, DASHBOARD_DEFAULTS.networkReportTtlMs);

  const server = createServer((request, response) => {
    const route = async (pathname: string, method: string | undefined): Promise<void> => {
      if (pathname === "/rpc") await proxy.handle(request, response);
      else if (pathname === "/config.json") sendJson(response, 200, config);
      else if (pathname === "/api/network") {
        if (network === undefined) sendJson(response, 404, { error: "the network view is off" });
        else sendJson(response, 200, await network());
      } else if (method === "GET" || method === "HEAD") await serveAsset(assetsDir, pathname, response);
      else sendJson(response, 405, { error: "method not allowed" });
    };
    const { pathname } = new URL(request.url ?? "/", "http://dashboard.invalid");
    const handled = route(pathname, request.method);
    handled.catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
      else response.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => {
      reject(new DashboardListenError(`${host}:${port}`, { cause: err }));
    });
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    rpcCounts: proxy.counts,
    rpcTimings: proxy.timings,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/**
 * One report at a time, reused for `ttlMs`: however often the page asks, the client discovers and
 * pings at most once per `ttlMs`.
 */
function reuseFor<T>(make: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (last !== undefined && performance.now() - last.at < ttlMs) return last.value;
    const value = make();
    last = { at: performance.now(), value };
    value.catch(() => {
      last = undefined;
    });
    return value;
  };
}
