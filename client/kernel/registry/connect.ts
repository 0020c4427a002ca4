import type { Provider, Signer } from "ethers";
import { Contract, FetchRequest, getAddress, Network } from "ethers";

import { RegistryNotFoundError, RpcUnreachableError } from "../errors/registry.js";
import { REGISTRY_DOMAIN_NAME, REGISTRY_DOMAIN_VERSION } from "../identity/consent.js";
import type { Registry } from "./contracts/index.js";
import { toRegistryError } from "./decodeError.js";
import { REGISTRY_INTERFACE } from "./registryInterface.js";
import type { RpcRequest } from "./rpcProvider.js";
import { jsonBody, RegistryRpcProvider } from "./rpcProvider.js";

/** A connection to one registry deployment. Pass it to the registry functions. */
export interface RegistryClient {
  /** Registry address, checksummed. */
  readonly address: string;
  /** Chain id the registry lives on. */
  readonly chainId: bigint;
  /** Read access to the chain. */
  readonly provider: Provider;
  /** The contract, connected to the signer when one was given, else to the provider. */
  readonly contract: Registry;
  /** The signer for transactions, when one was given. */
  readonly signer: Signer | undefined;
  /**
   * The RPC URL, when the connection was made from one. It may hold an API key: errors name it
   * redacted to its scheme, host and port (see `redactUrl`). Always `http(s)`: calls go over HTTP.
   */
  readonly rpcUrl: string | undefined;
  /**
   * The chain's WebSocket URL, when the connection was made from a `ws://` or `wss://` URL: the
   * registry's events are subscribed to there (`eth_subscribe`), while calls go to `rpcUrl`.
   */
  readonly eventsUrl?: string | undefined;
}

/** Parameters of {@link connectRegistry}. */
export interface ConnectRegistryParameters {
  /**
   * JSON-RPC URL of the chain. Either this or `provider`. A `ws://` or `wss://` URL names an
   * endpoint that serves both on one port (Hardhat's node, anvil, geth with `--http.port` equal to
   * `--ws.port`): calls go to the same address over HTTP, and registry events are subscribed to
   * over the WebSocket (see {@link RegistryClient.eventsUrl}).
   */
  rpcUrl?: string | undefined;
  /** An ethers provider to reuse instead of `rpcUrl`. */
  provider?: Provider | undefined;
  /** Registry address. */
  address: string;
  /** Signer for transactions (curator, provider, operator); reads need none. */
  signer?: Signer | undefined;
  /**
   * Milliseconds any single RPC request may take.
   * @default 10000
   */
  requestTimeoutMs?: number | undefined;
  /** Skip the check that a Waymark registry answers at `address`. @default false */
  skipCheck?: boolean | undefined;
  /**
   * Requests to send in the first round trip too, when the connection is made from `rpcUrl` (and the
   * registry is checked): each answer is given to the first identical request made within
   * `SEEDED_ANSWER_MAX_AGE_MS`, instead of asking the chain again (see `RegistryRpcProvider.seed`).
   * A cold client reads its bootstrap records this way. An answer that is an error is not kept.
   */
  prefetch?: readonly RpcRequest[] | undefined;
}

/**
 * Connects to a registry: detects the chain once, and checks that a Waymark registry of the
 * supported EIP-712 version answers at the address. From an RPC URL both take one round trip (one
 * JSON-RPC batch); an answer that does not settle the check is checked again through the provider.
 *
 * @param parameters - RPC URL or provider, address, optional signer.
 * @returns The connection.
 * @throws RpcUnreachableError when the RPC does not answer.
 * @throws RegistryNotFoundError when no compatible registry is deployed at the address.
 * @example
 * ```ts
 * const registry = await connectRegistry({ rpcUrl: "http://127.0.0.1:8545", address });
 * ```
 */
