/**
 * `npm run bench:revocation`: how long after a node's suspension is mined a connected client emits
 * `server:revoked`, by WebSocket subscription (`ws://` RPC URL) and by polling the event log every
 * 2 s (the default, `http://`), both clients in the same run against the same suspensions.
 *
 * A Hardhat chain with automine (a transaction is mined when `eth_sendTransaction` returns), one
 * default provider, two registered nodes (real libp2p hosts on 127.0.0.1 with bootstrap records),
 * and the two clients, each of which has selected the node. Each round suspends the node, waits for
 * both clients' `server:revoked`, reinstates it, and waits a random part of the poll interval so
 * the suspensions fall at every point of the polling clients' cycle. Writes `results/revocation.json`.
 */
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import { setTimeout as sleep } from "node:timers/promises";

import { reinstateNode, suspendNode } from "../../client/actions/registry/curation.js";
import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import type { BaseServices } from "../../client/kernel/p2p/createHost.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { CLIENT_DEFAULTS } from "../../client/options/index.js";
import { startChain } from "../kit/chain.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { benchMode } from "./lib/mode.js";
import { machineLine, writeResults } from "./lib/results.js";
import type { Summary } from "./lib/stats.js";
import { formatMs, summarize } from "./lib/stats.js";
import { markdownTable } from "./lib/table.js";

const mode = benchMode();
const SETTINGS = { quick: { rounds: 10 }, full: { rounds: 20 } }[mode];
const POLL_MS = CLIENT_DEFAULTS.watchIntervalMs;

/** The two ways a client learns of a revocation. */
const WAYS = ["subscription", "polling"] as const;
type Way = (typeof WAYS)[number];

/**
 * Resolves with the time of the client's next `server:revoked` for a node.
 *
 * @param client - The client.
 * @param peerId - The node's peer id.
 * @returns `performance.now()` when it came.
 */
async function revokedAt(client: WaymarkClient, peerId: string): Promise<number> {
  return new Promise((resolve) => {
    const listener = (event: CustomEvent<{ server: { peerId: string } }>): void => {
      if (event.detail.server.peerId !== peerId) return;
      client.removeEventListener("server:revoked", listener);
      resolve(performance.now());
    };
    client.addEventListener("server:revoked", listener);
  });
}

/**
 * Waits until a client knows the node as trusted again (after its reinstatement).
 *
 * @param client - The client.
 * @param peerId - The node's peer id.
 */
async function trustedAgain(client: WaymarkClient, peerId: string): Promise<void> {
  while (client.pool.known.find((server) => server.peerId === peerId)?.trusted !== true) await sleep(20);
}

const chain = await startChain();
const hosts: Libp2p<BaseServices>[] = [];
const clients = new Map<Way, WaymarkClient>();
const samples: Record<Way, number[]> = { subscription: [], polling: [] };
let setupSeconds: number | undefined;
try {
  const started = performance.now();
  const registry = await deployBenchRegistry(chain);
  const providerId = await registry.addProvider();
  const nodes: { key: Awaited<ReturnType<typeof generateKeyPair>>; peerId: string; address: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const key = await generateKeyPair("secp256k1");
    const host = await createWaymarkHost({
      privateKey: key,
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    hosts.push(host);
    await registry.registerNode(key, {
      providerId,
      bootstrap: host.getMultiaddrs().map(String),
    });
    nodes.push({ key, peerId: host.peerId.toString(), address: nodeWallet(key).address });
  }
  const [target] = nodes;
  if (target === undefined) throw new Error("no node registered");
  const wsUrl = chain.rpcUrl.replace(/^http/, "ws");
  for (const way of WAYS) {
    const client = await createWaymarkClient({
      rpcUrl: way === "subscription" ? wsUrl : chain.rpcUrl,
      registry: registry.address,
      watchIntervalMs: POLL_MS,
    });
    clients.set(way, client);
    await client.select();
  }
  while (clients.get("subscription")?.watchMode !== "subscribed") await sleep(20);
  for (const client of clients.values()) await trustedAgain(client, target.peerId);
  setupSeconds = (performance.now() - started) / 1000;

  for (let round = 0; round < SETTINGS.rounds; round++) {
    const waits = [...clients.values()].map(async (client) => revokedAt(client, target.peerId));
    const sentAt = performance.now();
    await suspendNode(registry.curator, target.address, 0);
    const ats = await Promise.all(waits);
    WAYS.forEach((way, index) => samples[way].push((ats[index] ?? Number.NaN) - sentAt));
    await reinstateNode(registry.curator, target.address);
    for (const client of clients.values()) await trustedAgain(client, target.peerId);
    await sleep(Math.random() * POLL_MS);
  }
} finally {
  await Promise.allSettled([...clients.values()].map(async (client) => client.stop()));
  await Promise.allSettled(hosts.map(async (host) => host.stop()));
  await chain.close();
}

const summaries = Object.fromEntries(WAYS.map((way) => [way, summarize(samples[way])])) as Record<
  Way,
  Summary
>;
const settings = {
  ...SETTINGS,
  pollIntervalMs: POLL_MS,
  setupSeconds,
  chain: "Hardhat simulated network (automine), HTTP and WebSocket JSON-RPC on one port of 127.0.0.1",
  measured: "from sending the suspension (mined at once) to the client's server:revoked",
};
console.log(
  `\nRevocation: suspension sent (automine) → server:revoked, ${SETTINGS.rounds} suspensions, both clients in the same run\n`,
);
console.log(
  markdownTable(
    [
      { header: "Client learns by" },
      { header: "p50 ms", align: "right" },
      { header: "p95 ms", align: "right" },
      { header: "min ms", align: "right" },
      { header: "max ms", align: "right" },
    ],
    WAYS.map((way) => {
      const s = summaries[way];
      const label =
        way === "subscription" ? "eth_subscribe (ws://)" : `polling every ${POLL_MS} ms (http://)`;
      return [label, formatMs(s.p50), formatMs(s.p95), formatMs(s.min), formatMs(s.max)];
    }),
  ),
);
console.log(machineLine());
await writeResults("revocation", mode, { settings, summaries, samples });
