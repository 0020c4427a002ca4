/**
 * One load process of `npm run bench:mail-sessions`: holds many sessions, each its own client
 * peer (see `startSessionClient`), and answers its parent's commands over the IPC channel
 * (see {@link WorkerCommand}). Started by `SessionWorkers`, never by hand.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

import { peerIdFromString } from "@libp2p/peer-id";

import type { SessionClient } from "../lib/sessionClient.js";
import { startSessionClient } from "../lib/sessionClient.js";
import type { WorkerCommand, WorkerReply } from "./protocol.js";
import { sourceAddress } from "./protocol.js";
import { runSession, SessionStats } from "./session.js";

const [nodeAddress, nodePeerId, workerIndex] = process.argv.slice(2);
if (nodeAddress === undefined || nodePeerId === undefined || workerIndex === undefined) {
  throw new Error("usage: worker.ts <node multiaddr> <node peer id> <worker index>");
}
const node = peerIdFromString(nodePeerId);
const stats = new SessionStats();
const stop = new AbortController();
const clients: SessionClient[] = [];
const sessions: Promise<void>[] = [];
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function reply(message: WorkerReply): void {
  process.send?.(message);
}

async function open(command: Extract<WorkerCommand, { type: "open" }>): Promise<void> {
  const failedDials = { count: 0 };
  let next = 0;
  let failure: unknown;
  const opened: SessionClient[] = [];
  await Promise.all(
    Array.from({ length: Math.min(command.concurrency, command.count) }, async () => {
      while (next < command.count && failure === undefined) {
        const session = clients.length + next;
        next += 1;
        try {
          opened.push(
            await startSessionClient(nodeAddress ?? "", {
              ...command.client,
              localAddress: sourceAddress(Number(workerIndex), session, command.sessionsPerAddress),
              failedDials,
            }),
          );
        } catch (err) {
          failure ??= err;
        }
      }
    }),
  );
  for (const client of opened) {
    const index = clients.push(client) - 1;
    const topic = `/bench/session/${workerIndex}/${index}`;
    sessions.push(runSession(client, node, topic, command.plan, stats, stop.signal));
  }
  reply({
    type: "opened",
    sessions: clients.length,
    failedDials: failedDials.count,
    failure: failure === undefined ? undefined : describe(failure),
  });
}

async function close(): Promise<void> {
  stop.abort();
  await Promise.allSettled(sessions);
  for (let i = 0; i < clients.length; i += 256) {
    await Promise.allSettled(clients.slice(i, i + 256).map(async (client) => client.host.stop()));
  }
  reply({ type: "closed" });
  process.disconnect();
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

process.on("message", (command: WorkerCommand) => {
  switch (command.type) {
    case "open":
      void open(command);
      break;
    case "reset":
      stats.reset();
      lag.reset();
      reply({ type: "reset" });
      break;
    case "collect":
      reply({
        type: "stats",
        pushMs: stats.pushLatenciesMs,
        queryMs: stats.queryLatenciesMs,
        errors: stats.errors,
        firstError: stats.firstError,
        lagP99Ms: lag.percentile(99) / 1e6,
        lagMaxMs: lag.max / 1e6,
        rssBytes: process.memoryUsage().rss,
      });
      break;
    case "close":
      void close();
      break;
  }
});
reply({ type: "ready" });