export async function connectRegistry(parameters: ConnectRegistryParameters): Promise<RegistryClient> {
  const { requestTimeoutMs = 10_000 } = parameters;
  const eventsUrl = isWebSocketUrl(parameters.rpcUrl) ? parameters.rpcUrl : undefined;
  const rpcUrl = eventsUrl === undefined ? parameters.rpcUrl : httpUrlOf(eventsUrl);
  const address = getAddress(parameters.address);
  let provider: Provider;
  let chainId: bigint;
  let checked = false;
  if (parameters.provider !== undefined) {
    provider = parameters.provider;
    chainId = (await reach(async () => provider.getNetwork(), rpcUrl)).chainId;
  } else if (rpcUrl !== undefined) {
    // The chain id and, unless skipped, the registry check in one round trip.
    const first = await reach(
      async () =>
        fetchChainAndCheck(
          rpcUrl,
          requestTimeoutMs,
          parameters.skipCheck === true ? undefined : address,
          parameters.prefetch ?? [],
        ),
      rpcUrl,
    );
    chainId = first.chainId;
    if (first.registry === "absent") throw new RegistryNotFoundError(address, chainId);
    checked = first.registry === "found";
    const network = Network.from(chainId);
    // No request cache: a cached `eth_getTransactionCount` would give two transactions sent in a
    // row the same nonce. No batch stall: requests made in the same tick are still sent as one
    // batch, but a lone request (a verification, a registry check) is not held back 10 ms waiting
    // for company, ethers' default.
    const rpc = new RegistryRpcProvider(fetchRequest(rpcUrl, requestTimeoutMs), network, {
      staticNetwork: network,
      cacheTimeout: -1,
      batchStallTime: 0,
    });
    for (const { request, result } of first.prefetched) rpc.seed(request, result);
    provider = rpc;
  } else {
    throw new TypeError("connectRegistry needs `rpcUrl` or `provider`");
  }

  const runner = parameters.signer?.provider
    ? parameters.signer
    : (parameters.signer?.connect(provider) ?? provider);
  const contract = new Contract(address, REGISTRY_INTERFACE, runner) as unknown as Registry;
  const client: RegistryClient = {
    address,
    chainId,
    provider,
    contract,
    signer: parameters.signer === undefined ? undefined : (runner as Signer),
    rpcUrl,
    eventsUrl,
  };
  if (parameters.skipCheck !== true && !checked) await checkRegistry(client);
  return client;
}

/**
 * Whether a URL names a WebSocket endpoint.
 *
 * @param url - An RPC URL.
 * @returns True for `ws://` and `wss://`.
 */
export function isWebSocketUrl(url: string | undefined): url is string {
  return url !== undefined && /^wss?:\/\//i.test(url);
}

/** The HTTP URL of a WebSocket endpoint that serves both on one port. */
function httpUrlOf(url: string): string {
  return url.replace(/^ws/i, "http");
}

/** What `ask` answers; RpcUnreachableError when it fails. */
async function reach<T>(ask: () => Promise<T>, rpcUrl: string | undefined): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    throw new RpcUnreachableError(rpcUrl, { cause: err });
  }
}

async function checkRegistry(client: RegistryClient): Promise<void> {
  // Both questions at once (one round trip, not two); the code's answer decides first.
  const [code, domain] = await Promise.allSettled([
    client.provider.getCode(client.address),
    client.contract.eip712Domain(),
  ]);
  if (code.status === "rejected") throw toRegistryError(code.reason, client.rpcUrl);
  if (code.value === "0x") throw new RegistryNotFoundError(client.address, client.chainId);
  if (domain.status === "fulfilled") {
    const { name, version } = domain.value;
    if (name === REGISTRY_DOMAIN_NAME && version === REGISTRY_DOMAIN_VERSION) return;
  } else {
    const error = toRegistryError(domain.reason, client.rpcUrl);
    if (error.name === "RpcUnreachableError") throw error;
  }
  throw new RegistryNotFoundError(client.address, client.chainId);
}

/** What the first round trip of {@link fetchChainAndCheck} says of the registry. */
type FirstCheck = "found" | "absent" | "unknown";

