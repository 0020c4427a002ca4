import type { TypedDataDomain, TypedDataField } from "ethers";
import { getAddress, getBytes, hexlify, Signature, verifyTypedData } from "ethers";

import type { TypedDataSigner } from "../../kernel/identity/consent.js";
import {
  MAX_SEQUENCE,
  OWNER_BYTES,
  RECORDS_DEFAULTS,
  RECORDS_DOMAIN_NAME,
  RECORDS_DOMAIN_VERSION,
  SIGNATURE_BYTES,
} from "./constants.js";
import {
  InvalidRecordError,
  RecordBadSignatureError,
  RecordExpiredError,
  RecordTooLargeError,
} from "./errors.js";
import type { SignedRecord as WireRecord } from "./records.generated.js";

/** The deployment records are signed for: the registry's chain and address. */
export interface RecordDomain {
  /** Chain id of the registry's chain. */
  chainId: bigint | number;
  /** Registry contract address (any case). */
  registry: string;
}

/** What an owner signs: the record without its signature. */
export interface RecordFields {
  /** The owner's Ethereum address (checksummed once checked). */
  owner: string;
  /** 1 to 64 bytes of letters, digits and `._:/-`, starting with a letter or digit. */
  name: string;
  /** Opaque bytes; empty in a tombstone. */
  value: Uint8Array;
  /** A higher sequence replaces a lower one for the same owner and name; 0 to 2^53 - 1. */
  sequence: number;
  /** Unix seconds after which the record is gone. */
  expires: number;
  /** True for a tombstone: the owner deleted the name. */
  deleted: boolean;
}

/** A record with its owner's signature: what nodes store and clients read. */
export interface SignedRecord extends RecordFields {
  /** The owner's 65-byte signature (r, s, v) over the EIP-712 typed data of the fields. */
  signature: Uint8Array;
}

/** Limits a record is checked against. */
export interface RecordLimits {
  /** @default RECORDS_DEFAULTS.maxNameBytes (64) */
  maxNameBytes?: number | undefined;
  /** @default RECORDS_DEFAULTS.maxValueBytes (4096) */
  maxValueBytes?: number | undefined;
  /** @default RECORDS_DEFAULTS.maxLifetimeSeconds (365 days) */
  maxLifetimeSeconds?: number | undefined;
}

/**
 * The EIP-712 types of a record. Typed data rather than EIP-191 personal messages: a wallet shows
 * the owner each field it signs, and the domain binds the signature to one registry on one chain,
 * so a record signed for one deployment is refused by the servers of every other.
 */
export const RECORD_TYPES: Record<string, TypedDataField[]> = {
  Record: [
    { name: "owner", type: "address" },
    { name: "name", type: "string" },
    { name: "value", type: "bytes" },
    { name: "sequence", type: "uint64" },
    { name: "expires", type: "uint64" },
    { name: "deleted", type: "bool" },
  ],
};

/** Letters, digits and `._:/-`, starting with a letter or digit (ASCII: characters are bytes). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

/**
 * The EIP-712 domain records of one deployment are signed under.
 *
 * @param domain - The registry's chain id and address.
 * @returns `{ name: "Waymark Records", version: "1", chainId, verifyingContract }`.
 */
export function recordDomain(domain: RecordDomain): TypedDataDomain {
  return {
    name: RECORDS_DOMAIN_NAME,
    version: RECORDS_DOMAIN_VERSION,
    chainId: BigInt(domain.chainId),
    verifyingContract: getAddress(domain.registry),
  };
}

/**
 * Checks a name against the protocol's rule.
 *
 * @param name - The name.
 * @param maxNameBytes - Longest name allowed.
 * @throws InvalidRecordError when it has other characters; RecordTooLargeError when it is too long.
 */
export function checkRecordName(name: string, maxNameBytes: number = RECORDS_DEFAULTS.maxNameBytes): void {
  if (!NAME.test(name)) {
    throw new InvalidRecordError(
      "A record name is letters, digits and ._:/- starting with a letter or digit",
    );
  }
  if (name.length > maxNameBytes) {
    throw new RecordTooLargeError(`A record name is at most ${maxNameBytes} bytes, not ${name.length}`, {
      limit: "name",
    });
  }
}

/**
 * Checks an owner address and returns it checksummed.
 *
 * @param owner - A 0x-prefixed address, or its 20 bytes.
 * @returns The checksummed address.
 * @throws InvalidRecordError when it is not an address.
 */
export function checkOwner(owner: string | Uint8Array): string {
  try {
    if (typeof owner !== "string" && owner.byteLength !== OWNER_BYTES) throw new Error("not 20 bytes");
    return getAddress(typeof owner === "string" ? owner : hexlify(owner));
  } catch {
    throw new InvalidRecordError("The owner is not an Ethereum address");
  }
}

/**
 * Checks a record's fields against the protocol's rules and the limits, at a given time.
 *
 * @param fields - The record's fields.
 * @param limits - Name and value sizes, longest lifetime.
 * @param nowSeconds - The current Unix time in seconds (the checker's own clock).
 * @returns The fields with the owner checksummed.
 * @throws InvalidRecordError, RecordTooLargeError or RecordExpiredError naming the rule broken.
 */
