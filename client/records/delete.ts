import type { TypedDataSigner } from "../kernel/identity/consent.js";
import type { RecordsContext } from "./context.js";
import { recordDomainOf } from "./domain.js";
import { get } from "./get.js";
import type { PutReturnType } from "./put.js";
import { DEFAULT_RECORD_LIFETIME_SECONDS, store } from "./put.js";
import { signRecord } from "./protocol/record.js";
import { nextSequence } from "./sequence.js";

/** Parameters of {@link deleteRecord}. */
export interface DeleteParameters {
  /** The owner's key. */
  signer: TypedDataSigner;
  /** The record's name. */
  name: string;
  /** Cancels the deletion. */
  signal?: AbortSignal | undefined;
}

/**
 * Deletes a record: reads the newest one the servers hold, then stores the owner's signed
 * tombstone with a higher sequence, living at least as long as the record it replaces, so that no
 * server accepts the old record again while it could still be replayed.
 *
 * @param client - A records client.
 * @param parameters - Signer, name, signal.
 * @returns The tombstone as stored, and the server.
 * @throws RecordStaleSequenceError when a newer record arrived in between.
 * @throws NoServerAvailableError when no records server could take it.
 */
export async function deleteRecord(
  client: RecordsContext,
  parameters: DeleteParameters,
): Promise<PutReturnType> {
  const domain = recordDomainOf(client);
  const { record: current } = await get(client, {
    owner: parameters.signer.address,
    name: parameters.name,
    includeDeleted: true,
    signal: parameters.signal,
  });
  const now = Math.floor(Date.now() / 1000);
  const tombstone = await signRecord(parameters.signer, domain, {
    name: parameters.name,
    value: new Uint8Array(),
    sequence: nextSequence(client, current?.sequence),
    expires: Math.max(current?.expires ?? 0, now + DEFAULT_RECORD_LIFETIME_SECONDS),
    deleted: true,
  });
  return store(client, tombstone, parameters.signal);
}
