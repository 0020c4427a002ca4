import type { IncomingMessage, Server, ServerResponse } from "node:http";

import { Registry__factory } from "../../client/kernel/registry/contracts/index.js";
import { postJsonRpc, readBody, startLocalHttp, stopLocalHttp } from "../../scripts/kit/localHttp.js";

/** A JSON-RPC request as the endpoint reads it. */
export interface RpcRequest {
  id: unknown;
  method: string;
  params?: unknown[];
}

const registryInterface = Registry__factory.createInterface();

/** A registry call a {@link HeldRpc} can hold, by name. */
export type HeldCall = "getBootstrapRecords" | "verifyNodes";

/** One held call: when it was asked, and when its answer is let through. */
export interface Hold {
  /** Resolves when a request with the call reaches the endpoint. */
  readonly asked: Promise<undefined>;
  /** Lets the answer go to the client. */
  release(): void;
  /** Resolves once the answer has been sent. */
  readonly answered: Promise<undefined>;
}

/**
 * A JSON-RPC endpoint in front of a real chain that holds the answer to the first request (or
 * batch) calling a given registry function: the chain answers it at once, the client receives the
 * answer only once released. Everything else goes through unchanged.
 */
export class HeldRpc {
  private readonly holds: {
    selector: string;
    taken: boolean;
    asked: PromiseWithResolvers<undefined>;
    released: PromiseWithResolvers<undefined>;
    answered: PromiseWithResolvers<undefined>;
  }[] = [];

  /** Every request received, in order: the JSON-RPC calls of each (one, or a batch's). */
  readonly received: RpcRequest[][] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    /** The endpoint's URL. */
    readonly url: string,
  ) {}

  /**
   * Starts the endpoint on 127.0.0.1.
   *
   * @param target - The real chain's JSON-RPC URL.
   * @returns The running endpoint.
   */
  static async start(target: string): Promise<HeldRpc> {
    // Nobody knows the URL before this returns, so no request comes before `rpc` is set.
    const { server, url } = await startLocalHttp(async (request, response) => rpc.handle(request, response));
    const rpc = new HeldRpc(server, target, url);
    return rpc;
  }

  /**
   * Holds the answer to the next request calling `call` until released.
   *
   * @param call - The registry function.
   * @returns The hold.
   */
  hold(call: HeldCall): Hold {
    const entry = {
      selector: registryInterface.getFunction(call).selector,
      taken: false,
      asked: Promise.withResolvers<undefined>(),
      released: Promise.withResolvers<undefined>(),
      answered: Promise.withResolvers<undefined>(),
    };
    this.holds.push(entry);
    return {
      asked: entry.asked.promise,
      answered: entry.answered.promise,
      release: () => {
        entry.released.resolve(undefined);
      },
    };
  }

  /** Stops the endpoint (held answers are released first). */
  async stop(): Promise<void> {
    for (const entry of this.holds) entry.released.resolve(undefined);
    await stopLocalHttp(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = (await readBody(request)).toString("utf8");
    const body = JSON.parse(text) as RpcRequest | RpcRequest[];
    this.received.push(Array.isArray(body) ? body : [body]);
    const calls = (Array.isArray(body) ? body : [body])
      .filter((one) => one.method === "eth_call")
      .map(callData);
    const held = this.holds.filter(
      (entry) => !entry.taken && calls.some((data) => data.startsWith(entry.selector)),
    );
    for (const entry of held) {
      entry.taken = true;
      entry.asked.resolve(undefined);
    }
    let status = 502;
    let answer: string;
    try {
      const forwarded = await postJsonRpc(this.target, text);
      status = forwarded.status;
      answer = await forwarded.text();
    } catch (err) {
      answer = err instanceof Error ? err.message : String(err);
    }
    await Promise.all(held.map(async (entry) => entry.released.promise));
    response.writeHead(status, { "content-type": status === 200 ? "application/json" : "text/plain" });
    response.end(answer);
    for (const entry of held) entry.answered.resolve(undefined);
  }
}

/**
 * The call data of an `eth_call` request.
 *
 * @param request - The request.
 * @returns Its `data` (or `input`), or "" when it has none.
 */
export function callData(request: RpcRequest): string {
  const [call] = (request.params ?? []) as [{ data?: string; input?: string }?];
  return call?.data ?? call?.input ?? "";
}
