import type { FetchResponse, JsonRpcPayload, JsonRpcResult } from "ethers";
import { JsonRpcProvider } from "ethers";

/** Fails on bytes that are not UTF-8, as ethers' own decoder does. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The JSON of an HTTP answer, decoded with the platform's UTF-8 decoder.
 *
 * ethers decodes a body (`FetchResponse.bodyJson`) with a UTF-8 decoder written in JavaScript,
 * about 9 ms for 45 KB on a 2-core machine against 0.3 ms for `TextDecoder`: a registry's pages of
 * records and verifications are that large, and a cold client waits for each. A body that is not
 * UTF-8 or not JSON is left to ethers, which throws its own error for it.
 *
 * @param response - An answer that was checked with `assertOk()`.
 * @returns The parsed JSON.
 */
export function jsonBody(response: FetchResponse): unknown {
  const body = response.body;
  if (body === null) return response.bodyJson as unknown;
  try {
    return JSON.parse(UTF8.decode(body)) as unknown;
  } catch {
    return response.bodyJson as unknown;
  }
}

/** A JSON-RPC request, as ethers sends it (`eth_call` with `{ to, data }` in lower-case hex). */
export interface RpcRequest {
  method: string;
  params: readonly unknown[];
}

/**
 * How long an answer given ahead ({@link RegistryRpcProvider.seed}) may stand in for the chain's,
 * in milliseconds: it tells what `latest` was when it was read.
 */
export const SEEDED_ANSWER_MAX_AGE_MS = 2_000;

/**
 * ethers' HTTP JSON-RPC provider, with answers decoded by {@link jsonBody}, and answers read ahead
 * in an earlier batch given once instead of asking again (see {@link RegistryRpcProvider.seed});
 * everything else (batching, retries, errors) is ethers' own.
 */
export class RegistryRpcProvider extends JsonRpcProvider {
  readonly #seeded = new Map<string, { result: unknown; expiresAt: number }>();

  /**
   * Keeps an answer read ahead (in the registry connection's first round trip), to give it to the
   * first identical request made within {@link SEEDED_ANSWER_MAX_AGE_MS}, once. A cold client's
   * first reads (the bootstrap records, the providers page, the head block the event watcher
   * starts from) then cost no round trip of their own.
   *
   * @param request - The request, exactly as ethers will send it.
   * @param result - The chain's answer to it.
   */
  seed(request: RpcRequest, result: unknown): void {
    this.#seeded.set(requestKey(request), {
      result,
      expiresAt: performance.now() + SEEDED_ANSWER_MAX_AGE_MS,
    });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const payloads = Array.isArray(payload) ? payload : [payload];
    const given: JsonRpcResult[] = [];
    const asked: JsonRpcPayload[] = [];
    for (const each of payloads) {
      const seeded = this.#take(each);
      if (seeded === undefined) asked.push(each);
      else given.push({ id: each.id, result: seeded.result });
    }
    if (asked.length === 0) return given;
    // As `JsonRpcProvider._send`, but for the decoder.
    const request = this._getConnection();
    request.body = JSON.stringify(Array.isArray(payload) ? asked : payload);
    request.setHeader("content-type", "application/json");
    const response = await request.send();
    response.assertOk();
    const answer = jsonBody(response);
    return [...given, ...((Array.isArray(answer) ? answer : [answer]) as JsonRpcResult[])];
  }

  #take(payload: JsonRpcPayload): { result: unknown } | undefined {
    if (this.#seeded.size === 0) return undefined;
    const now = performance.now();
    for (const [key, entry] of this.#seeded) if (entry.expiresAt <= now) this.#seeded.delete(key);
    const key = requestKey(payload);
    const entry = this.#seeded.get(key);
    if (entry === undefined) return undefined;
    this.#seeded.delete(key);
    return entry;
  }
}

function requestKey(request: RpcRequest | JsonRpcPayload): string {
  return `${request.method} ${JSON.stringify(request.params)}`;
}
