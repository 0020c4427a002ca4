import type { IncomingMessage, ServerResponse } from "node:http";

import { DASHBOARD_DEFAULTS, RPC_ALLOWED_METHODS } from "./options.js";
import { readBody, sendJson } from "./http.js";

/** What the proxy forwarded so far: HTTP requests (a batch is one) and the JSON-RPC calls in them. */
export interface RpcCounts {
  requests: number;
  calls: number;
}

/** Options of {@link createRpcProxy}. */
export interface RpcProxyOptions {
  /** The chain's JSON-RPC URL (it may hold an API key: it never reaches the page). */
  rpcUrl: string;
  /** @default DASHBOARD_DEFAULTS.rpcTimeoutMs */
  timeoutMs?: number | undefined;
}

/** A same-origin JSON-RPC proxy to the configured chain, for read methods only. */
export interface RpcProxy {
  /** Handles one `POST /rpc`. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** What was forwarded so far. */
  readonly counts: RpcCounts;
}

interface RpcCall {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
}

/**
 * A proxy that lets the page read the chain without CORS and without learning the RPC URL: it
 * forwards single calls and batches whose every method is a read (see {@link RPC_ALLOWED_METHODS}),
 * bounded in size and time.
 *
 * @param options - The chain's URL and the time limit.
 * @returns The proxy.
 */
export function createRpcProxy(options: RpcProxyOptions): RpcProxy {
  const counts: RpcCounts = { requests: 0, calls: 0 };
  const timeoutMs = options.timeoutMs ?? DASHBOARD_DEFAULTS.rpcTimeoutMs;
  return {
    counts,
    async handle(request, response) {
      if (request.method !== "POST") {
        sendJson(response, 405, { error: "POST only" });
        return;
      }
      const body = await readBody(request, DASHBOARD_DEFAULTS.maxRpcRequestBytes);
      if (body === undefined) {
        sendJson(response, 413, rpcError(null, -32600, "request too large"));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        sendJson(response, 400, rpcError(null, -32700, "parse error"));
        return;
      }
      const calls = (Array.isArray(parsed) ? parsed : [parsed]) as (RpcCall | null)[];
      if (calls.length === 0 || calls.length > DASHBOARD_DEFAULTS.maxRpcBatch) {
        sendJson(response, 400, rpcError(null, -32600, "empty or oversized batch"));
        return;
      }
      const refused = calls.find(
        (call) =>
          typeof call !== "object" ||
          call === null ||
          typeof call.method !== "string" ||
          !RPC_ALLOWED_METHODS.has(call.method),
      );
      if (refused !== undefined) {
        const method = typeof refused?.method === "string" ? refused.method.slice(0, 64) : "?";
        sendJson(response, 403, rpcError(refused?.id ?? null, -32601, `method not allowed: ${method}`));
        return;
      }
      counts.requests += 1;
      counts.calls += calls.length;
      await forward(options.rpcUrl, body, timeoutMs, response);
    },
  };
}

async function forward(
  rpcUrl: string,
  body: string,
  timeoutMs: number,
  response: ServerResponse,
): Promise<void> {
  let answer: Response;
  try {
    answer = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    sendJson(response, 502, rpcError(null, -32603, "the chain RPC did not answer"));
    return;
  }
  const length = Number(answer.headers.get("content-length") ?? "0");
  if (length > DASHBOARD_DEFAULTS.maxRpcResponseBytes) {
    await answer.body?.cancel();
    sendJson(response, 502, rpcError(null, -32603, "the chain RPC's answer is too large"));
    return;
  }
  const text = await answer.text();
  if (text.length > DASHBOARD_DEFAULTS.maxRpcResponseBytes) {
    sendJson(response, 502, rpcError(null, -32603, "the chain RPC's answer is too large"));
    return;
  }
  response.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(text);
}

function rpcError(id: unknown, code: number, message: string): unknown {
  return { jsonrpc: "2.0", id, error: { code, message } };
}
