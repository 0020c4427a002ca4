import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";

import { ProviderNotActiveError, RegistryRevertError } from "../../client/kernel/errors/registry.js";
import type { SignedNodeConsent } from "../../client/kernel/identity/consent.js";
import { signNodeConsent } from "../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../client/kernel/registry/connect.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { registryCall } from "../../client/kernel/registry/decodeError.js";
import { getProvider } from "../../client/kernel/registry/providers.js";
import { readLatestBlock } from "../../client/kernel/registry/verifyNodes.js";
import { redactUrl } from "../../client/kernel/text/redactUrl.js";
import { InvalidConfigError } from "../errors/config.js";

/** How long a consent is valid when no deadline is given: 7 days. */
export const CONSENT_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** Parameters of {@link createNodeConsent}. */
export interface CreateNodeConsentParameters {
  /** The provider that may register the node. */
  providerId: bigint;
  /** The service the node will serve, e.g. `mail/1`. */
  service: string;
  /** The registry address. */
  registry: string;
  /**
   * Unix time (seconds) after which the consent is void. When absent, `validForMs` after the
   * chain's latest block time, or after the local clock when signing offline.
   */
  deadline?: bigint | undefined;
  /** How long the consent is valid when `deadline` is absent, in milliseconds. @default CONSENT_VALIDITY_MS */
  validForMs?: number | undefined;
  /** The registry's chain id; read from the chain when absent. */
  chainId?: bigint | undefined;
  /** The node's current nonce in the registry; read from the chain when absent. */
  nonce?: bigint | undefined;
  /** The chain's JSON-RPC URL, needed unless both `chainId` and `nonce` are given. */
  rpcUrl?: string | undefined;
  /** Milliseconds one RPC request may take. @default 10000 */
  rpcTimeout?: number | undefined;
}

/** What {@link createNodeConsent} made, and whose clock its deadline counts from. */
export interface CreateNodeConsentReturnType {
  /** The signed consent, as `serializeConsent` writes and `parseConsent` reads it. */
  consent: SignedNodeConsent;
  /**
   * `chain`: the chain's latest block time plus the validity (the registry checks the deadline
   * against block time); `local`: the local clock (signed offline); `given`: the caller's deadline.
   */
  deadlineClock: "chain" | "local" | "given";
}

/**
 * Signs, with the node key, the EIP-712 consent that lets a provider register the node. With both
 * `chainId` and `nonce` it needs no network (for a key kept offline); otherwise it reads what is
 * missing from the registry, checks that the provider exists and is active, and counts the default
 * deadline from the chain's latest block time (on a dev chain whose time was moved ahead, the
 * local clock would make a consent that is void at once). The node key never needs funds: the
 * provider sends the transaction.
 *
 * @param privateKey - The node's secp256k1 libp2p key.
 * @param parameters - Provider, service, registry, deadline or validity, and chain id and nonce or
 * an RPC URL.
 * @returns The signed consent, and whose clock its deadline counts from.
 * @throws RpcUnreachableError or RegistryNotFoundError when the chain must be asked and cannot be.
 * @throws ProviderNotActiveError when the chain is asked and the provider does not exist or is not
 * active.
 * @throws InvalidConfigError `chainId` when the given chain id is not the chain's; `deadline` when it
 * has passed by the chain's clock.
 * @example
 * ```ts
 * const { consent } = await createNodeConsent(key, { providerId: 1n, service: "mail/1", registry, rpcUrl });
 * console.log(serializeConsent(consent));
 * ```
 */
export async function createNodeConsent(
  privateKey: PrivateKey,
  parameters: CreateNodeConsentParameters,
): Promise<CreateNodeConsentReturnType> {
  const wallet = nodeWallet(privateKey);
  const validForMs = parameters.validForMs ?? CONSENT_VALIDITY_MS;
  let { chainId, nonce, deadline } = parameters;
  let deadlineClock: CreateNodeConsentReturnType["deadlineClock"] =
    deadline === undefined ? "local" : "given";
  if (chainId === undefined || nonce === undefined) {
    if (parameters.rpcUrl === undefined)
      throw new InvalidConfigError("rpcUrl", "is needed to read the chain id and nonce");
    const client = await connectRegistry({
      rpcUrl: parameters.rpcUrl,
      address: parameters.registry,
      requestTimeoutMs: parameters.rpcTimeout,
    });
    try {
      if (chainId !== undefined && chainId !== client.chainId) {
        throw new InvalidConfigError(
          "chainId",
          `the chain at ${redactUrl(parameters.rpcUrl)} reports chain id ${client.chainId}`,
        );
      }
      chainId = client.chainId;
      await checkProviderActive(client, parameters.providerId);
      if (nonce === undefined) {
        const node = await registryCall(client.rpcUrl, () => client.contract.getNode(wallet.address));
        nonce = node.nonce;
      }
      const { timestamp } = await readLatestBlock(client);
      if (deadline === undefined) {
        deadline = BigInt(timestamp) + BigInt(Math.floor(validForMs / 1000));
        deadlineClock = "chain";
      } else if (deadline <= BigInt(timestamp)) {
        throw new InvalidConfigError(
          "deadline",
          `${deadline} has passed: the chain's latest block time is ${timestamp} (${new Date(timestamp * 1000).toISOString()})`,
        );
      }
    } finally {
      client.provider.destroy();
    }
  }
  deadline ??= BigInt(Math.floor((Date.now() + validForMs) / 1000));
  const consent = await signNodeConsent(wallet, {
    peerId: peerIdFromPrivateKey(privateKey).toString(),
    providerId: parameters.providerId,
    service: parameters.service,
    nonce,
    deadline,
    chainId,
    registry: parameters.registry,
  });
  return { consent, deadlineClock };
}

/** Throws ProviderNotActiveError unless the provider exists and is active. */
async function checkProviderActive(client: RegistryClient, providerId: bigint): Promise<void> {
  let status: string;
  try {
    status = (await getProvider(client, providerId)).status;
  } catch (err) {
    if (!(err instanceof RegistryRevertError) || err.errorName !== "RegistryUnknownProvider") throw err;
    status = "None";
  }
  if (status !== "Active") {
    throw new ProviderNotActiveError(providerId, status, {
      registry: client.address,
      chainId: client.chainId,
    });
  }
}
