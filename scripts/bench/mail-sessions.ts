/**
 * `npm run bench:mail-sessions`: how many concurrent client sessions one `waymark-node start`
 * process holds with zero errors. A session is one client peer with its own libp2p connection
 * (TCP, Noise, Yamux) that every 5 s pushes a 1 KiB message to its topic and then reads the newest
 * page of that topic. Sessions are added in steps; each step holds for a window in which every
 * failed or timed-out request counts as an error. Writes `results/mail-sessions.json`.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";

import { peerIdFromString } from "@libp2p/peer-id";

import { ensureBuilt } from "./lib/build.js";
import type { LoadClient } from "./lib/loadClient.js";
import { startLoadClients, stopLoadClients } from "./lib/loadClient.js";
import { machineLoad, sampleMachine } from "./lib/machineLoad.js";
import { startMailBench } from "./lib/mailNode.js";
import { benchMode, hasFlag } from "./lib/mode.js";
import { coresUsed, ProcessMonitor } from "./lib/procStats.js";
import { collectProfile, renderProfile } from "./lib/profile.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { markdownTable } from "./lib/table.js";
import type { SessionStep } from "./mail-sessions/report.js";
import { renderSessions, SESSIONS_TARGET } from "./mail-sessions/report.js";
import type { SessionPlan } from "./mail-sessions/session.js";
import { runSession, SessionStats } from "./mail-sessions/session.js";

const mode = benchMode();
const SETTINGS = {
  quick: { steps: [250, 500, 1_000], holdMs: 10_000 },
  full: { steps: [1_000, 2_500, 5_000, 7_500, 10_000], holdMs: 30_000 },
}[mode];
const PLAN: SessionPlan = { periodMs: 5_000, historyPageSize: 20 };
/** New sessions connecting at once while a step ramps up (each retried up to three times). */
const RAMP_CONCURRENCY = 16;
/** Node options beside the defaults: room for 10,000 connections from 127.0.0.1. Mail limits stay at their defaults. */
const NODE_CONFIG = { maxConnections: 20_000 };

await ensureBuilt();
const profileDir = hasFlag("--profile") ? await mkdtemp(join(tmpdir(), "waymark-bench-profile-")) : undefined;
const bench = await startMailBench({ config: NODE_CONFIG, cpuProfileDir: profileDir });
const node = peerIdFromString(bench.node.peerId);
const stats = new SessionStats();
const stop = new AbortController();
const clients: LoadClient[] = [];
const sessions: Promise<void>[] = [];
const steps: SessionStep[] = [];
let stoppedBecause: string | undefined;
try {
  for (const target of SETTINGS.steps) {
    const rampStarted = performance.now();
    stats.reset();
    let added: LoadClient[];
    const failedDials = { count: 0 };
    try {
      added = await startLoadClients(bench.node.multiaddr, target - clients.length, {
        concurrency: RAMP_CONCURRENCY,
        attempts: 3,
        failedDials,
      });
    } catch (err) {
      stoppedBecause = `could not open one of sessions ${clients.length + 1} to ${target} (3 attempts each): ${err instanceof Error ? err.message : String(err)}`;
      break;
    }
    for (const client of added) {
      const index = clients.push(client) - 1;
      sessions.push(runSession(client, node, `/bench/session/${index}`, PLAN, stats, stop.signal));
    }
    const rampSeconds = (performance.now() - rampStarted) / 1000;
    const rampErrors = stats.errors;
    // One period for the new sessions to spread over the schedule, then the measured window.
    await setTimeout(PLAN.periodMs);
    stats.reset();
    const monitor = new ProcessMonitor(bench.node.pid);
    const before = monitor.start();
    const ownBefore = process.cpuUsage();
    const machineBefore = sampleMachine();
    const started = performance.now();
    await setTimeout(SETTINGS.holdMs);
    const elapsedMs = performance.now() - started;
    const machine = machineLoad(machineBefore, sampleMachine());
    const own = process.cpuUsage(ownBefore);
    const { last, peakRssBytes } = monitor.stop();
    const status = await bench.node.status();
    const nodeCores = coresUsed(before, last);
    const generatorCores = (own.user + own.system) / 1000 / elapsedMs;
    steps.push({
      sessions: clients.length,
      rampSeconds,
      rampErrors,
      rampFailedDials: failedDials.count,
      requestsPerSecond: (stats.pushLatenciesMs.length + stats.queryLatenciesMs.length) / (elapsedMs / 1000),
      pushMs: summarize(stats.pushLatenciesMs),
      queryMs: summarize(stats.queryLatenciesMs),
      errors: stats.errors,
      firstError: stats.firstError,
      nodeConnections: Number(status.connections),
      nodeFds: last.fds,
      nodeCores,
      nodeRssBytes: last.rssBytes,
      nodePeakRssBytes: peakRssBytes,
      generatorCores,
      generatorRssBytes: process.memoryUsage().rss,
      otherCores: Math.max(0, machine.busyCores - nodeCores - generatorCores),
    });
    console.error(`mail-sessions: ${clients.length} sessions, ${stats.errors} errors`);
    if (stats.errors > 0) {
      stoppedBecause = `errors with ${clients.length} sessions`;
      break;
    }
  }
} finally {
  stop.abort();
  await Promise.allSettled(sessions);
  await stopLoadClients(clients);
  await bench.stop();
}

const profile = await collectProfile(profileDir);

const settings = { ...PLAN, holdMs: SETTINGS.holdMs, steps: SETTINGS.steps, nodeConfig: NODE_CONFIG };
console.log(renderSessions({ steps, settings, stoppedBecause }));
if (profile !== undefined) {
  console.log("\nNode CPU profile (share of the samples in which the node was busy):\n");
  console.log(renderProfile(profile, markdownTable));
}
await writeResults("mail-sessions", mode, {
  target: SESSIONS_TARGET,
  settings,
  steps,
  stoppedBecause,
  profile,
});
