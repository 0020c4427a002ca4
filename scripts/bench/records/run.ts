import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";

import type { RecordDomain, SignedRecord } from "../../../client/records/protocol/record.js";
import { PG_URL_ENV } from "../../../node/config/postgres.js";
import { RECORDS_RUNTIME_KEY, RECORDS_STORE_FILE } from "../../../node/records/constants.js";
import type { RecordsStore } from "../../../node/records/store/types.js";
import type { NodeProcess } from "../../kit/nodeProcess.js";
import type { PostgresServer } from "../../kit/postgres.js";
import { startPostgres } from "../../kit/postgres.js";
import type { RegistryWorld } from "../../kit/registry.js";
import { TempDirs } from "../../kit/tempDirs.js";
import { measureLevel } from "../lib/closedLoop.js";
import { startLoadClient, startLoadClients, stopLoadClients } from "../lib/loadClient.js";
import { collectProfile } from "../lib/profile.js";
import { summarize } from "../lib/stats.js";
import type { RecordsBenchBackend, RecordsStoreSite } from "./backends.js";
import { NODE_SCHEMA, openBenchStore, REPLICA_SCHEMA, storeOptions } from "./backends.js";
import type { SignedSet } from "./fixtures.js";
import { signRecords } from "./fixtures.js";
import type { RecordLagSample } from "./lag.js";
import {
  measureRecordLag,
  NO_RECORDS_REPLICATION,
  reportsRecordsReplication,
  waitUntilReplicating,
} from "./lag.js";
import { putAll, timeReads } from "./load.js";
import { startRecordsNode } from "./node.js";
import type { BackendRun, GetFigures, LagFigures, PutLevel } from "./figures.js";
import { prefillRecords, timeStoreGets, timeStorePuts } from "./store.js";

/** Options of {@link runBackend}: what both backends share, signed once. */
export interface BackendRunInit {
  /** The store backend of this run. */
  backend: RecordsBenchBackend;
  /** The registry, with its chain. */
  world: RegistryWorld;
  /** The provider that registers the nodes. */
  providerId: bigint;
  /** The deployment the records are signed for. */
  domain: RecordDomain;
  /** The records the store is filled with before the node starts. */
  fill: SignedSet;
  /** The records of the store's put floor. */
  floorSet: SignedSet;
  /** Records put before the timed puts. */
  warmup: SignedSet;
  /** One set of records per concurrency level, each put by `clients` clients. */
  levels: readonly { clients: number; set: SignedSet }[];
  /** Held keys the gets read, in this order; the first `warmupCount` are read untimed first too. */
  keys: readonly { owner: string; name: string }[];
  /** Gets before the timed ones. */
  warmupCount: number;
  /** Records whose replication lag is measured (signed in the run, after the replica starts). */
  lagSamples: number;
  /** Names per owner among the lag records. */
  putsPerOwner: number;
  /** The bench's `serviceOptions.records`, beside the store's. */
  records: Record<string, unknown>;
  /** Record a CPU profile of the node. */
  profile: boolean;
}

/**
 * One backend's run, start to end: a fresh store (a SQLite file in the node's data folder, or a
 * throwaway PostgreSQL server on 127.0.0.1 started here), filled through the store; the store's
 * get and put floors on it; then a node on it, its gets, its put levels and the replication lag
 * to a second node on the same backend. Everything started here is stopped before it returns or
 * throws, the PostgreSQL server last.
 *
 * @param init - The backend, the registry, the pre-signed records and the settings.
 * @returns The backend's figures.
 */
export async function runBackend(init: BackendRunInit): Promise<BackendRun> {
  const { backend } = init;
  const dirs = new TempDirs(`waymark-bench-records-${backend}-`);
  const nodes: NodeProcess[] = [];
  let postgres: PostgresServer | undefined;
  let forgetServer = (): void => undefined;
  const profileDir = init.profile
    ? await mkdtemp(join(tmpdir(), `waymark-bench-profile-${backend}-`))
    : undefined;
  try {
    if (backend === "postgres") {
      postgres = await startPostgres();
      forgetServer = stopOnExit(postgres);
    }
    const dataDir = await dirs.make();
    const site = await storeSite(dataDir, postgres, NODE_SCHEMA);
    const prefill = await prefillRecords(site, init.fill.records, init.fill.owners);
    console.error(
      `records (${backend}): ${prefill.records} records stored in ${prefill.seconds.toFixed(1)} s`,
    );
    const open = async (): Promise<RecordsStore> => openBenchStore(site);
    await timeStoreGets(open, init.keys.slice(0, init.warmupCount));
    const storeGetMs = await timeStoreGets(open, init.keys);
    const storePutMs = await timeStorePuts(open, init.floorSet.records);

    const env = postgres === undefined ? undefined : { [PG_URL_ENV]: postgres.url };
    const node = await startRecordsNode({
      world: init.world,
      providerId: init.providerId,
      dir: dataDir,
      records: { ...init.records, ...storeOptions(site) },
      env,
      cpuProfileDir: profileDir,
    });
    nodes.push(node);
    const gets = await measureGets(init, node, storeGetMs);
    console.error(`records (${backend}): gets done`);
    const levels: PutLevel[] = [];
    for (const level of init.levels) {
      levels.push(await measurePutLevel(init, node, level.clients, level.set.records));
      console.error(`records (${backend}): ${level.clients} clients done`);
    }
    const replicaDir = await dirs.make();
    const lag = await replicationLag(init, node, {
      dir: replicaDir,
      site: await storeSite(replicaDir, postgres, REPLICA_SCHEMA),
      env,
      nodes,
    });
    await Promise.all(nodes.splice(0).map(async (running) => running.stop()));
    return {
      backend,
      levels,
      floors: { storePutMs: summarize(storePutMs), pingMs: gets.pingMs },
      prefill,
      gets,
      lag,
      nodeStartSeconds: node.startSeconds,
      profile: await collectProfile(profileDir),
    };
  } finally {
    await Promise.all(nodes.map(async (running) => running.stop()));
    await postgres?.stop();
    forgetServer();
    await dirs.cleanup();
  }
}

