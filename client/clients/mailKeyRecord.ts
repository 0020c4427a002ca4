import { secp256k1 } from "@noble/curves/secp256k1.js";

import { EncryptionError, MailKeyNotPublishedError } from "../errors/client.js";
import type { TypedDataSigner } from "../kernel/identity/consent.js";
import type { RecordsContext } from "../records/context.js";
import { get } from "../records/get.js";
import type { PutReturnType } from "../records/put.js";
import { put } from "../records/put.js";
import { checkOwner } from "../records/protocol/record.js";

/** The record name under which an address publishes its mail public key. */
export const MAIL_KEY_RECORD = "mail/key";

/** Bytes of a compressed secp256k1 public key. */
const PUBLIC_KEY_BYTES = 33;

/**
 * Publishes a mail public key as a signed `records/1` record under the signer's address, so that
 * anyone can send encrypted mail to the address alone.
 *
 * @param client - A records client.
 * @param parameters - The owner's key, the mail public key (33 bytes), the record's lifetime.
 * @returns The stored record and the server.
 * @throws EncryptionError when the public key is not a valid compressed secp256k1 key.
 */
export async function publishMailKey(
  client: RecordsContext,
  parameters: {
    signer: TypedDataSigner;
    publicKey: Uint8Array;
    lifetimeSeconds?: number;
    signal?: AbortSignal;
  },
): Promise<PutReturnType> {
  checkPublicKey(parameters.publicKey);
  return put(client, {
    signer: parameters.signer,
    name: MAIL_KEY_RECORD,
    value: parameters.publicKey,
    lifetimeSeconds: parameters.lifetimeSeconds,
    signal: parameters.signal,
  });
}

/**
 * Looks up the mail public key an address published: reads the `mail/key` record from two
 * verified records servers, keeps the newest whose signature recovers to the address, and checks
 * the value is a public key.
 *
 * @param client - A records client.
 * @param address - The recipient's address.
 * @param signal - Cancels the lookup.
 * @returns The 33-byte public key to encrypt to.
 * @throws MailKeyNotPublishedError when no server holds one (or the owner deleted it).
 * @throws EncryptionError when the published value is not a public key.
 */
export async function lookupMailKey(
  client: RecordsContext,
  address: string,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const owner = checkOwner(address);
  const { record, servers } = await get(client, { owner, name: MAIL_KEY_RECORD, signal });
  if (record === undefined) throw new MailKeyNotPublishedError(owner, servers.length);
  checkPublicKey(record.value);
  return record.value;
}

function checkPublicKey(key: Uint8Array): void {
  if (key.byteLength !== PUBLIC_KEY_BYTES) {
    throw new EncryptionError(`A published mail key is a ${PUBLIC_KEY_BYTES}-byte compressed public key`);
  }
  try {
    secp256k1.Point.fromBytes(key);
  } catch (err) {
    throw new EncryptionError("The published mail key is not a secp256k1 public key", { cause: err });
  }
}
