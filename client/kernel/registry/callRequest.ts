import type { RpcRequest } from "./rpcProvider.js";

/**
 * An `eth_call` at the latest block, in the form ethers' JSON-RPC provider sends `provider.call({
 * to, data })`: the address and data in lower-case hex, nothing else in the transaction. A request
 * sent ahead in this form is given to that call (see `RegistryRpcProvider.seed`).
 *
 * @param to - The contract's address.
 * @param data - The call data, hex.
 * @returns The request.
 */
export function callRequest(to: string, data: string): RpcRequest {
  return { method: "eth_call", params: [{ to: to.toLowerCase(), data: data.toLowerCase() }, "latest"] };
}
