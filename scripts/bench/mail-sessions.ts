/**
 * `npm run bench:mail-sessions`: how many concurrent client sessions one `waymark-node start`
 * process holds with zero errors. A session is one client peer with its own identity and its own
 * libp2p connection (TCP, Noise, Yamux) that every 10 s sends one request, in turn a push of a
 * 1 KiB message to its topic and a read of the newest page of that topic. The client peers live
 * in a few load processes and connect from many loopback addresses, so the node's per-address
 * limits apply as on a network. Sessions are added in steps; each step holds for a window in
 * which every failed or timed-out request counts as an error. Writes `results/mail-sessions.json`
 * (`--setup-only`: `results/mail-sessions-setup.json`).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";

import { readNodeStatus } from "../kit/nodeProcess.js";
import { ensureBuilt } from "./lib/build.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { startMailBench } from "./lib/mailNode.js";
import { benchMode, flagNumbers, hasFlag } from "./lib/mode.js";
import { coresUsed, ProcessMonitor } from "./lib/procStats.js";
import { collectProfile, renderProfile } from "./lib/profile.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { markdownTable } from "./lib/table.js";
import {
  clientRequestBuckets,
  nodeAbortedConnections,
  readNodeMetrics,
  windowQuantiles,
} from "./mail-sessions/nodeMetrics.js";
import { nodeWarnings } from "./mail-sessions/nodeWarnings.js";
import { StatusProbe } from "./mail-sessions/statusProbe.js";
import type { SessionStep } from "./mail-sessions/report.js";
import { renderNodeWarnings, renderSessions, renderSetup, SESSIONS_TARGET } from "./mail-sessions/report.js";
import type { SessionPlan } from "./mail-sessions/session.js";
import type { ConnectionSetup } from "./mail-sessions/setup.js";
import { measureConnectionSetup } from "./mail-sessions/setup.js";
import { SessionWorkers } from "./mail-sessions/workers.js";

const mode = benchMode();
const SETTINGS = {
  quick: { setupConnections: 400, steps: [250, 500], holdMs: 15_000 },
  full: { setupConnections: 1_000, steps: [250, 1_000, 2_500, 5_000, 7_500, 10_000], holdMs: 60_000 },
}[mode];
const PLAN: SessionPlan = { periodMs: 10_000, historyPageSize: 20 };
/** `--setup-only`: measure the connection set-up floor, then stop before the session steps. */
const SETUP_ONLY = hasFlag("--setup-only");
/** How long the node's `/status` may take after a window. */
const STATUS_TIMEOUT_MS = 60_000;
/** `--steps 2500,5000`: ramp to these session counts instead of the mode's. */
const STEPS = flagNumbers("--steps") ?? SETTINGS.steps;
/** How long the set-up floor samples the idle processes, and lets identify finish after the last dial. */
const SETUP_SETTLE_MS = 3_000;
/** Connections opened and closed before the set-up floor is measured (see `measureConnectionSetup`). */
const SETUP_WARMUP = 100;
/** Load processes holding the client peers. */
const LOAD_PROCESSES = 2;
/** New sessions connecting at once in each load process while a step ramps up. */
const RAMP_CONCURRENCY = 32;
/** Sessions sharing one loopback source address (a household behind one NAT address). */
const SESSIONS_PER_ADDRESS = 4;
/**
 * A client's connection attempts: each may take 30 s, longer than the node lets an arrival wait
 * (10 s), so the node decides; a failed attempt is tried again after 1, 2, 4, 8 s. The clients
 * ping the node 60 s after it last answered them, as a Waymark client's host does, so a session
 * requesting every 10 s does not ping (`--no-client-pings` turns the clients' monitor off; the node
 * pings a quiet client either way), and ask the node's identify when they connect, as every
 * libp2p host does (`--no-client-identify` turns that off: lighter clients, but each connection
 * then spares the node its identify answer, a signed peer record).
 */
const CLIENT = {
  dialTimeoutMs: 30_000,
  attempts: 5,
  retryPauseMs: 1_000,
  connectionMonitor: !hasFlag("--no-client-pings"),
  identifyOnConnect: !hasFlag("--no-client-identify"),
};
/**
 * Node options beside the defaults (which hold 12,000 connections): not the loopback preset, so the
 * clients (which connect from 127.1.0.0/16 and 127.2.0.0/16) meet the production limits on new
 * connections per address and pending connections. Mail limits stay at their defaults.
 */
const NODE_CONFIG = { loopback: false };

