import { compare } from "uint8arrays/compare";

import { sample } from "../kernel/random/sample.js";
import type { VerifiedCandidate } from "../verification/types.js";
import type { RecordsContext } from "./context.js";
import { recordDomainOf } from "./domain.js";
import { isRecordsServerFailure } from "./failures.js";
import type { SignedRecord } from "./protocol/record.js";
import { getRecord } from "./protocol/requests.js";
import { peerIdsOf } from "../kernel/identity/peerIdCache.js";

/** Parameters of {@link get}. */
export interface GetParameters {
  /** The owner's address. */
  owner: string;
  /** The record's name. */
  name: string;
  /**
   * How many servers to ask: 2 asks a second usable server too and keeps the highest valid
   * sequence, so one server that lags or withholds a newer record is outvoted.
   * @default 2
   */
  servers?: 1 | 2 | undefined;
  /** Return a tombstone (the owner's signed deletion) instead of undefined. @default false */
  includeDeleted?: boolean | undefined;
  /** Cancels the read. */
  signal?: AbortSignal | undefined;
}

/** What {@link get} returns. */
export interface GetReturnType {
  /** The verified record with the highest sequence seen; undefined when none (or deleted). */
  record: SignedRecord | undefined;
  /** The servers that answered. */
  servers: VerifiedCandidate[];
}

/**
 * Reads a record from the selected records server (failing over on failure) and, by default, from
 * a second usable server at the same time, and keeps the record with the highest sequence. Every
 * record is verified by the client against its owner's signature: a server can withhold a record
 * but never forge or alter one. The second server is best effort: its failure never fails the read.
 *
 * @param client - A records client.
 * @param parameters - Owner, name, servers, tombstones, signal.
 * @returns The record (or undefined) and the servers that answered.
 * @throws NoServerAvailableError when no records server answered.
 * @example
 * ```ts
 * const { record } = await client.records.get({ owner: bob, name: "waymark:mail-key" });
 * ```
 */
export async function get(client: RecordsContext, parameters: GetParameters): Promise<GetReturnType> {
  const domain = recordDomainOf(client);
  const key = { owner: parameters.owner, name: parameters.name };
  const read = async (server: VerifiedCandidate, signal?: AbortSignal) =>
    getRecord(client.host, peerIdsOf(client.host).parse(server.peerId), domain, key, {
      signal,
      timeoutMs: client.options.requestTimeoutMs,
    });
  const wantSecond = (parameters.servers ?? 2) === 2;
  // When two servers are known already, both are asked at once.
  let second = wantSecond ? otherServer(client, client.pool.current?.server.peerId) : undefined;
  let secondRead = second === undefined ? undefined : settle(read(second, parameters.signal));
  const primary = await client.withServer(
    async (server, { signal }) => ({ server, record: await read(server, signal) }),
    { signal: parameters.signal, isServerFailure: isRecordsServerFailure },
  );
  if (wantSecond && (second === undefined || second.peerId === primary.server.peerId)) {
    second = otherServer(client, primary.server.peerId);
    secondRead = second === undefined ? undefined : settle(read(second, parameters.signal));
  }
  const servers = [primary.server];
  let record = primary.record;
  const other = await secondRead;
  if (second !== undefined && other?.ok === true) {
    servers.push(second);
    record = newer(record, other.value);
  }
  const shown = record?.deleted === true && parameters.includeDeleted !== true ? undefined : record;
  return { record: shown, servers };
}

/**
 * The newer of two verified records of one name: the higher sequence; at equal sequences the
 * larger signature, the rule servers use, so every reader picks the same one.
 *
 * @param a - A record, or undefined.
 * @param b - A record, or undefined.
 * @returns The newer one.
 */
export function newer(a: SignedRecord | undefined, b: SignedRecord | undefined): SignedRecord | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.sequence !== b.sequence) return a.sequence > b.sequence ? a : b;
  return compare(a.signature, b.signature) >= 0 ? a : b;
}

function otherServer(client: RecordsContext, except: string | undefined): VerifiedCandidate | undefined {
  const usable = client.pool.known.filter(
    (server) => server.trusted && server.peerId !== except && !client.pool.greyList.has(server.peerId),
  );
  return sample(usable, 1, Math.random)[0];
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await promise };
  } catch {
    return { ok: false };
  }
}
