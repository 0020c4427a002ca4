import { id, ZeroHash } from "ethers";

import { NODE_STATUSES, PROVIDER_STATUSES } from "./statuses.js";

/** The registry's curator role id, `keccak256("CURATOR_ROLE")`. */
const CURATOR_ROLE = id("CURATOR_ROLE");

type HintOf = (args: readonly unknown[]) => string | undefined;

/**
 * What a person can do about the registry errors met most, by custom error name. Each takes the
 * decoded arguments, in declaration order (see `IRegistry.sol`).
 */
const HINTS: Record<string, HintOf> = {
  RegistryInvalidNonce: ([, nonce, expected]) =>
    big(nonce) < big(expected)
      ? "this consent was already used, or the node registered again since: sign a new one (waymark-node consent)"
      : `the consent was signed for nonce ${String(nonce)}, and the node's nonce is ${String(expected)}: sign a new one without --nonce (waymark-node consent)`,
  RegistrySignatureExpired: ([deadline, timestamp]) =>
    `the signature was valid until ${time(deadline)}, and the chain's time is ${time(timestamp)}: sign a new one (waymark-node consent --valid-for …)`,
  RegistryNotProviderManager: ([providerId, account]) =>
    `${String(account)} is neither the owner nor an operator of provider ${String(providerId)}: sign with the owner's key, or have the owner appoint it (waymark provider operator ${String(providerId)} ${String(account)})`,
  RegistryNotProviderOwner: ([providerId, account]) =>
    `only the owner of provider ${String(providerId)} may do this, and ${String(account)} is not it: sign with the owner's key (see waymark provider show ${String(providerId)})`,
  RegistryNotNodeManager: ([node, account]) =>
    `${String(account)} is neither node ${String(node)}'s key nor the owner or an operator of its provider: sign with one of those keys`,
  RegistryNodeAlreadyRegistered: ([node, providerId]) =>
    `node ${String(node)} is already registered under provider ${String(providerId)}: retire it first (waymark provider retire-node ${String(node)}), then register it with a new consent`,
  RegistryProviderStatusInvalid: ([providerId, status]) => providerStatusHint(String(providerId), status),
  RegistryNodeStatusInvalid: ([node, status]) => nodeStatusHint(String(node), status),
  RegistryUnknownProvider: ([providerId]) =>
    `no provider has id ${String(providerId)}: see waymark provider list`,
  RegistryUnknownNode: ([node]) =>
    `node ${String(node)} was never registered: see waymark provider show <providerId> for a provider's nodes`,
  AccessControlUnauthorizedAccount: ([account, role]) =>
    role === CURATOR_ROLE
      ? `${String(account)} is not a curator: sign with a curator's key, or have the registry admin grant the role (waymark curator grant ${String(account)})`
      : role === ZeroHash
        ? `${String(account)} is not the registry admin: sign with the admin's key (the deployer's, unless it was handed over)`
        : `${String(account)} lacks the role ${String(role)}`,
};

/**
 * What a person can do about a registry revert, for the errors met most: a consent used twice or
 * expired, the wrong signing key, a provider or node in the wrong state, a missing curator role.
 *
 * @param errorName - The decoded custom error's name, e.g. `RegistryInvalidNonce`.
 * @param args - Its decoded arguments, in declaration order.
 * @returns The hint, or undefined when there is nothing more to say than the error itself.
 * @example
 * ```ts
 * revertHint("RegistryInvalidNonce", [node, 0n, 1n]);
 * // "this consent was already used, or the node registered again since: sign a new one (waymark-node consent)"
 * ```
 */
export function revertHint(errorName: string, args: readonly unknown[]): string | undefined {
  try {
    return HINTS[errorName]?.(args);
  } catch {
    // Arguments of an unexpected shape: the error still says what happened.
    return undefined;
  }
}

function providerStatusHint(providerId: string, status: unknown): string {
  const name = PROVIDER_STATUSES[Number(status)] ?? String(status);
  switch (name) {
    case "Pending":
      return `provider ${providerId} is Pending: a curator must approve it first (waymark curator approve ${providerId})`;
    case "Suspended":
      return `provider ${providerId} is Suspended: a curator must reinstate it first (waymark curator reinstate ${providerId})`;
    case "Rejected":
    case "Retired":
      return `provider ${providerId} is ${name} for good: apply again (waymark provider apply), which makes a new provider`;
    default:
      return `provider ${providerId} is ${name}, which this action does not accept: see waymark provider show ${providerId}`;
  }
}

function nodeStatusHint(node: string, status: unknown): string {
  const name = NODE_STATUSES[Number(status)] ?? String(status);
  switch (name) {
    case "Suspended":
      return `node ${node} is Suspended: a curator must reinstate it first (waymark curator reinstate-node ${node})`;
    case "Retired":
      return `node ${node} is Retired: register it again with a new consent (waymark-node consent, then waymark provider register-node)`;
    default:
      return `node ${node} is ${name}, which this action does not accept: see waymark node show ${node}`;
  }
}

function big(value: unknown): bigint {
  return BigInt(value as bigint | number | string);
}

function time(seconds: unknown): string {
  return new Date(Number(big(seconds)) * 1000).toISOString();
}