export function checkRecordFields<T extends RecordFields>(
  fields: T,
  limits: RecordLimits = {},
  nowSeconds: number = Math.floor(Date.now() / 1000),
): T {
  const owner = checkOwner(fields.owner);
  checkRecordName(fields.name, limits.maxNameBytes);
  const maxValueBytes = limits.maxValueBytes ?? RECORDS_DEFAULTS.maxValueBytes;
  if (fields.value.byteLength > maxValueBytes) {
    throw new RecordTooLargeError(
      `A record value is at most ${maxValueBytes} bytes, not ${fields.value.byteLength}`,
      { limit: "value" },
    );
  }
  if (fields.deleted && fields.value.byteLength > 0) {
    throw new InvalidRecordError("A tombstone carries no value");
  }
  if (!Number.isSafeInteger(fields.sequence) || fields.sequence < 0 || fields.sequence > MAX_SEQUENCE) {
    throw new InvalidRecordError(`A record sequence is an integer from 0 to ${MAX_SEQUENCE}`);
  }
  if (!Number.isSafeInteger(fields.expires) || fields.expires <= nowSeconds) {
    throw new RecordExpiredError("The record has expired");
  }
  const maxLifetimeSeconds = limits.maxLifetimeSeconds ?? RECORDS_DEFAULTS.maxLifetimeSeconds;
  if (fields.expires > nowSeconds + maxLifetimeSeconds) {
    throw new RecordExpiredError(`A record expires at most ${maxLifetimeSeconds} s ahead`);
  }
  return { ...fields, owner };
}

/**
 * Signs a record with its owner's key.
 *
 * @param owner - The owner's key (an ethers `Wallet`, or any signer of typed data).
 * @param domain - The registry the record is for.
 * @param fields - Everything but the owner and the signature.
 * @returns The signed record.
 * @example
 * ```ts
 * const record = await signRecord(wallet, { chainId, registry }, {
 *   name: "mail/key", value, sequence: 1, expires: now + 86_400, deleted: false });
 * ```
 */
export async function signRecord(
  owner: TypedDataSigner,
  domain: RecordDomain,
  fields: Omit<RecordFields, "owner">,
): Promise<SignedRecord> {
  const record = { ...fields, owner: getAddress(owner.address) };
  const signature = await owner.signTypedData(recordDomain(domain), RECORD_TYPES, typedMessage(record));
  return { ...record, signature: getBytes(signature) };
}

/**
 * The address a record's signature recovers to.
 *
 * @param domain - The registry the record is for.
 * @param record - The signed record.
 * @returns The checksummed signer address.
 * @throws RecordBadSignatureError when the signature is not a valid 65-byte signature.
 */
export function recordSigner(domain: RecordDomain, record: SignedRecord): string {
  if (record.signature.byteLength !== SIGNATURE_BYTES) {
    throw new RecordBadSignatureError(`A record signature is ${SIGNATURE_BYTES} bytes`);
  }
  try {
    return verifyTypedData(
      recordDomain(domain),
      RECORD_TYPES,
      typedMessage(record),
      Signature.from(hexlify(record.signature)),
    );
  } catch (err) {
    throw new RecordBadSignatureError("The record's signature is not valid", { cause: err });
  }
}

/**
 * Checks a signed record completely: its fields against the rules and limits, and its signature
 * against its owner under the deployment's domain. Nodes run it on every record they accept
 * (from clients and from other nodes); clients on every record they read.
 *
 * @param domain - The registry the record is for.
 * @param record - The record.
 * @param limits - Name and value sizes, longest lifetime.
 * @param nowSeconds - The checker's own Unix time in seconds.
 * @returns The record with the owner checksummed.
 * @throws InvalidRecordError, RecordTooLargeError, RecordExpiredError or RecordBadSignatureError.
 */
export function verifyRecord(
  domain: RecordDomain,
  record: SignedRecord,
  limits: RecordLimits = {},
  nowSeconds?: number,
): SignedRecord {
  const checked = checkRecordFields(record, limits, nowSeconds);
  const signer = recordSigner(domain, checked);
  if (signer !== checked.owner) {
    throw new RecordBadSignatureError(`The record is signed by ${signer}, not by its owner ${checked.owner}`);
  }
  return checked;
}

/**
 * A record as it travels.
 *
 * @param record - The signed record.
 * @returns The wire message.
 */
export function recordToWire(record: SignedRecord): WireRecord {
  return {
    owner: getBytes(checkOwner(record.owner)) as Uint8Array<ArrayBuffer>,
    name: record.name,
    value: record.value as Uint8Array<ArrayBuffer>,
    sequence: record.sequence,
    expires: record.expires,
    deleted: record.deleted,
    signature: record.signature as Uint8Array<ArrayBuffer>,
  };
}

/**
 * A record from the wire (not yet verified: call {@link verifyRecord}).
 *
 * @param wire - The wire message.
 * @returns The record.
 * @throws InvalidRecordError when the owner is not 20 bytes.
 */
export function recordFromWire(wire: WireRecord): SignedRecord {
  return {
    owner: checkOwner(wire.owner),
    name: wire.name,
    value: wire.value,
    sequence: wire.sequence,
    expires: wire.expires,
    deleted: wire.deleted,
    signature: wire.signature,
  };
}

function typedMessage(record: RecordFields): Record<string, unknown> {
  return {
    owner: record.owner,
    name: record.name,
    value: record.value,
    sequence: BigInt(record.sequence),
    expires: BigInt(record.expires),
    deleted: record.deleted,
  };
}
