/**
 * `npm run bench:records`: the records/1 server. Acknowledged puts per second of pre-signed records
 * into one real `waymark-node start --service records/1` process, from 1 and more concurrent
 * clients (each its own libp2p peer and connection, one put in flight), beside what a put is made
 * of, measured in the same run: `signRecord`, `verifyRecord`, a bare `SqliteRecordsStore.put` with
 * fsync, a ping. Then get latency on a store of 20,000 records (`--full`: 100,000) over many owners,
 * on the store itself and over the network, beside a ping on the same connection. Then the
 * replication lag between two nodes, when the build's records service replicates. Writes
 * `results/records.json`. `--profile` records a CPU profile of the node and prints where its time
 * went.
 */
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";

import type { RecordDomain, SignedRecord } from "../../client/records/protocol/record.js";
import { RECORDS_RUNTIME_KEY, RECORDS_STORE_FILE } from "../../node/records/constants.js";
import { SqliteRecordsStore } from "../../node/records/store/sqliteRecordsStore.js";
import type { RecordsStore } from "../../node/records/store/types.js";
import { startChain } from "../kit/chain.js";
import type { NodeProcess } from "../kit/nodeProcess.js";
import type { RegistryWorld } from "../kit/registry.js";
import { TempDirs } from "../kit/tempDirs.js";
import { ensureBuilt } from "./lib/build.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { startLoadClient, startLoadClients, stopLoadClients } from "./lib/loadClient.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { benchMode, hasFlag } from "./lib/mode.js";
import { coresUsed, ProcessMonitor } from "./lib/procStats.js";
import { collectProfile } from "./lib/profile.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { signRecords, VALUE_BYTES } from "./records/fixtures.js";
import {
  measureRecordLag,
  NO_RECORDS_REPLICATION,
  reportsRecordsReplication,
  waitUntilReplicating,
} from "./records/lag.js";
import type { RecordLagSample } from "./records/lag.js";
import { putAll, timeReads } from "./records/load.js";
import { RAISED_RECORDS_RATES, startRecordsNode } from "./records/node.js";
import type { GetFigures, LagFigures, PutLevel, RecordsReport } from "./records/report.js";
import { renderRecords } from "./records/report.js";
import { prefillRecords, timeStoreGets, timeStorePuts, timeVerify } from "./records/store.js";

const mode = benchMode();
const SETTINGS = {
  quick: {
    storeRecords: 20_000,
    levels: [
      { clients: 1, puts: 200 },
      { clients: 32, puts: 1_000 },
    ],
    floorSamples: 300,
    getSamples: 500,
    lagSamples: 40,
  },
  full: {
    storeRecords: 100_000,
    levels: [
      { clients: 1, puts: 1_000 },
      { clients: 32, puts: 4_000 },
      { clients: 256, puts: 4_000 },
    ],
    floorSamples: 1_000,
    getSamples: 3_000,
    lagSamples: 200,
  },
}[mode];
/** Names per owner in the prefilled store: a profile, keys, addresses. */
const STORE_NAMES_PER_OWNER = 20;
/** Names per owner among the timed puts: within the per-owner burst (10), so its rate never bites. */
const PUTS_PER_OWNER = 8;
/** Puts, gets and pings before the timed ones (connections, JIT, caches). */
const WARMUP = 100;
/** Records service options beside the defaults: per-peer and per-address rates out of the way. */
const RECORDS_OPTIONS = { ...RAISED_RECORDS_RATES };

