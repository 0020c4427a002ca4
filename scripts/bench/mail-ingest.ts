/**
 * `npm run bench:mail-ingest`: acknowledged (durably committed) pushes per second of 1 KiB
 * envelopes into one real `waymark-node start` process over `/waymark/mail/1.0.0`, on both store
 * backends side by side (SQLite in the node's data folder, and a throwaway PostgreSQL server): one
 * envelope per push from 1, 100 and 1,000 concurrent clients (each its own libp2p peer and
 * connection, one push in flight), and pushes of 16 envelopes (an outbox flush) from 1 and 100,
 * with the node's CPU and RSS and the load generator's CPU. In the same run, the two floors the
 * figures are reported against: a bare libp2p request/response echo of the same 1 KiB frame over
 * the same stack in its own process (no mail handler, no store), and each store alone in this
 * process (the same group-commit puts `bench:mail-store` measures). Writes `results/mail-ingest.json`.
 * `--full` runs longer windows; `--profile` records a CPU profile of each node and prints where its
 * time went.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";

import { ensureBuilt } from "./lib/build.js";
import { measureLevel } from "./lib/closedLoop.js";
import type { LoadClient } from "./lib/loadClient.js";
import { startLoadClients, stopLoadClients } from "./lib/loadClient.js";
import type { MailBenchBackend } from "./lib/mailNode.js";
import { RAISED_PEER_RATES, startMailBench } from "./lib/mailNode.js";
import { benchMode, hasFlag } from "./lib/mode.js";
import type { ProfileSummary } from "./lib/profile.js";
import { collectProfile } from "./lib/profile.js";
import { writeResults } from "./lib/results.js";
import { echoStep, startEchoServer } from "./mail-ingest/echoFloor.js";
import type { LoadStep } from "./mail-ingest/load.js";
import { PAYLOAD_BYTES, pushStep, runFor } from "./mail-ingest/load.js";
import type { BackendRun, IngestLevel } from "./mail-ingest/report.js";
import { INGEST_TARGET, renderIngest } from "./mail-ingest/report.js";
import { measureStoreFloor } from "./mail-ingest/storeFloor.js";

const mode = benchMode();
const SETTINGS = {
  quick: { single: [1, 100, 1_000], batched: [1, 100], floorClients: 100, warmupMs: 1_000, windowMs: 5_000 },
  full: { single: [1, 100, 1_000], batched: [1, 100], floorClients: 100, warmupMs: 2_000, windowMs: 20_000 },
}[mode];
/** Envelopes per push at the batched levels. */
const BATCH = 16;
const BACKENDS: readonly MailBenchBackend[] = ["sqlite", "postgres"];

/** Node options beside the defaults: connection limits for 1,000 peers on 127.0.0.1, raised per-peer rates. */
const NODE_CONFIG = { maxConnections: 20_000 };
const MAIL_OPTIONS = { ...RAISED_PEER_RATES };
/** Load clients connect 16 at a time, and retry a handshake that times out on a loaded machine. */
const CONNECT = { concurrency: 16, attempts: 5 };

/** Warms up, then measures one closed-loop level against the server process `pid`. */
async function measureIngestLevel(
  clients: readonly LoadClient[],
  pid: number,
  step: LoadStep,
  perPush: number,
): Promise<IngestLevel> {
  await runFor(clients, SETTINGS.warmupMs, step, perPush);
  const { run, level } = await measureLevel(pid, clients.length, async () =>
    runFor(clients, SETTINGS.windowMs, step, perPush),
  );
  // In the order results/mail-ingest.json has always had.
  const { clients: count, seconds, acknowledged, perSecond, ...rest } = level;
  const requestsPerSecond = run.requests / seconds;
  return {
    clients: count,
    envelopesPerPush: perPush,
    seconds,
    acknowledged,
    perSecond,
    requestsPerSecond,
    ...rest,
  };
}

/** Starts `count` load clients on `multiaddr`, measures, and stops them. */
async function withClients<T>(
  multiaddr: string,
  count: number,
  work: (clients: LoadClient[]) => Promise<T>,
): Promise<T> {
  const clients = await startLoadClients(multiaddr, count, CONNECT);
  try {
    return await work(clients);
  } finally {
    await stopLoadClients(clients);
  }
}

await ensureBuilt();

// The network floor: the same frames, clients and stack, echoed by a bare libp2p host.
const echo = await startEchoServer();
let echoFloor: IngestLevel;
try {
  echoFloor = await withClients(echo.multiaddr, SETTINGS.floorClients, async (clients) =>
    measureIngestLevel(clients, echo.pid, echoStep(echo.peerId), 1),
  );
  console.error(`mail-ingest: echo floor done`);
} finally {
  await echo.stop();
}

const runs: BackendRun[] = [];
for (const backend of BACKENDS) {
  const profileDir = hasFlag("--profile")
    ? await mkdtemp(join(tmpdir(), `waymark-bench-profile-${backend}-`))
    : undefined;
  const bench = await startMailBench({
    backend,
    config: NODE_CONFIG,
    mail: MAIL_OPTIONS,
    cpuProfileDir: profileDir,
  });
  const levels: IngestLevel[] = [];
  let storedByNode: number | undefined;
  let storeFloor;
  try {
    const node = peerIdFromString(bench.node.peerId);
    const plan = [
      ...SETTINGS.single.map((clients) => ({ clients, perPush: 1 })),
      ...SETTINGS.batched.map((clients) => ({ clients, perPush: BATCH })),
    ];
    for (const { clients: count, perPush } of plan) {
      levels.push(
        await withClients(bench.node.multiaddr, count, async (clients) =>
          measureIngestLevel(clients, bench.node.pid, pushStep(node, perPush), perPush),
        ),
      );
      console.error(`mail-ingest: ${backend}, ${count} clients × ${perPush} per push done`);
    }
    const status = await bench.node.status();
    storedByNode = (status.services as { mail?: { messages?: number } }).mail?.messages;
    // The store floor, while the node is idle: the same backend, its own database.
    storeFloor = await measureStoreFloor(
      backend,
      bench.postgres?.url,
      SETTINGS.floorClients,
      SETTINGS.windowMs,
    );
    console.error(`mail-ingest: ${backend} store floor done`);
  } finally {
    await bench.stop();
  }
  const profile: ProfileSummary | undefined = await collectProfile(profileDir);
  runs.push({ backend, levels, storedByNode: storedByNode ?? Number.NaN, storeFloor, profile });
}

const settings = {
  payloadBytes: PAYLOAD_BYTES,
  envelopesPerBatchedPush: BATCH,
  warmupMs: SETTINGS.warmupMs,
  windowMs: SETTINGS.windowMs,
  inFlightPerClient: 1,
  floorClients: SETTINGS.floorClients,
  durability: "synchronous FULL, group commit (node defaults); PostgreSQL commits wait for the WAL flush",
  nodeConfig: NODE_CONFIG,
  mailOptions: MAIL_OPTIONS,
};
console.log(renderIngest({ runs, echoFloor, settings }));
await writeResults("mail-ingest", mode, { target: INGEST_TARGET, settings, echoFloor, runs });
