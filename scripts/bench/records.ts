/**
 * `npm run bench:records`: the records/1 server, on both store backends in the same run (SQLite,
 * a file in the node's data folder; PostgreSQL, a throwaway server on 127.0.0.1 started and
 * stopped by the benchmark), or on one with `--backend sqlite|postgres`. Acknowledged puts per
 * second of pre-signed records into one real `waymark-node start --service records/1` process,
 * from 1 and more concurrent clients (each its own libp2p peer and connection, one put in flight),
 * beside what a put is made of, measured in the same run: `signRecord`, `verifyRecord`, the
 * backend's bare store `put` (flushed), a ping. Then get latency on a store of 20,000 records
 * (`--full`: 100,000) over many owners, on the store itself and over the network, beside a ping on
 * the same connection. Then the replication lag between two nodes on the same backend, when the
 * build's records service replicates. Prints each backend's figures side by side with their
 * floors and writes `results/records.json`. `--profile` records a CPU profile of each node and
 * prints where its time went.
 */
import type { RecordDomain, SignedRecord } from "../../client/records/protocol/record.js";
import { startChain } from "../kit/chain.js";
import { ensureBuilt } from "./lib/build.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { benchMode, hasFlag } from "./lib/mode.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { benchBackends } from "./records/backends.js";
import { signRecords, VALUE_BYTES } from "./records/fixtures.js";
import { RAISED_RECORDS_RATES } from "./records/node.js";
import type { BackendRun, SharedFloors } from "./records/figures.js";
import { renderRecords } from "./records/report.js";
import { runBackend } from "./records/run.js";
import { timeVerify } from "./records/store.js";

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

const backends = benchBackends();
await ensureBuilt();
const chain = await startChain();
const runs: BackendRun[] = [];
let floors: SharedFloors;
try {
  const world = await deployBenchRegistry(chain);
  const providerId = await world.addProvider();
  const domain: RecordDomain = { chainId: world.chainId, registry: world.address };

  // Everything is signed before any timing, once for both backends (each has its own store and
  // node); signing is the client's cost, reported on its own.
  const fill = await signRecords(domain, SETTINGS.storeRecords, STORE_NAMES_PER_OWNER, "fill");
  const floorSet = await signRecords(domain, SETTINGS.floorSamples, PUTS_PER_OWNER, "floor");
  const warmup = await signRecords(domain, WARMUP, PUTS_PER_OWNER, "warmup");
  const levels = [];
  for (const level of SETTINGS.levels)
    levels.push({
      clients: level.clients,
      set: await signRecords(domain, level.puts, PUTS_PER_OWNER, `put${level.clients}`),
    });
  console.error(`records: ${fill.records.length} + ${SETTINGS.floorSamples} + puts signed`);
  floors = {
    signMs: summarize(
      [fill, floorSet, warmup, ...levels.map((level) => level.set)].flatMap((set) => set.signMs),
    ),
    verifyMs: summarize(timeVerify(domain, fill.records.slice(0, SETTINGS.floorSamples))),
  };
  const keys = sampleKeys(fill.records, SETTINGS.getSamples);
  for (const backend of backends)
    runs.push(
      await runBackend({
        backend,
        world,
        providerId,
        domain,
        fill,
        floorSet,
        warmup,
        levels,
        keys,
        warmupCount: WARMUP,
        lagSamples: SETTINGS.lagSamples,
        putsPerOwner: PUTS_PER_OWNER,
        records: RECORDS_OPTIONS,
        profile: hasFlag("--profile"),
      }),
    );
} finally {
  await chain.close();
}

const settings = {
  backends,
  valueBytes: VALUE_BYTES,
  storeRecords: SETTINGS.storeRecords,
  storeNamesPerOwner: STORE_NAMES_PER_OWNER,
  putsPerOwner: PUTS_PER_OWNER,
  getSamples: SETTINGS.getSamples,
  floorSamples: SETTINGS.floorSamples,
  lagSamples: SETTINGS.lagSamples,
  warmup: WARMUP,
  inFlightPerClient: 1,
  durability: {
    sqlite: "one transaction per put, synchronous FULL (node defaults)",
    postgres: "group commit, each commit waiting for the WAL flush, fsync on (node defaults)",
  },
  recordsOptions: RECORDS_OPTIONS,
};
console.log(renderRecords({ settings, floors, runs }));
await writeResults("records", mode, { settings, floors, runs });

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
