import { join } from "node:path";

import { Wallet } from "ethers";

import type { WaymarkRelayClient } from "../../client/clients/createRelayClient.js";
import { createRelayClient } from "../../client/clients/createRelayClient.js";
import { ECHO_PROTOCOL } from "../../client/relay/constants.js";
import { echoHandler, echoSession } from "../../client/relay/echo.js";
import { runCli, runCliJson } from "../kit/cli.js";
import { spawnNodeProcess, writeNodeConfig } from "../kit/nodeProcess.js";
import { ROLES } from "./accounts.js";
import type { DemoNode } from "./nodes.js";
import { createDemoNode, nodeMultiaddr, waitUntilAnnounced } from "./nodes.js";
import type { Reporter } from "./reporter.js";

/** What the relay step did, for the summary and the end-to-end test. */
export interface RelayReport {
  /** The service's address: the key it answers as and that signed its `relay/reach` record. */
  serviceAddress: string;
  /** The relays the service reserved on when it started serving, and their providers. */
  reservedOn: { peerId: string; providerId: string }[];
  /** The relay the first call went through, killed afterwards. */
  killed: string;
  /** The relay the call after the kill went through. */
  answeredAfterKillVia: string;
  /** Milliseconds from the kill to the next answer. */
  answeredAfterMs: number;
  /** The two answers. */
  answers: string[];
}

/** What the relay step needs of the story so far. */
export interface RelayStepContext {
  report: Reporter;
  workDir: string;
  chain: { rpcUrl: string; registry: string };
  /** The provider the story suspended (reinstated first). */
  suspendedProviderId: bigint;
  /** Every node of the demo, to which the relays are added. */
  nodes: DemoNode[];
}

/** The owner of each provider, who registers its relays. */
const PROVIDER_KEYS = new Map([
  [1n, ROLES.alpha.privateKey],
  [2n, ROLES.beta.privateKey],
]);

/**
 * Three relay/1 nodes of two providers join; a service behind "NAT" (a process that never listens)
 * reserves on two of them and publishes where it can be reached; a caller reaches it by address
 * through a trusted relay; that relay is killed, and the service keeps answering through the other.
 *
 * @param context - The story so far.
 * @returns What happened.
 */
