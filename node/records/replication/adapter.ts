import { hexlify } from "ethers";

import {
  RecordExpiredError,
  RecordQuotaExceededError,
  RecordStaleSequenceError,
  RecordsInvalidQueryError,
  RecordsProtocolError,
} from "../../../client/records/protocol/errors.js";
import type { RecordDomain, RecordLimits, SignedRecord } from "../../../client/records/protocol/record.js";
import { recordFromWire, recordToWire, verifyRecord } from "../../../client/records/protocol/record.js";
import type { SignedRecord as WireRecord } from "../../../client/records/protocol/records.generated.js";
import type { ListingPosition, ReplicaPutOutcome, ReplicationAdapter } from "../../replication/adapter.js";
import {
  KEY_HASH_BYTES,
  MAX_POSITION,
  parseListedId,
  positionOf,
  recordKeyHash,
} from "../store/replicaKey.js";
import type { RecordsStore } from "../store/types.js";
import { RECORDS_SYNC_PROTOCOL_1_0 } from "../sync/constants.js";
import { RECORDS_REPLICATION_ERRORS } from "./errors.js";

/** Bytes a record takes in a request frame beyond its name and value: owner, signature, numbers, tags. */
const RECORD_WIRE_OVERHEAD = 160;

/** What {@link recordsReplicationAdapter} needs. */
export interface RecordsReplicationAdapterInit {
  store: RecordsStore;
  /** The deployment records must be signed for. */
  domain: RecordDomain;
  /** The node's own limits of a record (name, value, lifetime). */
  limits: RecordLimits;
  /**
   * Called for each record a peer sent that this node refuses, with why: the code of the rule it
   * broke (`bad_signature`, `expired`, `invalid_record`, `too_large`), `stale_sequence` when a
   * higher version is held, or the store's limit (`records`, `bytes`, `capacity`).
   */
  onRefused?(reason: string): void;
}

/**
 * Records as the replication core sees them: an item is a signed record, keyed by (owner, name),
 * versioned by its sequence (ties broken by the larger signature, as the store orders them),
 * positioned by the first six bytes of keccak-256(owner ‖ name), so that ranges slice the key
 * space; a listed id is the key hash, the sequence and the head of the signature. A record a peer
 * sends is verified as a client's put is (`verifyRecord` under the node's domain, with its limits
 * and its clock): what fails, has expired, or is older than what is held is refused and counted.
 * The store evicts nothing (floor 0) and has no time axis, so every round covers the whole key
 * space. The records travel in `/waymark/records/sync/1.0.0` (see `recordsSyncTransport`).
 *
 * @param init - Store, domain, limits.
 * @returns The adapter.
 */
export function recordsReplicationAdapter(
  init: RecordsReplicationAdapterInit,
): ReplicationAdapter<WireRecord, SignedRecord> {
  const { store, domain, limits } = init;
  const refused = (reason: string): void => init.onRefused?.(reason);
  const whole = { from: 0, to: MAX_POSITION };
  return {
    label: "records server",
    syncProtocol: RECORDS_SYNC_PROTOCOL_1_0,
    store: {
      digest: async (range, buckets) => store.digest(range.from, range.to, buckets),
      missing: async (ids) => store.missing(ids),
      listIds: async (range, after, limit) => {
        const page = await store.listIds(range.from, range.to, after && toReplicaPosition(after), limit);
        const last = page.ids.at(-1);
        return {
          ids: page.ids,
          next: page.next && last !== undefined ? { position: page.next.position, id: last } : undefined,
        };
      },
      get: async (ids, maxBytes) => store.getListed(ids, maxBytes),
      // One at a time, in order: each put is its own transaction, as a client's put is.
      put: async (records) => {
        const outcomes: ReplicaPutOutcome[] = [];
        for (const record of records) outcomes.push(await putOne(store, record, refused));
        return outcomes;
      },
      floor: () => 0,
      getMeta: async (key) => store.getMeta(key),
      setMeta: async (key, value) => store.setMeta(key, value),
    },
    ranges: { all: () => ({ ...whole }), since: () => ({ ...whole }) },
    parseId: (id) => {
      const listed = parseListedId(id);
      return listed === undefined ? undefined : { key: hexlify(listed.keyHash), version: listed.sequence };
    },
    identify: (record) => ({
      key: hexlify(recordKeyHash(record.owner, record.name)),
      version: record.sequence,
    }),
    versioned: true,
    encodeCursor: (position) => position.id,
    decodeCursor: (cursor) => {
      const listed = parseListedId(cursor);
      if (listed === undefined) throw new RecordsInvalidQueryError("The cursor is not a listed record id");
      return { position: positionOf(listed.keyHash), id: cursor };
    },
    toItem: recordToWire,
    frameBytes: (record) => record.value.byteLength + record.name.length + RECORD_WIRE_OVERHEAD,
    quotaBytes: (record) => record.value.byteLength + record.name.length,
    verify: (wire, _from, now) => {
      try {
        return {
          ok: true,
          stored: verifyRecord(domain, recordFromWire(wire), limits, Math.floor(now / 1000)),
        };
      } catch (err) {
        if (!(err instanceof RecordsProtocolError)) throw err;
        refused(err.code.toLowerCase());
        return { ok: false, error: err };
      }
    },
    errors: RECORDS_REPLICATION_ERRORS,
  };
}

/** Stores one verified record; a store's refusal is an outcome, a failure of the node throws. */
async function putOne(
  store: RecordsStore,
  record: SignedRecord,
  refused: (reason: string) => void,
): Promise<ReplicaPutOutcome> {
  try {
    return await store.put(record);
  } catch (err) {
    if (err instanceof RecordStaleSequenceError) {
      refused("stale_sequence");
      return "stale";
    }
    if (err instanceof RecordQuotaExceededError || err instanceof RecordExpiredError) {
      refused(err.limit ?? err.code.toLowerCase());
      return "refused";
    }
    throw err;
  }
}

function toReplicaPosition(position: ListingPosition): { position: number; keyHash: Uint8Array } {
  return { position: position.position, keyHash: position.id.subarray(0, KEY_HASH_BYTES) };
}
