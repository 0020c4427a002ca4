/**
 * `npm run bench:relay`: relay/1. Request/response round trips (64-byte echo, one in flight) from a
 * caller to a service behind NAT through a `waymark-node start --service relay/1` process, against
 * the same echo over a direct TCP connection, in the same run: round trips per second and p50/p99.
 * Then the relay the caller used is killed (SIGKILL) and the time is measured until the caller is
 * answered again (through the other relay) and until the service holds two relays again and has
 * republished where it can be reached. Writes `results/relay.json`.
 */
import { Wallet } from "ethers";

import { createRelayClient } from "../../client/clients/createRelayClient.js";
import type { WaymarkRelayClient } from "../../client/clients/createRelayClient.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { ECHO_PROTOCOL } from "../../client/relay/constants.js";
import type { EchoSession } from "../../client/relay/echo.js";
import { echoHandler, echoSession } from "../../client/relay/echo.js";
import { startChain } from "../kit/chain.js";
import type { NodeProcess } from "../kit/nodeProcess.js";
import { TempDirs } from "../kit/tempDirs.js";
import { ensureBuilt } from "./lib/build.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { benchMode } from "./lib/mode.js";
import { machineLine, writeResults } from "./lib/results.js";
import type { Summary } from "./lib/stats.js";
import { formatMs, summarize } from "./lib/stats.js";
import { markdownTable } from "./lib/table.js";
import { startServiceNode } from "./relay/nodes.js";

const mode = benchMode();
const SETTINGS = { quick: { roundTrips: 2_000, kills: 1 }, full: { roundTrips: 20_000, kills: 3 } }[mode];
const PAYLOAD = new Uint8Array(64).fill(42);
const WARMUP = 200;

/** Figures of one path. */
interface PathFigures {
  path: string;
  roundTrips: number;
  perSecond: number;
  ms: Summary;
}

/** Figures of one relay kill. */
interface RecoveryFigures {
  callerAnsweredAgainMs: number;
  serviceRepublishedMs: number;
}

