import { randomBytes } from "node:crypto";

import { hexlify, Wallet } from "ethers";

import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { signRecord } from "../../../client/records/protocol/record.js";

/** Bytes of every record's value: a profile, a public key and a few addresses. */
export const VALUE_BYTES = 256;

/** A record lives a day: long past the run, well within the node's longest lifetime. */
const LIFETIME_SECONDS = 86_400;

/** Records pre-signed before any timing, and what signing them cost. */
export interface SignedSet {
  readonly records: SignedRecord[];
  /** Distinct owners among them. */
  readonly owners: number;
  /** Each record's `signRecord` time, in ms. */
  readonly signMs: number[];
}

/**
 * Signs `count` records of fresh random owners, `perOwner` names each (the last owner may have
 * fewer), with `signRecord` as a client does: distinct names, sequence 1, a 256-byte value.
 *
 * @param domain - The deployment the records are signed for.
 * @param count - Records to sign.
 * @param perOwner - Names per owner.
 * @param label - Prefix of the names, so that sets never share a key.
 * @returns The records, in owner order, and the time each took to sign.
 */
export async function signRecords(
  domain: RecordDomain,
  count: number,
  perOwner: number,
  label: string,
): Promise<SignedSet> {
  const expires = Math.floor(Date.now() / 1000) + LIFETIME_SECONDS;
  const records: SignedRecord[] = [];
  let owner: Wallet | undefined;
  let owners = 0;
  const signMs: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % perOwner === 0) {
      owner = new Wallet(hexlify(randomBytes(32)));
      owners += 1;
    }
    if (owner === undefined) throw new Error("no owner");
    const value = new Uint8Array(VALUE_BYTES);
    new DataView(value.buffer).setUint32(0, i);
    const started = performance.now();
    records.push(
      await signRecord(owner, domain, {
        name: `${label}/${i % perOwner}`,
        value,
        sequence: 1,
        expires,
        deleted: false,
      }),
    );
    signMs.push(performance.now() - started);
  }
  return { records, owners, signMs };
}
