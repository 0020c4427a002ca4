import { setTimeout } from "node:timers/promises";

import type { Libp2p, PeerId } from "@libp2p/interface";
import type { Ping } from "@libp2p/ping";
import { getBytes } from "ethers";

import { exchange } from "../../../client/records/protocol/exchange.js";
import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../../client/records/protocol/requests.js";
import type { LoadClient } from "../lib/loadClient.js";

/** What a closed-loop put run measured. */
export interface PutRun {
  /** Wall-clock time from the first put to the last acknowledgement, in ms. */
  readonly elapsedMs: number;
  /** Puts acknowledged (committed by the node). */
  readonly acknowledged: number;
  /** Puts the node answered as already held (none are expected: every record is new). */
  readonly duplicates: number;
  /** Puts that failed. */
  readonly errors: number;
  /** The name and message of the first error, if any. */
  readonly firstError: string | undefined;
  /** Latency of each acknowledged put, from sending to the acknowledgement, in ms. */
  readonly latenciesMs: number[];
}

/** How long a client pauses after a failed put before the next one. */
const ERROR_PAUSE_MS = 10;

/**
 * Closed loop: every client takes the next pre-signed record, puts it with `putRecord` (which
 * checks the record locally, as a client does, then waits for the node's acknowledgement) and
 * takes the next, until every record is sent; each client has one put in flight.
 *
 * @param clients - The clients, each with its connection to the node.
 * @param node - The node's peer id.
 * @param domain - The deployment the records are signed for.
 * @param records - Records the node does not hold yet.
 * @returns Acknowledgements, errors and latencies.
 */
export async function putAll(
  clients: readonly LoadClient[],
  node: PeerId,
  domain: RecordDomain,
  records: readonly SignedRecord[],
): Promise<PutRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let duplicates = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let record = records[next++]; record !== undefined; record = records[next++]) {
        const sent = performance.now();
        try {
          const { duplicate } = await putRecord(client.connection, node, domain, record);
          latenciesMs.push(performance.now() - sent);
          if (duplicate) duplicates += 1;
        } catch (err) {
          errors += 1;
          firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          // A client whose connection is gone fails at once: do not spin.
          await setTimeout(ERROR_PAUSE_MS);
        }
      }
    }),
  );
  return {
    elapsedMs: performance.now() - started,
    acknowledged: latenciesMs.length,
    duplicates,
    errors,
    firstError,
    latenciesMs,
  };
}

/** How a get is sent. */
export type GetWay = "wire" | "verified";

/**
 * Times gets of held keys, one at a time over one connection: `wire` sends the request and decodes
 * the answer (the node's work and the network), `verified` is `getRecord`, which also checks the
 * answer's signature as every client does.
 *
 * @param client - The client and its connection.
 * @param node - The node's peer id.
 * @param domain - The deployment.
 * @param keys - Keys the node holds, read in this order.
 * @param way - Wire only, or verified.
 * @returns Each get's time, in ms.
 * @throws Error when the node answers no record for a key; the records errors on failures.
 */
export async function timeGets(
  client: LoadClient,
  node: PeerId,
  domain: RecordDomain,
  keys: readonly { owner: string; name: string }[],
  way: GetWay,
): Promise<number[]> {
  const times: number[] = [];
  for (const key of keys) {
    const started = performance.now();
    const found =
      way === "verified"
        ? (await getRecord(client.connection, node, domain, key)) !== undefined
        : (
            await exchange(client.connection, node, "get", {
              get: { owner: getBytes(key.owner) as Uint8Array<ArrayBuffer>, name: key.name },
            })
          ).record !== undefined;
    times.push(performance.now() - started);
    if (!found) throw new Error(`the node holds no ${key.owner}/${key.name}`);
  }
  return times;
}

/**
 * Times libp2p pings of the node over the client's open connection: one round trip on a new
 * stream, the floor under any request.
 *
 * @param client - The client, connected to the node.
 * @param node - The node's peer id.
 * @param count - Pings to send, one at a time.
 * @returns Each round trip, in ms.
 */
export async function timePings(client: LoadClient, node: PeerId, count: number): Promise<number[]> {
  const host = client.host as Libp2p<{ ping: Ping }>;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await host.services.ping.ping(node);
    times.push(performance.now() - started);
  }
  return times;
}