/**
 * Asks the endpoint for its chain id with plain JSON-RPC (an ethers provider would detect the
 * network in a background loop that retries and logs until it is destroyed) and, given an
 * address, in the same batch for the registry's EIP-712 domain. A registry of the supported
 * version is `found`; an empty answer (what a call to an address without code returns) `absent`;
 * anything else (an endpoint that does not batch, an error, another contract) is `unknown`, and
 * the registry is then checked through the provider, which names the error. The contract's code
 * is not asked for: it is tens of kilobytes that only say whether it is empty.
 */
async function fetchChainAndCheck(
  url: string,
  timeoutMs: number,
  address: string | undefined,
  prefetch: readonly RpcRequest[],
): Promise<{ chainId: bigint; registry: FirstCheck; prefetched: Prefetched[] }> {
  const chainIdRequest = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };
  const alone = async (): Promise<{ chainId: bigint; registry: FirstCheck; prefetched: Prefetched[] }> => ({
    chainId: await fetchChainId(url, timeoutMs, chainIdRequest),
    registry: "unknown",
    prefetched: [],
  });
  if (address === undefined) return alone();
  const answers = await postJson(url, timeoutMs, [
    chainIdRequest,
    {
      jsonrpc: "2.0",
      id: 2,
      method: "eth_call",
      params: [{ to: address, data: DOMAIN_CALL }, "latest"],
    },
    ...prefetch.map((request, index) => ({ jsonrpc: "2.0", id: 3 + index, ...request })),
  ]);
  // An endpoint that does not take batches answers with one error: ask for the chain id alone.
  if (!Array.isArray(answers)) return alone();
  const byId = new Map<unknown, { result?: unknown }>();
  for (const answer of answers as { id?: unknown; result?: unknown }[]) byId.set(answer.id, answer);
  const chainId = byId.get(1)?.result;
  if (typeof chainId !== "string") return alone();
  const registry = registryFromDomain(byId.get(2)?.result);
  const prefetched: Prefetched[] = [];
  // Kept only beside a registry that checked out: otherwise the connection fails, or is checked again.
  prefetch.forEach((request, index) => {
    const answer = byId.get(3 + index);
    if (registry === "found" && answer !== undefined && "result" in answer) {
      prefetched.push({ request, result: answer.result });
    }
  });
  return { chainId: BigInt(chainId), registry, prefetched };
}

/** A request sent ahead in the first round trip, and its answer. */
interface Prefetched {
  request: RpcRequest;
  result: unknown;
}

/** The call data of `eip712Domain()`. */
const DOMAIN_CALL = REGISTRY_INTERFACE.encodeFunctionData("eip712Domain");

function registryFromDomain(domain: unknown): FirstCheck {
  if (domain === "0x") return "absent";
  if (typeof domain !== "string") return "unknown";
  try {
    const { name, version } = REGISTRY_INTERFACE.decodeFunctionResult("eip712Domain", domain);
    return name === REGISTRY_DOMAIN_NAME && version === REGISTRY_DOMAIN_VERSION ? "found" : "unknown";
  } catch {
    return "unknown";
  }
}

async function fetchChainId(url: string, timeoutMs: number, request: object): Promise<bigint> {
  const body = (await postJson(url, timeoutMs, request)) as { result?: unknown; error?: unknown };
  if (typeof body.result !== "string") {
    throw new Error(`eth_chainId answered ${JSON.stringify(body.error ?? body)}`);
  }
  return BigInt(body.result);
}

async function postJson(url: string, timeoutMs: number, body: unknown): Promise<unknown> {
  const request = fetchRequest(url, timeoutMs);
  request.setHeader("content-type", "application/json");
  request.body = JSON.stringify(body);
  const response = await request.send();
  response.assertOk();
  return jsonBody(response);
}

function fetchRequest(url: string, timeoutMs: number): FetchRequest {
  const request = new FetchRequest(url);
  request.timeout = timeoutMs;
  return request;
}
