import { getBytes } from "ethers";

import type { PeerTarget, StreamSource } from "../../kernel/protocol/roundTrip.js";
import type { RecordsRequestOptions } from "./exchange.js";
import { exchange } from "./exchange.js";
import { RecordsBadResponseError } from "./errors.js";
import type { RecordDomain, RecordLimits, SignedRecord } from "./record.js";
import { checkOwner, checkRecordName, recordFromWire, recordToWire, verifyRecord } from "./record.js";

/** Options of {@link putRecord}. */
export interface PutRecordOptions extends RecordsRequestOptions {
  /** Limits the record is checked against before it is sent. @default RECORDS_DEFAULTS */
  limits?: RecordLimits | undefined;
}

/** Options of {@link getRecord}. */
export interface GetRecordOptions extends RecordsRequestOptions {
  /** Limits the answer is checked against. @default RECORDS_DEFAULTS */
  limits?: RecordLimits | undefined;
}

/** One of an owner's names, as a node lists it. */
export interface RecordNameEntry {
  /** The name. */
  name: string;
  /** The sequence of the record the node holds. */
  sequence: number;
  /** Unix seconds after which the record is gone. */
  expires: number;
  /** Bytes in its value. */
  valueBytes: number;
}

/** A page of an owner's names. */
export interface RecordNamesPage {
  /** The names, in byte order. */
  entries: RecordNameEntry[];
  /** Pass to the next call for the next page; undefined at the end. */
  cursor: Uint8Array | undefined;
}

/**
 * Stores a signed record on a records node and waits for its acknowledgement, which the node sends
 * only after the record is durably committed.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param domain - The registry the record is signed for (checked locally first).
 * @param record - The signed record.
 * @param options - Signal, timeout and limits.
 * @returns Whether the node already held the record.
 * @throws InvalidRecordError, RecordTooLargeError, RecordExpiredError or RecordBadSignatureError when
 * the record breaks a rule (checked locally, then by the node with its own limits).
 * @throws RecordStaleSequenceError when the node holds a higher sequence for the name.
 * @throws RecordQuotaExceededError or RecordsRateLimitedError when the owner or peer is over a limit.
 * @throws RecordsUnreachableError, RecordsTimeoutError and the other records errors on other failures.
 */
export async function putRecord(
  source: StreamSource,
  peer: PeerTarget,
  domain: RecordDomain,
  record: SignedRecord,
  options: PutRecordOptions = {},
): Promise<{ duplicate: boolean }> {
  const checked = verifyRecord(domain, record, options.limits);
  const answer = await exchange(source, peer, "put", { put: { record: recordToWire(checked) } }, options);
  return { duplicate: answer.duplicate };
}

/**
 * Reads one record from a records node and verifies it: the owner and name must be the ones
 * asked for, and the signature must recover to the owner under the deployment's domain, so a node
 * can withhold a record but never forge one.
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param domain - The registry the record is signed for.
 * @param key - The owner and name.
 * @param options - Signal, timeout and limits.
 * @returns The verified record (a tombstone when the owner deleted it), or undefined when the node
 * holds none.
 * @throws RecordsBadResponseError when the node answers a record that is not the one asked for or
 * does not verify (its cause says why).
 */
export async function getRecord(
  source: StreamSource,
  peer: PeerTarget,
  domain: RecordDomain,
  key: { owner: string; name: string },
  options: GetRecordOptions = {},
): Promise<SignedRecord | undefined> {
  const owner = checkOwner(key.owner);
  checkRecordName(key.name, options.limits?.maxNameBytes);
  const answer = await exchange(
    source,
    peer,
    "get",
    { get: { owner: ownerBytes(owner), name: key.name } },
    options,
  );
  if (answer.record === undefined) return undefined;
  let record: SignedRecord;
  try {
    record = verifyRecord(domain, recordFromWire(answer.record), options.limits);
  } catch (err) {
    throw new RecordsBadResponseError("The node answered a record that does not verify", { cause: err });
  }
  if (record.owner !== owner || record.name !== key.name) {
    throw new RecordsBadResponseError(
      `The node answered ${record.owner}/${record.name}, not ${owner}/${key.name}`,
    );
  }
  return record;
}

/**
 * Lists one page of an owner's live names on a records node (what the node says it holds: read
 * each with {@link getRecord} to verify it).
 *
 * @param source - A libp2p host, or an open connection to the node.
 * @param peer - The node.
 * @param parameters - The owner, the previous page's cursor and the page size (0 for the node's).
 * @param options - Signal and timeout.
 * @returns The page.
 */
export async function listRecordNames(
  source: StreamSource,
  peer: PeerTarget,
  parameters: { owner: string; cursor?: Uint8Array | undefined; pageSize?: number | undefined },
  options: RecordsRequestOptions = {},
): Promise<RecordNamesPage> {
  const owner = checkOwner(parameters.owner);
  const answer = await exchange(
    source,
    peer,
    "list",
    {
      list: {
        owner: ownerBytes(owner),
        cursor: (parameters.cursor ?? new Uint8Array()) as Uint8Array<ArrayBuffer>,
        pageSize: parameters.pageSize ?? 0,
      },
    },
    options,
  );
  return {
    entries: answer.entries.map((entry) => ({
      name: entry.name,
      sequence: entry.sequence,
      expires: entry.expires,
      valueBytes: entry.valueBytes,
    })),
    cursor: answer.cursor.byteLength === 0 ? undefined : answer.cursor,
  };
}

function ownerBytes(owner: string): Uint8Array<ArrayBuffer> {
  return getBytes(owner) as Uint8Array<ArrayBuffer>;
}
