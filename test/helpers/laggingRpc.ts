import type { IncomingMessage, Server, ServerResponse } from "node:http";

import { postJsonRpc, readBody, startLocalHttp, stopLocalHttp } from "../../scripts/kit/localHttp.js";

/** A JSON-RPC request as the proxy reads it. */
interface RpcRequest {
  jsonrpc: string;
  id: unknown;
  method: string;
  params?: unknown[];
}

/** Block tags that mean "the newest block this endpoint has". */
const MOVING_TAGS = new Set(["latest", "pending", "safe", "finalized"]);

/**
 * A JSON-RPC endpoint in front of a real chain that can stop following it: once frozen at a block,
 * it answers as a node stuck at that block would (an RPC provider that lags, or lies about the
 * head): `eth_blockNumber` names the frozen block, and every request for the latest state (calls,
 * blocks, logs, code) is answered at the frozen block by the real chain.
 */
export class LaggingRpc {
  private frozenAt: bigint | undefined;

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    /** The endpoint's URL. */
    readonly url: string,
  ) {}

  /**
   * Starts the endpoint on 127.0.0.1, following the chain until {@link LaggingRpc.freeze}.
   *
   * @param target - The real chain's JSON-RPC URL.
   * @returns The running endpoint.
   */
  static async start(target: string): Promise<LaggingRpc> {
    // Nobody knows the URL before this returns, so no request comes before `rpc` is set.
    const { server, url } = await startLocalHttp(async (request, response) => rpc.handle(request, response));
    const rpc = new LaggingRpc(server, target, url);
    return rpc;
  }

  /**
   * Stops following the chain: from now on the head is `block` (the current head by default).
   *
   * @param block - The block to stay at.
   * @returns The frozen block's number.
   */
  async freeze(block?: bigint): Promise<bigint> {
    this.frozenAt = undefined;
    const head =
      block ??
      BigInt((await this.forward({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber" })).result as string);
    this.frozenAt = head;
    return head;
  }

  /** Follows the chain again. */
  thaw(): void {
    this.frozenAt = undefined;
  }

  /** Stops the endpoint. */
  async stop(): Promise<void> {
    await stopLocalHttp(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const body = JSON.parse((await readBody(request)).toString("utf8")) as RpcRequest | RpcRequest[];
      const answers = Array.isArray(body)
        ? await Promise.all(body.map(async (one) => this.answer(one)))
        : await this.answer(body);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(answers));
    } catch (err) {
      // The chain behind it went away, or the request was not JSON-RPC: answer as a broken node would.
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(err instanceof Error ? err.message : String(err));
    }
  }

  private async answer(request: RpcRequest): Promise<Record<string, unknown>> {
    const frozen = this.frozenAt;
    if (frozen === undefined) return this.forward(request);
    const tag = `0x${frozen.toString(16)}`;
    const params = [...(request.params ?? [])];
    const pin = (index: number): void => {
      const value = params[index];
      if (value === undefined || (typeof value === "string" && MOVING_TAGS.has(value))) params[index] = tag;
    };
    switch (request.method) {
      case "eth_blockNumber":
        return { jsonrpc: "2.0", id: request.id, result: tag };
      case "eth_getBlockByNumber":
        pin(0);
        break;
      case "eth_call":
      case "eth_getCode":
      case "eth_getBalance":
      case "eth_getTransactionCount":
        pin(1);
        break;
      case "eth_getLogs": {
        const filter = { ...(params[0] as Record<string, unknown>) };
        for (const key of ["fromBlock", "toBlock"]) {
          const value = filter[key];
          if (
            value === undefined ||
            (typeof value === "string" && (MOVING_TAGS.has(value) || BigInt(value) > frozen))
          ) {
            filter[key] = tag;
          }
        }
        params[0] = filter;
        break;
      }
      default:
        break;
    }
    return this.forward({ ...request, params });
  }

  private async forward(request: RpcRequest): Promise<Record<string, unknown>> {
    const response = await postJsonRpc(this.target, JSON.stringify(request));
    return (await response.json()) as Record<string, unknown>;
  }
}