await ensureBuilt();
const profileDir = hasFlag("--profile") ? await mkdtemp(join(tmpdir(), "waymark-bench-profile-")) : undefined;
const bench = await startMailBench({ config: NODE_CONFIG, cpuProfileDir: profileDir });
let workers: SessionWorkers | undefined;
const steps: SessionStep[] = [];
let setup: ConnectionSetup | undefined;
let stoppedBecause: string | undefined;
try {
  workers = await SessionWorkers.start(LOAD_PROCESSES, bench.node.multiaddr, bench.node.peerId);
  setup = await measureConnectionSetup(workers, bench.node.pid, {
    count: SETTINGS.setupConnections,
    warmup: SETUP_WARMUP,
    settleMs: SETUP_SETTLE_MS,
    command: { concurrency: RAMP_CONCURRENCY, client: CLIENT, sessionsPerAddress: SESSIONS_PER_ADDRESS },
  });
  console.error(`mail-sessions: ${renderSetup(setup)}`);
  let held = 0;
  for (const target of SETUP_ONLY ? [] : STEPS) {
    const rampStarted = performance.now();
    const logFrom = bench.node.process.lines.length;
    await workers.reset();
    const opened = await workers.open(target - held, {
      concurrency: RAMP_CONCURRENCY,
      plan: PLAN,
      client: CLIENT,
      sessionsPerAddress: SESSIONS_PER_ADDRESS,
    });
    held = opened.sessions;
    const rampSeconds = (performance.now() - rampStarted) / 1000;
    const ramp = await workers.collect();
    console.error(
      `mail-sessions: ${held} sessions opened in ${rampSeconds.toFixed(0)} s, ${ramp.errors} errors meanwhile, ${opened.failedDials} dials retried`,
    );
    if (opened.failure !== undefined) {
      for (const line of renderNodeWarnings(nodeWarnings(bench.node.process.lines, logFrom)))
        console.error(line);
      stoppedBecause = `a new session failed all ${CLIENT.attempts} attempts with ${held} sessions held: ${opened.failure}`;
      break;
    }
    // One period for the new sessions to spread over the schedule, then the measured window.
    await setTimeout(PLAN.periodMs);
    const metricsBefore = await readNodeMetrics(bench.node.statusUrl);
    await workers.reset();
    const monitor = new ProcessMonitor(bench.node.pid);
    const before = monitor.start();
    const workersBefore = workers.sample();
    const machineBefore = sampleMachine();
    const probe = StatusProbe.start(bench.node.statusUrl);
    const started = performance.now();
    await setTimeout(SETTINGS.holdMs);
    const elapsedMs = performance.now() - started;
    const statusMs = await probe.stop();
    const metricsAfter = await readNodeMetrics(bench.node.statusUrl);
    const machine = machineLoad(machineBefore, sampleMachine());
    const window = await workers.collect();
    const workersAfter = workers.sample();
    const { last, peakRssBytes } = monitor.stop();
    // A node too busy to answer within a minute is reported, not waited for.
    const status = await readNodeStatus(bench.node.statusUrl, STATUS_TIMEOUT_MS).catch(() => undefined);
    const nodeCores = coresUsed(before, last);
    const generatorCores = workersAfter.reduce(
      (sum, sample, index) => sum + coresUsed(workersBefore[index] ?? sample, sample),
      0,
    );
    steps.push({
      sessions: held,
      rampSeconds,
      rampErrors: ramp.errors,
      rampFailedDials: opened.failedDials,
      requestsPerSecond: (window.pushMs.length + window.queryMs.length) / (elapsedMs / 1000),
      pushMs: summarize(window.pushMs),
      queryMs: summarize(window.queryMs),
      errors: window.errors,
      firstError: window.firstError,
      nodeConnections: status === undefined ? Number.NaN : Number(status.connections),
      nodeAbortedConnections: metricsAfter === undefined ? undefined : nodeAbortedConnections(metricsAfter),
      nodeRequestMs:
        metricsBefore === undefined || metricsAfter === undefined
          ? undefined
          : windowQuantiles(clientRequestBuckets(metricsBefore), clientRequestBuckets(metricsAfter)),
      nodeFds: last.fds,
      nodeCores,
      nodeRssBytes: last.rssBytes,
      nodePeakRssBytes: peakRssBytes,
      nodeStatusMs: summarize(statusMs),
      generatorCores,
      generatorRssBytes: window.rssBytes,
      generatorLagP99Ms: window.lagP99Ms,
      generatorLagMaxMs: window.lagMaxMs,
      otherCores: Math.max(0, machine.busyCores - nodeCores - generatorCores),
      nodeWarnings: nodeWarnings(bench.node.process.lines, logFrom),
    });
    console.error(`mail-sessions: ${held} sessions, ${window.errors} errors`);
    for (const line of renderNodeWarnings(steps.at(-1)?.nodeWarnings ?? [])) console.error(line);
    if (window.errors > 0) {
      stoppedBecause = `errors with ${held} sessions`;
      break;
    }
  }
} finally {
  await workers?.close();
  await bench.stop();
}

const profile = await collectProfile(profileDir);

const settings = {
  ...PLAN,
  holdMs: SETTINGS.holdMs,
  setupConnections: SETTINGS.setupConnections,
  steps: SETUP_ONLY ? [] : STEPS,
  loadProcesses: LOAD_PROCESSES,
  rampConcurrency: RAMP_CONCURRENCY,
  sessionsPerAddress: SESSIONS_PER_ADDRESS,
  client: CLIENT,
  nodeConfig: NODE_CONFIG,
};
console.log(renderSessions({ steps, setup, settings, stoppedBecause }));
if (profile !== undefined) {
  console.log("\nNode CPU profile (share of the samples in which the node was busy):\n");
  console.log(renderProfile(profile, markdownTable));
}
// A set-up-only run keeps the last full or quick run's figures: it writes a file of its own.
await writeResults(SETUP_ONLY ? "mail-sessions-setup" : "mail-sessions", mode, {
  target: SESSIONS_TARGET,
  settings,
  setup,
  steps,
  stoppedBecause,
  profile,
});