await ensureBuilt();
const chain = await startChain();
const dirs = new TempDirs("waymark-bench-relay-");
const nodes: NodeProcess[] = [];
const clients: WaymarkRelayClient[] = [];
try {
  const world = await deployBenchRegistry(chain);
  const providers: [bigint, bigint] = [await world.addProvider(), await world.addProvider()];
  const records = await startServiceNode({
    world,
    service: "records/1",
    providerId: providers[0],
    dir: await dirs.make(),
    bootstrap: [],
    name: "records",
  });
  nodes.push(records);
  // Two relays per provider for the quick run, so that a killed relay always has a replacement.
  const relayCount = 2 + 2 * SETTINGS.kills;
  const relays = await Promise.all(
    Array.from({ length: relayCount }, async (_, i) =>
      startServiceNode({
        world,
        service: "relay/1",
        providerId: providers[i % 2 === 0 ? 0 : 1],
        dir: await dirs.make(),
        bootstrap: [records.multiaddr],
        name: `relay ${i + 1}`,
      }),
    ),
  );
  nodes.push(...relays);
  // The records node announces once it has DHT peers: the relays.
  await records.process.waitForLine((line) => line.msg === "announced the service in the DHT", 60_000);
  console.error(`relay: ${relayCount} relay nodes and a records node started`);

  const options = {
    rpcUrl: chain.rpcUrl,
    registry: world.address,
    trust: { providers },
    bootstrap: [records.multiaddr],
    watchRegistry: false,
    hostInit: { connectionManager: LOOPBACK_CONNECTION_SETTINGS },
  };
  const identity = Wallet.createRandom() as unknown as Wallet;
  const service = await createRelayClient({ ...options, identity });
  clients.push(service);
  const published: number[] = [];
  const listener = await service.serve({
    signer: identity,
    protocol: ECHO_PROTOCOL,
    handler: echoHandler(),
    checkIntervalMs: 250,
    onEvent: (event) => {
      if (event.type === "reach:published") published.push(performance.now());
    },
  });
  const caller = await createRelayClient(options);
  clients.push(caller);

  const relayed = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
  // The direct baseline: the same echo served by a host that listens on TCP.
  const direct = await createWaymarkHost({
    listen: ["/ip4/127.0.0.1/tcp/0"],
    connectionManager: LOOPBACK_CONNECTION_SETTINGS,
  });
  await direct.handle(ECHO_PROTOCOL, echoHandler());
  const directStream = await caller.relayHost.dialProtocol(direct.getMultiaddrs(), ECHO_PROTOCOL);

  const paths: PathFigures[] = [
    await roundTrips("direct TCP", echoSession(directStream)),
    await roundTrips("through a relay", echoSession(relayed.stream)),
  ];
  await direct.stop();

  const recoveries: RecoveryFigures[] = [];
  let used = relayed.relay?.peerId;
  for (let kill = 0; kill < SETTINGS.kills; kill++) {
    const victim = relays.find((relay) => relay.peerId === used);
    if (victim === undefined) throw new Error("the relay in use is not one of the benchmark's");
    const before = published.length;
    const killedAt = performance.now();
    await victim.process.kill();
    let answered: number | undefined;
    while (answered === undefined) {
      try {
        const again = await caller.reach({
          address: identity.address,
          protocol: ECHO_PROTOCOL,
          timeoutMs: 2_000,
        });
        const session = echoSession(again.stream);
        await session.request(PAYLOAD);
        await session.close();
        answered = performance.now();
        used = again.relay?.peerId ?? used;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    while (published.length === before || listener.relays.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    recoveries.push({
      callerAnsweredAgainMs: answered - killedAt,
      serviceRepublishedMs: (published[before] ?? performance.now()) - killedAt,
    });
  }

  console.log(render(paths, recoveries));
  console.log(machineLine());
  await writeResults("relay", mode, {
    settings: { ...SETTINGS, payloadBytes: PAYLOAD.length, warmup: WARMUP, inFlight: 1, relays: relayCount },
    paths,
    recoveries,
  });
} finally {
  await Promise.allSettled(clients.map(async (client) => client.stop()));
  await Promise.allSettled(nodes.map(async (node) => node.stop()));
  await chain.close();
  await dirs.cleanup();
}

/** Times sequential round trips on one session, after a warm-up. */
async function roundTrips(path: string, session: EchoSession): Promise<PathFigures> {
  for (let i = 0; i < WARMUP; i++) await session.request(PAYLOAD);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SETTINGS.roundTrips; i++) {
    const from = performance.now();
    await session.request(PAYLOAD);
    samples.push(performance.now() - from);
  }
  const seconds = (performance.now() - started) / 1000;
  await session.close();
  console.error(`relay: ${path} done`);
  return { path, roundTrips: samples.length, perSecond: samples.length / seconds, ms: summarize(samples) };
}

function render(paths: readonly PathFigures[], recoveries: readonly RecoveryFigures[]): string {
  const table = markdownTable(
    [
      { header: "Path" },
      { header: "Round trips" },
      { header: "Per second", align: "right" },
      { header: "p50 ms", align: "right" },
      { header: "p99 ms", align: "right" },
    ],
    paths.map((p) => [
      p.path,
      String(p.roundTrips),
      p.perSecond.toFixed(0),
      formatMs(p.ms.p50),
      formatMs(p.ms.p99),
    ]),
  );
  const recovery = markdownTable(
    [
      { header: "Relay killed" },
      { header: "Caller answered again, ms", align: "right" },
      { header: "Service holds 2 relays and republished, ms", align: "right" },
    ],
    recoveries.map((r, i) => [
      String(i + 1),
      formatMs(r.callerAnsweredAgainMs),
      formatMs(r.serviceRepublishedMs),
    ]),
  );
  return `### Echo round trips, 64 bytes, one in flight\n\n${table}\n\n### After the relay in use is killed (SIGKILL)\n\n${recovery}`;
}
