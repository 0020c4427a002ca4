import { setTimeout } from "node:timers/promises";

import type { Libp2p, PeerId } from "@libp2p/interface";
import type { Ping } from "@libp2p/ping";
import { getBytes } from "ethers";

import { exchange } from "../../../client/records/protocol/exchange.js";
import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../../client/records/protocol/requests.js";
import type { ClosedLoopRun } from "../lib/closedLoop.js";
import type { LoadClient } from "../lib/loadClient.js";

/**
 * What a closed-loop put run measured: from the first put to the last acknowledgement; an item is
 * a put.
 */
export interface PutRun extends ClosedLoopRun {
  /** Puts the node answered as already held (none are expected: every record is new). */
  readonly duplicates: number;
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

/** One sample of each way of reading, in ms. */
export interface ReadTimes {
  /** A libp2p ping on the same connection (see {@link timePing}). */
  readonly pingMs: number[];
  /** A get of a name the owner does not have: the node answers no record (the protocol's floor). */
  readonly missMs: number[];
  /** A get, the answer decoded but not verified: the node's work and the network. */
  readonly wireMs: number[];
  /** `getRecord`, which also verifies the answer's signature, as every client does. */
  readonly verifiedMs: number[];
}

/**
 * Times gets of held keys over one connection, one request at a time, each key read twice (wire
 * only, then with `getRecord`) right after a libp2p ping and a get of a name the owner does not
 * have, on the same connection: the four are interleaved, so that a machine that slows down
 * meanwhile slows them all alike.
 *
 * @param client - The client and its connection.
 * @param node - The node's peer id.
 * @param domain - The deployment.
 * @param keys - Keys the node holds, read in this order.
 * @returns Each round trip's and each get's time, in ms.
 * @throws Error when the node answers no record for a key; the records errors on failures.
 */
export async function timeReads(
  client: LoadClient,
  node: PeerId,
  domain: RecordDomain,
  keys: readonly { owner: string; name: string }[],
): Promise<ReadTimes> {
  const times: ReadTimes = { pingMs: [], missMs: [], wireMs: [], verifiedMs: [] };
  for (const key of keys) {
    const owner = getBytes(key.owner) as Uint8Array<ArrayBuffer>;
    times.pingMs.push(await timePing(client, node));
    let started = performance.now();
    const miss = await exchange(client.connection, node, "get", {
      get: { owner, name: `${key.name}-absent` },
    });
    times.missMs.push(performance.now() - started);
    started = performance.now();
    const answer = await exchange(client.connection, node, "get", { get: { owner, name: key.name } });
    times.wireMs.push(performance.now() - started);
    started = performance.now();
    const record = await getRecord(client.connection, node, domain, key);
    times.verifiedMs.push(performance.now() - started);
    if (miss.record !== undefined) throw new Error(`the node holds ${key.owner}/${key.name}-absent`);
    if (answer.record === undefined || record === undefined)
      throw new Error(`the node holds no ${key.owner}/${key.name}`);
  }
  return times;
}

/**
 * Times one libp2p ping of the node over the client's open connection: a new stream of the ping
 * protocol (negotiated as a records request's stream is), 32 bytes there and back, and the close
 * of the stream on both sides. The floor the ping protocol gives under any request.
 *
 * @param client - The client, connected to the node.
 * @param node - The node's peer id.
 * @returns The wall-clock time of the ping, in ms.
 */
export async function timePing(client: LoadClient, node: PeerId): Promise<number> {
  const host = client.host as Libp2p<{ ping: Ping }>;
  const started = performance.now();
  await host.services.ping.ping(node);
  return performance.now() - started;
}