export async function playRelayStep(context: RelayStepContext): Promise<RelayReport> {
  const { report, chain } = context;
  const cli = ["--rpc-url", chain.rpcUrl, "--registry", chain.registry];
  report.step("Relays: a service behind NAT is called through a trusted relay, and keeps answering");
  await report.task(`curator reinstates provider ${context.suspendedProviderId}`, async () =>
    runCliJson("waymark", [...cli, "curator", "reinstate", String(context.suspendedProviderId)], {
      env: { WAYMARK_PRIVATE_KEY: ROLES.curator.privateKey },
    }),
  );
  const plan = [
    ["relay-alpha-1", 1n],
    ["relay-beta", 2n],
    ["relay-alpha-2", 1n],
  ] as const;
  // Each provider registers its relays with its own key, one transaction after another; the two
  // providers at the same time. Provider 2 also publishes its surviving records server as a
  // records/1 bootstrap record (records-alpha, the published one, was killed in step 6), so the
  // caller finds a records server through the registry rather than by a DHT search alone.
  const register = async (name: string, providerId: bigint): Promise<DemoNode> =>
    report.task(
      `${name}: keygen, consents to serve relay/1; provider ${providerId} registers it`,
      async () => {
        const node = await createDemoNode(context.workDir, name);
        const consentFile = join(node.dir, "consent.json");
        await runCli(
          "waymark-node",
          [
            "consent",
            "--key",
            node.keyFile,
            ...cli,
            "--service",
            "relay/1",
            "--provider",
            String(providerId),
            "--out",
            consentFile,
          ],
          { check: true },
        );
        await runCliJson("waymark", [...cli, "provider", "register-node", consentFile], {
          env: { WAYMARK_PRIVATE_KEY: PROVIDER_KEYS.get(providerId) ?? "" },
        });
        node.providerId = providerId;
        return node;
      },
    );
  const recordsBeta = context.nodes.find((node) => node.name === "records-beta");
  const byProvider = [1n, 2n].map(async (providerId) => {
    const registered: DemoNode[] = [];
    for (const [name, owner] of plan) if (owner === providerId) registered.push(await register(name, owner));
    if (providerId === 2n && recordsBeta !== undefined) {
      await report.task(
        "provider 2 publishes records-beta's address as a records/1 bootstrap record",
        async () =>
          runCliJson(
            "waymark",
            [...cli, "provider", "set-bootstrap", recordsBeta.nodeAddress, nodeMultiaddr(recordsBeta)],
            { env: { WAYMARK_PRIVATE_KEY: PROVIDER_KEYS.get(2n) ?? "" } },
          ),
      );
    }
    return registered;
  });
  const registered = (await Promise.all(byProvider)).flat();
  const relays = plan.flatMap(([name]) => registered.filter((node) => node.name === name));
  context.nodes.push(...relays);
  const entry = context.nodes.find((node) => node.process !== undefined && !node.process.hasExited);
  await report.task("waymark-node start --service relay/1, three processes, announced", async () => {
    await Promise.all(relays.map(async (node) => startRelayNode(node, chain, entry)));
    await Promise.all(relays.map(async (node) => waitUntilAnnounced(node, 60_000)));
  });

  const options = {
    rpcUrl: chain.rpcUrl,
    registry: chain.registry,
    trust: { providers: [1n, 2n] },
    // Every live node as an entry point: a client keeps the DHT servers it is connected to.
    bootstrap: context.nodes
      .filter((node) => node.process !== undefined && !node.process.hasExited)
      .map((node) => nodeMultiaddr(node)),
    watchRegistry: false,
  };
  const identity = Wallet.createRandom() as unknown as Wallet;
  const clients: WaymarkRelayClient[] = [];
  try {
    const service = await createRelayClient({ ...options, identity });
    clients.push(service);
    const listener = await report.task(
      (l: { relays: { relay: { peerId: string; providerId: bigint | undefined } }[] }) =>
        `the service (no listen address) reserves on ${l.relays.map((held) => `${nameOf(relays, held.relay.peerId)} (provider ${held.relay.providerId})`).join(" and ")}, publishes its relay/reach record`,
      async () => service.serve({ signer: identity, protocol: ECHO_PROTOCOL, handler: echoHandler() }),
    );
    // The reservations as served: the listener replaces a killed relay's later.
    const reservedOn = listener.relays.map((held) => ({
      peerId: held.relay.peerId,
      providerId: String(held.relay.providerId),
    }));
    const caller = await createRelayClient(options);
    clients.push(caller);
    const call = async (text: string) => {
      const { stream, relay } = await caller.reach({ address: identity.address, protocol: ECHO_PROTOCOL });
      const session = echoSession(stream);
      const answer = new TextDecoder().decode(await session.request(new TextEncoder().encode(text)));
      await session.close();
      return { answer, relay: relay?.peerId ?? "" };
    };
    const first = await report.task(
      (r: { answer: string; relay: string }) =>
        `a caller reaches ${identity.address} through ${nameOf(relays, r.relay)}: "${r.answer}"`,
      async () => call("Hello from behind NAT"),
    );
    const killed = relays.find((node) => node.peerId === first.relay);
    await report.task(`kill ${killed?.name ?? "?"} (SIGKILL)`, async () => killed?.process?.kill());
    const killedAt = performance.now();
    const second = await report.task(
      (r: { answer: string; relay: string }) =>
        `it still answers, through ${nameOf(relays, r.relay)}: "${r.answer}"`,
      async () => call("Still answering"),
    );
    return {
      serviceAddress: identity.address,
      reservedOn,
      killed: first.relay,
      answeredAfterKillVia: second.relay,
      answeredAfterMs: Math.round(performance.now() - killedAt),
      answers: [first.answer, second.answer],
    };
  } finally {
    await Promise.allSettled(clients.map(async (client) => client.stop()));
  }
}

/** Starts `waymark-node start --service relay/1` for a demo node, joining the DHT through `entry`. */
async function startRelayNode(
  node: DemoNode,
  chain: { rpcUrl: string; registry: string },
  entry: DemoNode | undefined,
): Promise<void> {
  const configFile = await writeNodeConfig({
    dir: node.dir,
    registry: chain.registry,
    rpcUrl: chain.rpcUrl,
    keyFile: node.keyFile,
    dataDir: join(node.dir, "data"),
    listen: [`/ip4/127.0.0.1/tcp/${node.p2pPort}`],
    statusListen: `127.0.0.1:${node.statusPort}`,
    config: {
      registryCheckInterval: "5s",
      service: "relay/1",
      bootstrap: entry === undefined ? [] : [nodeMultiaddr(entry)],
    },
  });
  node.process = spawnNodeProcess({ name: node.name, configFile, killOnExit: true });
}

function nameOf(nodes: readonly DemoNode[], peerId: string): string {
  return nodes.find((node) => node.peerId === peerId)?.name ?? peerId;
}