/**
 * Where a node's store goes: `records.sqlite` under the data folder's records service folder, or
 * a schema of the PostgreSQL server.
 */
async function storeSite(
  dataDir: string,
  postgres: PostgresServer | undefined,
  schema: string,
): Promise<RecordsStoreSite> {
  if (postgres !== undefined) return { backend: "postgres", url: postgres.url, schema };
  const serviceDir = join(dataDir, "services", RECORDS_RUNTIME_KEY);
  await mkdir(serviceDir, { recursive: true, mode: 0o700 });
  return { backend: "sqlite", path: join(serviceDir, RECORDS_STORE_FILE) };
}

/**
 * Asks the PostgreSQL server to stop (fast shutdown) if this process exits before the run stops
 * it: after an uncaught error, or on SIGINT or SIGTERM (the node processes' exit hook turns those
 * into an exit).
 *
 * @returns Removes the hook, once the server is stopped.
 */
function stopOnExit(server: PostgresServer): () => void {
  const hook = (): void => {
    try {
      process.kill(server.pid, "SIGINT");
    } catch {
      // Already gone.
    }
  };
  process.on("exit", hook);
  return () => {
    process.off("exit", hook);
  };
}

/** The gets, over one connection, and the put warm-up on it. */
async function measureGets(
  init: BackendRunInit,
  node: NodeProcess,
  storeGetMs: number[],
): Promise<GetFigures> {
  const peer = peerIdFromString(node.peerId);
  // The gets are timed beside pings of this client's own: libp2p's monitor must not ping too.
  const reader = await startLoadClient(node.multiaddr, { connectionMonitor: false });
  try {
    await timeReads(reader, peer, init.domain, init.keys.slice(0, init.warmupCount));
    const reads = await timeReads(reader, peer, init.domain, init.keys);
    const warm = await putAll([reader], peer, init.domain, init.warmup.records);
    if (warm.errors > 0) throw new Error(`warm-up puts failed: ${warm.firstError ?? ""}`);
    return {
      storeMs: summarize(storeGetMs),
      missMs: summarize(reads.missMs),
      wireMs: summarize(reads.wireMs),
      verifiedMs: summarize(reads.verifiedMs),
      pingMs: summarize(reads.pingMs),
    };
  } finally {
    await reader.host.stop();
  }
}

/** One concurrency level of puts: `count` clients put `records`, one in flight each. */
async function measurePutLevel(
  init: BackendRunInit,
  node: NodeProcess,
  count: number,
  records: readonly SignedRecord[],
): Promise<PutLevel> {
  const clients = await startLoadClients(node.multiaddr, count);
  try {
    const { run, level } = await measureLevel(node.pid, count, async () =>
      putAll(clients, peerIdFromString(node.peerId), init.domain, records),
    );
    // In the order results/records.json has always had.
    const { clients: putters, seconds, acknowledged, perSecond, ...rest } = level;
    return {
      clients: putters,
      puts: records.length,
      seconds,
      acknowledged,
      perSecond,
      duplicates: run.duplicates,
      ...rest,
    };
  } finally {
    await stopLoadClients(clients);
  }
}

/** What the replica needs: its data folder and store, its environment, and the run's node list. */
interface ReplicaPlace {
  dir: string;
  site: RecordsStoreSite;
  env: Record<string, string> | undefined;
  /** The run's running nodes, which the replica joins (the run stops them). */
  nodes: NodeProcess[];
}

/**
 * The time from a put's acknowledgement on the first node to the record being readable on a
 * second one on the same backend (its own store), when the records service replicates; otherwise
 * why it was skipped.
 */
async function replicationLag(
  init: BackendRunInit,
  origin: NodeProcess,
  place: ReplicaPlace,
): Promise<LagFigures> {
  if (!reportsRecordsReplication(await origin.status())) {
    console.error(`records (${init.backend}): replication lag ${NO_RECORDS_REPLICATION}`);
    return { skipped: NO_RECORDS_REPLICATION };
  }
  const replica = await startRecordsNode({
    world: init.world,
    providerId: init.providerId,
    dir: place.dir,
    records: { ...init.records, ...storeOptions(place.site) },
    env: place.env,
    bootstrap: origin.multiaddrs,
    name: "waymark-node 2",
  });
  place.nodes.push(replica);
  await waitUntilReplicating([origin, replica]);
  const { records } = await signRecords(init.domain, init.lagSamples, init.putsPerOwner, "lag");
  const client = await startLoadClient(origin.multiaddr);
  try {
    const links = {
      origin: { peer: peerIdFromString(origin.peerId), connection: client.connection },
      replica: {
        peer: peerIdFromString(replica.peerId),
        connection: await client.host.dial(multiaddr(replica.multiaddr)),
      },
    };
    const samples: RecordLagSample[] = [];
    for (const record of records)
      samples.push(await measureRecordLag(links.origin, links.replica, init.domain, record));
    return {
      samples: samples.length,
      ackMs: summarize(samples.map((sample) => sample.ackMs)),
      lagMs: summarize(samples.map((sample) => sample.lagMs)),
    };
  } finally {
    await client.host.stop();
  }
}
