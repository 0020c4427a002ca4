import type { IncomingMessage, ServerResponse } from "node:http";

import { DASHBOARD_DEFAULTS, RPC_ALLOWED_METHODS } from "./options.js";
import { readBody, sendJson } from "./http.js";

/** What the proxy forwarded so far: HTTP requests (a batch is one) and the JSON-RPC calls in them. */
export interface RpcCounts {
  requests: number;
  calls: number;
}

/** One request the proxy forwarded, timed. */
export interface RpcTiming {
  /** When it arrived, in `performance.now()` milliseconds of the server's process. */
  startedAt: number;
  /** Its methods, each with how many calls of it the request held, e.g. `eth_call×100`. */
  methods: string;
  /** JSON-RPC calls in it (1 for a single call). */
  calls: number;
  /** Milliseconds from sending it to the chain to having the chain's whole answer. */
  upstreamMs: number;
  /** Milliseconds from its arrival to the answer sent, the chain's time included. */
  totalMs: number;
  /** HTTP status sent back to the page. */
  status: number;
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
  /** The last {@link DASHBOARD_DEFAULTS.rpcTimingsKept} forwarded requests, oldest first, timed. */
  readonly timings: readonly RpcTiming[];
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
  const timings: RpcTiming[] = [];
  return {
    counts,
    timings,
    async handle(request, response) {
      const startedAt = performance.now();
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
      const { status, upstreamMs } = await forward(options.rpcUrl, body, timeoutMs, response);
      timings.push({
        startedAt,
        methods: methodSummary(calls as RpcCall[]),
        calls: calls.length,
        upstreamMs,
        totalMs: performance.now() - startedAt,
        status,
      });
      if (timings.length > DASHBOARD_DEFAULTS.rpcTimingsKept) timings.shift();
    },
  };
}

/**
 * Forwards one request and writes the chain's answer back, with the chain's time in a
 * `Server-Timing` header (the page's resource timing shows it beside the whole round trip).
 */
async function forward(
  rpcUrl: string,
  body: string,
  timeoutMs: number,
  response: ServerResponse,
): Promise<{ status: number; upstreamMs: number }> {
  const sent = performance.now();
  const upstreamMs = (): number => performance.now() - sent;
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
    return { status: 502, upstreamMs: upstreamMs() };
  }
  const length = Number(answer.headers.get("content-length") ?? "0");
  if (length > DASHBOARD_DEFAULTS.maxRpcResponseBytes) {
    await answer.body?.cancel();
    sendJson(response, 502, rpcError(null, -32603, "the chain RPC's answer is too large"));
    return { status: 502, upstreamMs: upstreamMs() };
  }
  const text = await answer.text();
  const chainMs = upstreamMs();
  if (text.length > DASHBOARD_DEFAULTS.maxRpcResponseBytes) {
    sendJson(response, 502, rpcError(null, -32603, "the chain RPC's answer is too large"));
    return { status: 502, upstreamMs: chainMs };
  }
  response.writeHead(answer.status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "server-timing": `chain;dur=${chainMs.toFixed(1)}`,
  });
  response.end(text);
  return { status: answer.status, upstreamMs: chainMs };
}

function methodSummary(calls: readonly RpcCall[]): string {
  const byMethod = new Map<string, number>();
  for (const call of calls) byMethod.set(String(call.method), (byMethod.get(String(call.method)) ?? 0) + 1);
  return [...byMethod].map(([method, count]) => (count === 1 ? method : `${method}×${count}`)).join(" ");
}

function rpcError(id: unknown, code: number, message: string): unknown {
  return { jsonrpc: "2.0", id, error: { code, message } };
}
