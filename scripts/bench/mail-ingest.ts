/**
 * `npm run bench:mail-ingest`: acknowledged (durably committed) pushes per second of 1 KiB
 * envelopes into one real `waymark-node start` process over `/waymark/mail/1.0.0`, from 1, 100 and
 * 1,000 concurrent clients (each its own libp2p peer and connection, one push in flight), with the
 * node's CPU and RSS. Writes `results/mail-ingest.json`. `--full` runs longer windows; `--profile`
 * records a CPU profile of the node and prints where its time went.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";

import { ensureBuilt } from "./lib/build.js";
import { startLoadClients, stopLoadClients } from "./lib/loadClient.js";
import { RAISED_PEER_RATES, startMailBench } from "./lib/mailNode.js";
import { benchMode, hasFlag } from "./lib/mode.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { coresUsed, ProcessMonitor } from "./lib/procStats.js";
import { collectProfile } from "./lib/profile.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { PAYLOAD_BYTES, pushFor } from "./mail-ingest/load.js";
import type { IngestLevel } from "./mail-ingest/report.js";
import { INGEST_TARGET, renderIngest } from "./mail-ingest/report.js";

const mode = benchMode();
const SETTINGS = {
  quick: { clients: [1, 100, 1_000], warmupMs: 1_000, windowMs: 5_000 },
  full: { clients: [1, 100, 1_000], warmupMs: 2_000, windowMs: 20_000 },
}[mode];

/** Node options beside the defaults: connection limits for 1,000 peers on 127.0.0.1, raised per-peer rates. */
const NODE_CONFIG = { maxConnections: 20_000 };
const MAIL_OPTIONS = { ...RAISED_PEER_RATES };

await ensureBuilt();
const profileDir = hasFlag("--profile") ? await mkdtemp(join(tmpdir(), "waymark-bench-profile-")) : undefined;
const bench = await startMailBench({ config: NODE_CONFIG, mail: MAIL_OPTIONS, cpuProfileDir: profileDir });
const levels: IngestLevel[] = [];
let storedByNode: number | undefined;
try {
  const node = peerIdFromString(bench.node.peerId);
  for (const count of SETTINGS.clients) {
    const clients = await startLoadClients(bench.node.multiaddr, count);
    try {
      await pushFor(clients, node, SETTINGS.warmupMs);
      const monitor = new ProcessMonitor(bench.node.pid);
      const before = monitor.start();
      const ownBefore = process.cpuUsage();
      const machineBefore = sampleMachine();
      const run = await pushFor(clients, node, SETTINGS.windowMs);
      const machine = machineLoad(machineBefore, sampleMachine());
      const own = process.cpuUsage(ownBefore);
      const { last, peakRssBytes } = monitor.stop();
      const nodeCores = coresUsed(before, last);
      const generatorCores = (own.user + own.system) / 1000 / run.elapsedMs;
      levels.push({
        clients: count,
        seconds: run.elapsedMs / 1000,
        acknowledged: run.acknowledged,
        perSecond: run.acknowledged / (run.elapsedMs / 1000),
        errors: run.errors,
        firstError: run.firstError,
        latencyMs: summarize(run.latenciesMs),
        nodeCores,
        nodeRssBytes: last.rssBytes,
        nodePeakRssBytes: peakRssBytes,
        generatorCores,
        otherCores: Math.max(0, machine.busyCores - nodeCores - generatorCores),
      });
      console.error(`mail-ingest: ${count} clients done`);
    } finally {
      await stopLoadClients(clients);
    }
  }
  const status = await bench.node.status();
  storedByNode = (status.services as { mail?: { messages?: number } }).mail?.messages;
} finally {
  await bench.stop();
}

const profile = await collectProfile(profileDir);

const settings = {
  payloadBytes: PAYLOAD_BYTES,
  warmupMs: SETTINGS.warmupMs,
  windowMs: SETTINGS.windowMs,
  inFlightPerClient: 1,
  durability: "synchronous FULL, group commit (node defaults)",
  nodeConfig: NODE_CONFIG,
  mailOptions: MAIL_OPTIONS,
};
console.log(renderIngest({ levels, storedByNode: storedByNode ?? Number.NaN, settings, profile }));
await writeResults("mail-ingest", mode, { target: INGEST_TARGET, settings, levels, storedByNode, profile });
