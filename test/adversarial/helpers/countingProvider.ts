import type { JsonRpcPayload, JsonRpcResult } from "ethers";
import { JsonRpcProvider } from "ethers";

import { Registry__factory } from "../../../client/kernel/registry/contracts/index.js";

/** A JSON-RPC provider that counts the registry's `verifyNodes` calls and the nodes they carry. */
export class CountingProvider extends JsonRpcProvider {
  verifyNodesCalls = 0;
  /** Nodes asked about in the largest single call. */
  largestCall = 0;
  private readonly verifyNodes = Registry__factory.createInterface().getFunction("verifyNodes");

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    for (const request of Array.isArray(payload) ? payload : [payload]) {
      const data = (request.params as { data?: string }[] | undefined)?.[0]?.data;
      if (request.method === "eth_call" && data?.startsWith(this.verifyNodes.selector) === true) {
        this.verifyNodesCalls++;
        const [nodes] = Registry__factory.createInterface().decodeFunctionData(
          this.verifyNodes,
          data,
        ) as unknown as [string[]];
        this.largestCall = Math.max(this.largestCall, nodes.length);
      }
    }
    return super._send(payload);
  }
}
