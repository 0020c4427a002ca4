import { decodeBytes32String, encodeBytes32String } from "ethers";

import { InvalidServiceNameError } from "../errors/input.js";

/** The mail service, version 1. */
export const MAIL_SERVICE = "mail/1";

/** The records service (signed records keyed by owner address), version 1. */
export const RECORDS_SERVICE = "records/1";

/** Lowercase letters, digits and `._/-`, starting with a letter or digit, 1 to 31 bytes. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9._/-]{0,30}$/;

/**
 * The registry's `bytes32` id of a service name: the name's ASCII, right-padded with zeros.
 *
 * @param service - A short name such as `mail/1`.
 * @returns The 0x-prefixed 32-byte id.
 * @throws InvalidServiceNameError when the name is empty, too long or has other characters.
 * @example
 * ```ts
 * serviceId("mail/1") // "0x6d61696c2f310000…"
 * ```
 */
export function serviceId(service: string): string {
  if (!SERVICE_NAME.test(service)) {
    throw new InvalidServiceNameError(
      service,
      "use 1 to 31 lowercase letters, digits or ._/- starting with a letter or digit",
    );
  }
  return encodeBytes32String(service);
}

/**
 * The service name behind a registry `bytes32` id.
 *
 * @param id - A 0x-prefixed 32-byte id.
 * @returns The name, or the id itself when it is not a valid name.
 */
export function serviceName(id: string): string {
  try {
    const name = decodeBytes32String(id);
    return SERVICE_NAME.test(name) ? name : id;
  } catch {
    return id;
  }
}
