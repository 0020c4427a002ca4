import { InvalidArgumentError } from "commander";
import { getAddress, isAddress } from "ethers";

import { nodeAddressFromPeerId } from "../kernel/identity/nodeAddress.js";
import { reasonCode } from "../actions/registry/reasons.js";

/**
 * Parses an Ethereum address argument.
 *
 * @param value - The text.
 * @returns The checksummed address.
 * @throws InvalidArgumentError when it is not an address.
 */
export function parseAddress(value: string): string {
  const text = value;
  if (!isAddress(text)) throw new InvalidArgumentError(`Not an Ethereum address: "${value}"`);
  return getAddress(text);
}

/**
 * Parses a node argument: a node address, or a secp256k1 peer id whose address is derived.
 *
 * @param value - The text.
 * @returns The checksummed node address.
 * @throws InvalidArgumentError when it is neither.
 */
export function parseNode(value: string): string {
  const text = value;
  if (isAddress(text)) return getAddress(text);
  try {
    return nodeAddressFromPeerId(value);
  } catch {
    throw new InvalidArgumentError(`Not a node address or secp256k1 peer id: "${value}"`);
  }
}

/**
 * Parses a provider id.
 *
 * @param value - The text.
 * @returns The id.
 * @throws InvalidArgumentError when it is not a positive integer.
 */
export function parseProviderId(value: string): bigint {
  if (!/^\d+$/.test(value) || BigInt(value) === 0n) {
    throw new InvalidArgumentError(`Not a provider id: "${value}"`);
  }
  return BigInt(value);
}

/**
 * Parses a comma-separated list of provider ids.
 *
 * @param value - The text, e.g. `1,3`.
 * @returns The ids.
 */
export function parseProviderIds(value: string): bigint[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parseProviderId);
}

/**
 * Parses a reason: a name from the README's table (`abuse`, `policy`, …) or a code 0 to 65535.
 *
 * @param value - The text.
 * @returns The code.
 */
export function parseReason(value: string): number {
  try {
    return reasonCode(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Parses a positive integer option.
 *
 * @param value - The text.
 * @returns The number.
 */
export function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError(`Not a positive integer: "${value}"`);
  return number;
}

/**
 * Parses a time: milliseconds since the epoch, or an ISO 8601 date.
 *
 * @param value - The text.
 * @returns Milliseconds since the epoch.
 */
export function parseTime(value: string): number {
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isSafeInteger(millis) || millis < 0) {
    throw new InvalidArgumentError(`Not a time (ISO 8601 or milliseconds since the epoch): "${value}"`);
  }
  return millis;
}

/**
 * Collects a repeatable option into a list.
 *
 * @param value - This occurrence.
 * @param previous - The occurrences so far.
 * @returns The list.
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
