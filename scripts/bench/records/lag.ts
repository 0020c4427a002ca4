import { setTimeout } from "node:timers/promises";

import type { Connection, PeerId } from "@libp2p/interface";

import type { NodeProcess } from "../../kit/nodeProcess.js";
import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { getRecord, putRecord } from "../../../client/records/protocol/requests.js";

/** The line printed, and written, when the node under test does not replicate records. */
export const NO_RECORDS_REPLICATION = "skipped: records/1 has no replication in this build";

/** A node as the measuring client sees it: its peer id and the client's connection to it. */
export interface RecordsLink {
  readonly peer: PeerId;
  readonly connection: Connection;
}

/** One record's way from one node to another. */
export interface RecordLagSample {
  /** Put to acknowledgement on the origin, in ms. */
  readonly ackMs: number;
  /** Acknowledgement to the first get on the replica that returns the record, in ms. */
  readonly lagMs: number;
}

/** Pause between two gets to the replica while waiting for a record. */
const POLL_PAUSE_MS = 2;

/** How long a sample waits for the record on the replica before it counts as lost. */
const GIVE_UP_MS = 30_000;

/**
 * Whether a records node replicates: its `/status` reports a `replication` section for the records
 * service, as the mail service does for mail.
 *
 * @param status - The node's `/status` document.
 * @returns True when the records service reports replication.
 */
export function reportsRecordsReplication(status: Record<string, unknown>): boolean {
  const services = status.services as { records?: { replication?: unknown } } | undefined;
  return services?.records?.replication !== undefined;
}

/**
 * The peers a records node replicates with, as its `/status` reports them.
 *
 * @param status - The node's `/status` document.
 * @returns The count; 0 when none is reported.
 */
export function recordsReplicationPeers(status: Record<string, unknown>): number {
  const services = status.services as { records?: { replication?: { peers?: number } } } | undefined;
  return services?.records?.replication?.peers ?? 0;
}

/**
 * Puts one record on `origin` and, from its acknowledgement, gets it from `replica` (again 2 ms
 * after each answer) until the replica returns it.
 *
 * @param origin - The node the record is put on.
 * @param replica - The node it must reach.
 * @param domain - The deployment.
 * @param record - A record neither node holds.
 * @returns The acknowledgement time and the lag.
 * @throws Error when the replica does not return the record within 30 s.
 */
export async function measureRecordLag(
  origin: RecordsLink,
  replica: RecordsLink,
  domain: RecordDomain,
  record: SignedRecord,
): Promise<RecordLagSample> {
  const sent = performance.now();
  await putRecord(origin.connection, origin.peer, domain, record);
  const acknowledged = performance.now();
  const key = { owner: record.owner, name: record.name };
  for (;;) {
    const held = await getRecord(replica.connection, replica.peer, domain, key);
    const now = performance.now();
    if (held?.sequence === record.sequence) return { ackMs: acknowledged - sent, lagMs: now - acknowledged };
    if (now - acknowledged > GIVE_UP_MS)
      throw new Error(`${record.owner}/${record.name} never reached ${replica.peer.toString()}`);
    await setTimeout(POLL_PAUSE_MS);
  }
}

/**
 * Waits until every node reports a replication peer for records.
 *
 * @param running - The nodes.
 * @throws Error when they do not within a minute.
 */
export async function waitUntilReplicating(running: readonly NodeProcess[]): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const peers = await Promise.all(
      running.map(async (node) => recordsReplicationPeers(await node.status())),
    );
    if (peers.every((count) => count >= running.length - 1)) return;
    if (performance.now() > deadline)
      throw new Error(`the records nodes did not find each other: ${peers.join(", ")}`);
    await setTimeout(200);
  }
}
