/**
 * One load process of `npm run bench:mail-sessions`: holds many sessions, each its own client
 * peer (see `startSessionClient`), and answers its parent's commands over the IPC channel
 * (see {@link WorkerCommand}). Started by `SessionWorkers`, never by hand.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

import { peerIdFromString } from "@libp2p/peer-id";

import type { SessionClient } from "../lib/sessionClient.js";
import { rememberVerifiedSignatures } from "../lib/verifiedSignatures.js";
import { startSessionClient } from "../lib/sessionClient.js";
import type { WorkerCommand, WorkerReply } from "./protocol.js";
import { sourceAddress } from "./protocol.js";
import { runSession, SessionStats } from "./session.js";

const [nodeAddress, nodePeerId, workerIndex] = process.argv.slice(2);
if (nodeAddress === undefined || nodePeerId === undefined || workerIndex === undefined) {
  throw new Error("usage: worker.ts <node multiaddr> <node peer id> <worker index>");
}
rememberVerifiedSignatures();
const node = peerIdFromString(nodePeerId);
const stats = new SessionStats();
const stop = new AbortController();
const clients: SessionClient[] = [];
const sessions: Promise<void>[] = [];
/** Connections without a session (the set-up floor's). */
const bare: SessionClient[] = [];
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function reply(message: WorkerReply): void {
  process.send?.(message);
}

/**
 * Connects `count` new client peers, `concurrency` at a time, each from its source address.
 *
 * @param count - New clients.
 * @param concurrency - Clients connecting at once.
 * @param client - Client options.
 * @param firstIndex - The index (for its source address) of the first new client.
 * @param perAddress - Clients sharing one source address.
 * @returns The clients connected, retried dials, and the first client's error that failed every attempt.
 */
async function connectClients(
  count: number,
  concurrency: number,
  client: Extract<WorkerCommand, { type: "open" }>["client"],
  firstIndex: number,
  perAddress: number,
): Promise<{ opened: SessionClient[]; failedDials: number; failure: string | undefined }> {
  const failedDials = { count: 0 };
  let next = 0;
  let failure: unknown;
  const opened: SessionClient[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && failure === undefined) {
        const index = firstIndex + next;
        next += 1;
        try {
          opened.push(
            await startSessionClient(nodeAddress ?? "", {
              ...client,
              localAddress: sourceAddress(Number(workerIndex), index, perAddress),
              failedDials,
            }),
          );
        } catch (err) {
          failure ??= err;
        }
      }
    }),
  );
  return {
    opened,
    failedDials: failedDials.count,
    failure: failure === undefined ? undefined : describe(failure),
  };
}

async function open(command: Extract<WorkerCommand, { type: "open" }>): Promise<void> {
  const { opened, failedDials, failure } = await connectClients(
    command.count,
    command.concurrency,
    command.client,
    clients.length,
    command.sessionsPerAddress,
  );
  for (const client of opened) {
    const index = clients.push(client) - 1;
    const topic = `/bench/session/${workerIndex}/${index}`;
    sessions.push(runSession(client, node, topic, command.plan, stats, stop.signal));
  }
  reply({ type: "opened", sessions: clients.length, failedDials, failure });
}

/**
 * The first source-address index of the bare connections: far past the sessions' addresses, so
 * that the two never share an address's per-address limits.
 */
const BARE_INDEX_OFFSET = 131_072;

async function connect(command: Extract<WorkerCommand, { type: "connect" }>): Promise<void> {
  const { opened, failedDials, failure } = await connectClients(
    command.count,
    command.concurrency,
    command.client,
    BARE_INDEX_OFFSET + bare.length,
    command.sessionsPerAddress,
  );
  bare.push(...opened);
  reply({ type: "connected", connections: opened.length, failedDials, failure });
}

async function disconnect(): Promise<void> {
  await stopClients(bare.splice(0));
  reply({ type: "disconnected" });
}

async function stopClients(list: readonly SessionClient[]): Promise<void> {
  for (let i = 0; i < list.length; i += 256) {
    await Promise.allSettled(list.slice(i, i + 256).map(async (client) => client.host.stop()));
  }
}

async function close(): Promise<void> {
  stop.abort();
  await Promise.allSettled(sessions);
  await stopClients([...clients, ...bare.splice(0)]);
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
    case "connect":
      void connect(command);
      break;
    case "disconnect":
      void disconnect();
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
