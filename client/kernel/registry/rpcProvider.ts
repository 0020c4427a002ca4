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

/**
 * ethers' HTTP JSON-RPC provider, with answers decoded by {@link jsonBody}; everything else
 * (batching, retries, errors) is ethers' own.
 */
export class RegistryRpcProvider extends JsonRpcProvider {
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    // As `JsonRpcProvider._send`, but for the decoder.
    const request = this._getConnection();
    request.body = JSON.stringify(payload);
    request.setHeader("content-type", "application/json");
    const response = await request.send();
    response.assertOk();
    const answer = jsonBody(response);
    return (Array.isArray(answer) ? answer : [answer]) as JsonRpcResult[];
  }
}
