import type { TypedDataSigner } from "../kernel/identity/consent.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { RecordsContext } from "./context.js";
import { recordDomainOf } from "./domain.js";
import { isRecordsServerFailure } from "./failures.js";
import type { SignedRecord } from "./protocol/record.js";
import { signRecord } from "./protocol/record.js";
import { putRecord } from "./protocol/requests.js";
import { nextSequence } from "./sequence.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Seconds a record lives when the put names no lifetime (30 days). */
export const DEFAULT_RECORD_LIFETIME_SECONDS = 2_592_000;

/** Parameters of {@link put}. */
export interface PutParameters {
  /** The owner's key: an ethers `Wallet`, or any signer of EIP-712 typed data. */
  signer: TypedDataSigner;
  /** 1 to 64 bytes of letters, digits and `._:/-`, starting with a letter or digit. */
  name: string;
  /** The value: bytes, or text stored as UTF-8. */
  value: Uint8Array | string;
  /** Seconds the record lives. @default 2592000 (30 days) */
  lifetimeSeconds?: number | undefined;
  /**
   * The record's sequence; it must be higher than the one the servers hold.
   * @default the current time in milliseconds, above any sequence this client used before
   */
  sequence?: number | undefined;
  /** Cancels the put. */
  signal?: AbortSignal | undefined;
}

/** What {@link put} returns once a server has committed the record. */
export interface PutReturnType {
  /** The record as signed and stored. */
  record: SignedRecord;
  /** True when the server already held this record. */
  duplicate: boolean;
  /** The server that committed it. */
  server: VerifiedCandidate;
}

/**
 * Signs a record with the owner's key and stores it on the selected records server, failing over
 * to another on failure; returns once the server has durably committed it. Servers replicate it
 * among themselves.
 *
 * @param client - A records client.
 * @param parameters - Signer, name, value, lifetime, sequence.
 * @returns The record, whether it was a duplicate, and the server.
 * @throws InvalidRecordError, RecordTooLargeError or RecordExpiredError when the record breaks a rule.
 * @throws RecordStaleSequenceError when the server holds a higher sequence for the name.
 * @throws RecordQuotaExceededError when the owner is over its quota on the server.
 * @throws NoServerAvailableError when no records server could take it.
 * @example
 * ```ts
 * const { record } = await client.records.put({ signer: wallet, name: "profile", value: "{…}" });
 * ```
 */
export async function put(client: RecordsContext, parameters: PutParameters): Promise<PutReturnType> {
  const domain = recordDomainOf(client);
  const value =
    typeof parameters.value === "string" ? new TextEncoder().encode(parameters.value) : parameters.value;
  const lifetime = parameters.lifetimeSeconds ?? DEFAULT_RECORD_LIFETIME_SECONDS;
  const record = await signRecord(parameters.signer, domain, {
    name: parameters.name,
    value,
    sequence: parameters.sequence ?? nextSequence(client),
    expires: Math.floor(Date.now() / 1000) + lifetime,
    deleted: false,
  });
  return store(client, record, parameters.signal);
}

/**
 * Stores an already signed record on the selected records server, with failover.
 *
 * @param client - A records client.
 * @param record - The signed record.
 * @param signal - Cancels the put.
 * @returns The record, whether it was a duplicate, and the server.
 */
export async function store(
  client: RecordsContext,
  record: SignedRecord,
  signal?: AbortSignal,
): Promise<PutReturnType> {
  const domain = recordDomainOf(client);
  return client.withServer(
    async (server, options) => {
      const { duplicate } = await putRecord(
        client.host,
        peerIdsOf(client.host).parse(server.peerId),
        domain,
        record,
        {
          signal: options.signal,
          timeoutMs: client.options.requestTimeoutMs,
        },
      );
      return { record, duplicate, server };
    },
    { signal, isServerFailure: isRecordsServerFailure },
  );
}