await ensureBuilt();
const profileDir = hasFlag("--profile") ? await mkdtemp(join(tmpdir(), "waymark-bench-profile-")) : undefined;
const chain = await startChain();
const dirs = new TempDirs("waymark-bench-records-");
const nodes: NodeProcess[] = [];
const levels: PutLevel[] = [];
let report: Omit<RecordsReport, "levels" | "settings" | "profile"> | undefined;
try {
  const world = await deployBenchRegistry(chain);
  const providerId = await world.addProvider();
  const domain: RecordDomain = { chainId: world.chainId, registry: world.address };

  // Everything is signed before any timing; signing is the client's cost, reported on its own.
  const fill = await signRecords(domain, SETTINGS.storeRecords, STORE_NAMES_PER_OWNER, "fill");
  const floorSet = await signRecords(domain, SETTINGS.floorSamples, PUTS_PER_OWNER, "floor");
  const warmup = await signRecords(domain, WARMUP, PUTS_PER_OWNER, "warmup");
  const levelSets = [];
  for (const level of SETTINGS.levels)
    levelSets.push(await signRecords(domain, level.puts, PUTS_PER_OWNER, `put${level.clients}`));
  console.error(`records: ${fill.records.length} + ${SETTINGS.floorSamples} + puts signed`);

  const verifyMs = timeVerify(domain, fill.records.slice(0, SETTINGS.floorSamples));
  const dataDir = await dirs.make();
  const serviceDir = join(dataDir, "services", RECORDS_RUNTIME_KEY);
  await mkdir(serviceDir, { recursive: true, mode: 0o700 });
  const storePath = join(serviceDir, RECORDS_STORE_FILE);
  const prefill = await prefillRecords(storePath, fill.records, fill.owners);
  console.error(`records: ${prefill.records} records stored in ${prefill.seconds.toFixed(1)} s`);
  const keys = sampleKeys(fill.records, SETTINGS.getSamples);
  const openSqlite = async (): Promise<RecordsStore> =>
    Promise.resolve(new SqliteRecordsStore({ path: storePath }));
  await timeStoreGets(openSqlite, keys.slice(0, WARMUP));
  const storeGetMs = await timeStoreGets(openSqlite, keys);
  const storePutMs = await timeStorePuts(openSqlite, floorSet.records);

  const node = await startRecordsNode({
    world,
    providerId,
    dir: dataDir,
    records: RECORDS_OPTIONS,
    cpuProfileDir: profileDir,
  });
  nodes.push(node);
  const peer = peerIdFromString(node.peerId);
  const reader = await startLoadClient(node.multiaddr);
  let gets: GetFigures;
  try {
    await timeReads(reader, peer, domain, keys.slice(0, WARMUP));
    const reads = await timeReads(reader, peer, domain, keys);
    gets = {
      storeMs: summarize(storeGetMs),
      missMs: summarize(reads.missMs),
      wireMs: summarize(reads.wireMs),
      verifiedMs: summarize(reads.verifiedMs),
      pingMs: summarize(reads.pingMs),
    };
    const warm = await putAll([reader], peer, domain, warmup.records);
    if (warm.errors > 0) throw new Error(`warm-up puts failed: ${warm.firstError ?? ""}`);
  } finally {
    await reader.host.stop();
  }
  console.error("records: gets done");

  for (const [index, level] of SETTINGS.levels.entries()) {
    const records = levelSets[index]?.records ?? [];
    const clients = await startLoadClients(node.multiaddr, level.clients);
    try {
      const monitor = new ProcessMonitor(node.pid);
      const before = monitor.start();
      const ownBefore = process.cpuUsage();
      const machineBefore = sampleMachine();
      const run = await putAll(clients, peer, domain, records);
      const machine = machineLoad(machineBefore, sampleMachine());
      const own = process.cpuUsage(ownBefore);
      const { last, peakRssBytes } = monitor.stop();
      const nodeCores = coresUsed(before, last);
      const generatorCores = (own.user + own.system) / 1000 / run.elapsedMs;
      levels.push({
        clients: level.clients,
        puts: records.length,
        seconds: run.elapsedMs / 1000,
        acknowledged: run.acknowledged,
        perSecond: run.acknowledged / (run.elapsedMs / 1000),
        duplicates: run.duplicates,
        errors: run.errors,
        firstError: run.firstError,
        latencyMs: summarize(run.latenciesMs),
        nodeCores,
        nodeRssBytes: last.rssBytes,
        nodePeakRssBytes: peakRssBytes,
        generatorCores,
        otherCores: Math.max(0, machine.busyCores - nodeCores - generatorCores),
      });
      console.error(`records: ${level.clients} clients done`);
    } finally {
      await stopLoadClients(clients);
    }
  }

  const lag = await replicationLag(world, providerId, domain, node);
  report = {
    floors: {
      signMs: summarize([fill, floorSet, warmup, ...levelSets].flatMap((set) => set.signMs)),
      verifyMs: summarize(verifyMs),
      storePutMs: summarize(storePutMs),
      pingMs: gets.pingMs,
    },
    prefill,
    gets,
    lag,
    nodeStartSeconds: node.startSeconds,
  };
} finally {
  await Promise.all(nodes.map(async (running) => running.stop()));
  await chain.close();
  await dirs.cleanup();
}

const profile = await collectProfile(profileDir);
const settings = {
  valueBytes: VALUE_BYTES,
  storeRecords: SETTINGS.storeRecords,
  storeNamesPerOwner: STORE_NAMES_PER_OWNER,
  putsPerOwner: PUTS_PER_OWNER,
  getSamples: SETTINGS.getSamples,
  floorSamples: SETTINGS.floorSamples,
  warmup: WARMUP,
  inFlightPerClient: 1,
  durability: "one transaction per put, synchronous FULL (node defaults)",
  recordsOptions: RECORDS_OPTIONS,
};
console.log(renderRecords({ ...report, levels, settings, profile }));
await writeResults("records", mode, { settings, levels, ...report, profile });

/**
 * Picks `count` records' keys at random (with repeats), so that gets land all over the store.
 *
 * @param records - The stored records.
 * @param count - How many keys.
 * @returns The keys.
 */
function sampleKeys(records: readonly SignedRecord[], count: number): { owner: string; name: string }[] {
  return Array.from({ length: count }, () => {
    const record = records[Math.floor(Math.random() * records.length)];
    if (record === undefined) throw new Error("no record to read");
    return { owner: record.owner, name: record.name };
  });
}

/**
 * The time from a put's acknowledgement on the first node to the record being readable on a
 * second one, when the records service replicates; otherwise why it was skipped.
 *
 * @param world - The registry.
 * @param providerId - The provider that registers the second node.
 * @param domain - The deployment.
 * @param origin - The running node.
 * @returns The lag figures, or the skipped line.
 */
async function replicationLag(
  world: RegistryWorld,
  providerId: bigint,
  domain: RecordDomain,
  origin: NodeProcess,
): Promise<LagFigures> {
  if (!reportsRecordsReplication(await origin.status())) {
    console.error(`records: replication lag ${NO_RECORDS_REPLICATION}`);
    return { skipped: NO_RECORDS_REPLICATION };
  }
  const replica = await startRecordsNode({
    world,
    providerId,
    dir: await dirs.make(),
    records: RECORDS_OPTIONS,
    bootstrap: origin.multiaddrs,
    name: "waymark-node 2",
  });
  nodes.push(replica);
  await waitUntilReplicating([origin, replica]);
  const { records } = await signRecords(domain, SETTINGS.lagSamples, PUTS_PER_OWNER, "lag");
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
      samples.push(await measureRecordLag(links.origin, links.replica, domain, record));
    return {
      samples: samples.length,
      ackMs: summarize(samples.map((sample) => sample.ackMs)),
      lagMs: summarize(samples.map((sample) => sample.lagMs)),
    };
  } finally {
    await client.host.stop();
  }
}
