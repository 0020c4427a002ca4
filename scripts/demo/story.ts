import { hexlify } from "ethers";

import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { createWaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { generateMailKeyPair } from "../../client/mail/encryption.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { verifyNodes } from "../../client/kernel/registry/verifyNodes.js";
import type { MailMessage } from "../../client/mail/history.js";
import type { VerifiedCandidate } from "../../client/verification/types.js";
import { ROLES } from "./accounts.js";
import type { Chain } from "../kit/chain.js";
import { startChain } from "../kit/chain.js";
import { runCli, runCliJson } from "../kit/cli.js";
import { deployRegistry } from "../kit/registry.js";
import type { DemoNode } from "./nodes.js";
import { createDemoNode, nodeMultiaddr, startDemoNode, statusUrl, waitUntilAnnounced } from "./nodes.js";
import type { RecordsReport } from "./recordsStory.js";
import { playRecordsStep } from "./recordsStory.js";
import type { Reporter } from "./reporter.js";

/** Everything the demo started, so that it can all be stopped. */
export interface DemoWorld {
  chain?: Chain;
  registry?: string;
  nodes: DemoNode[];
  clients: WaymarkClient[];
}

/** What happened, for the summary and for the end-to-end test. */
export interface DemoReport {
  rpcUrl: string;
  registry: string;
  providers: { id: string; name: string; owner: string; isDefault: boolean }[];
  nodes: {
    name: string;
    peerId: string;
    nodeAddress: string;
    providerId: string | null;
    statusUrl: string;
    verdict: string;
  }[];
  discovered: { peerId: string; verdict: string; trusted: boolean; providerId: string | null }[];
  selected: { peerId: string; providerId: string };
  sent: { id: string; serverPeerId: string; ciphertextBytes: number };
  readBack: { serverPeerId: string; plaintext: string; encrypted: boolean; waitedMs: number };
  records: RecordsReport;
  revocation: {
    suspendedProviderId: string;
    revokedAfterMs: number;
    failoverPeerId: string;
    failoverProviderId: string;
    sentAfterId: string;
  };
}

const SERVICE = "mail/1";
/** The Ignition deployment id the demo uses (recorded under `scripts/ignition/deployments/`). */
const DEMO_DEPLOYMENT_ID = "waymark-demo";
const TOPIC = "/waymark-demo/inbox/bob";
const MESSAGE = "Hello Bob. This went through a mail server nobody hard-coded.";
const ADDRESS_TOPIC = "/waymark-demo/inbox/bob-by-address";
const asCurator = { env: { WAYMARK_PRIVATE_KEY: ROLES.curator.privateKey } };
const asAlpha = { env: { WAYMARK_PRIVATE_KEY: ROLES.alpha.privateKey } };
const asBeta = { env: { WAYMARK_PRIVATE_KEY: ROLES.beta.privateKey } };

/**
 * Plays the whole story with real processes: chain, registry, curation, node keys and consents,
 * nodes announcing in the DHT, a client that discovers, verifies, selects, sends encrypted mail,
 * reads it back from another node, and fails over when a curator suspends its server's provider.
 *
 * @param world - Filled in as things start, so the caller can stop them whatever happens.
 * @param report - The reporter.
 * @param workDir - Folder for node keys, configs and data.
 * @returns What happened.
 */
export async function playStory(world: DemoWorld, report: Reporter, workDir: string): Promise<DemoReport> {
  // 1. Chain and registry ------------------------------------------------------------------
  report.step("A local chain and the registry");
  const chain = await report.task(
    (c: Chain) => `hardhat node listening on ${c.rpcUrl}`,
    async () => startChain({ mode: "process", killOnExit: true }),
  );
  world.chain = chain;
  const registry = await report.task(
    (address: string) => `Registry deployed with Hardhat Ignition at ${address}`,
    async () => deployRegistry(chain, { via: "ignition", deploymentId: DEMO_DEPLOYMENT_ID }),
  );
  world.registry = registry;
  const cli = ["--rpc-url", chain.rpcUrl, "--registry", registry];

  // 2. Curation --------------------------------------------------------------------------------
  report.step("Curators admit providers");
  await report.task(`curator admits "Alpha Mail" (provider 1) and marks it default`, async () =>
    runCliJson(
      "waymark",
      [...cli, "curator", "add-provider", ROLES.alpha.address, "Alpha Mail", "--default"],
      asCurator,
    ),
  );
  await report.task(`"Beta Relay" applies to become a provider (provider 2, pending)`, async () =>
    runCliJson(
      "waymark",
      [...cli, "provider", "apply", "Beta Relay", "--metadata-uri", "https://beta.example"],
      asBeta,
    ),
  );
  await report.task(`curator approves "Beta Relay" and marks it default`, async () => {
    await runCliJson("waymark", [...cli, "curator", "approve", "2"], asCurator);
    return runCliJson("waymark", [...cli, "curator", "set-default", "2"], asCurator);
  });

  // 3. Node keys and consents ------------------------------------------------------------------
  report.step("Four node keys; three nodes registered with their own consent");
  const names = ["alpha-1", "alpha-2", "beta-1", "rogue"] as const;
  const nodes = await report.task(
    "waymark-node keygen, four times (secp256k1 libp2p keys, mode 0600)",
    async () => Promise.all(names.map(async (name) => createDemoNode(workDir, name))),
  );
  // The world's list also gets the records servers; `nodes` stays the mail nodes of the summary.
  world.nodes = [...nodes];
  const [alpha1, alpha2, beta1, rogue] = nodes as [DemoNode, DemoNode, DemoNode, DemoNode];
  report.table(
    ["node", "peer id", "node address"],
    nodes.map((node) => [node.name, short(node.peerId), node.nodeAddress]),
  );
  const assignments: [DemoNode, bigint, { env: Record<string, string> }][] = [
    [alpha1, 1n, asAlpha],
    [alpha2, 1n, asAlpha],
    [beta1, 2n, asBeta],
  ];
  for (const [node, providerId, asOwner] of assignments) {
    await report.task(
      `${node.name}: node key signs its consent; provider ${providerId} registers it`,
      async () => {
        const consentFile = `${node.dir}/consent.json`;
        await runCli(
          "waymark-node",
          [
            "consent",
            "--key",
            node.keyFile,
            "--rpc-url",
            chain.rpcUrl,
            "--registry",
            registry,
            "--provider",
            String(providerId),
            "--out",
            consentFile,
          ],
          { check: true },
        );
        await runCliJson("waymark", [...cli, "provider", "register-node", consentFile], asOwner);
        node.providerId = providerId;
      },
    );
  }
  await report.task(`Alpha Mail publishes alpha-1's address as a bootstrap record`, async () =>
    runCliJson(
      "waymark",
      [...cli, "provider", "set-bootstrap", alpha1.nodeAddress, nodeMultiaddr(alpha1)],
      asAlpha,
    ),
  );
  report.detail(`the rogue node is not registered, but it will announce the same service key`);

  // 4. Nodes start and announce ----------------------------------------------------------------
  report.step("The nodes start as separate processes and announce in the DHT");
  await report.task("waymark-node start, four processes", async () => {
    await Promise.all(nodes.map(async (node) => startDemoNode(node, { rpcUrl: chain.rpcUrl, registry })));
  });
  const statuses = await report.task(
    "every node joined through the registry's bootstrap record and announced mail/1",
    async () => Promise.all(nodes.map(async (node) => waitUntilAnnounced(node, 60_000))),
  );
  report.table(
    ["node", "registration", "status"],
    nodes.map((node, i) => [
      node.name,
      statuses[i]?.registration.verdict ?? "?",
      `${statusUrl(node)}/status`,
    ]),
  );

  // 5. A client discovers, verifies, selects, sends, reads back ------------------------------
  report.step("A client discovers, verifies in one call, picks at random, sends encrypted mail");
  const alice = await createWaymarkClient({
    rpcUrl: chain.rpcUrl,
    registry,
    service: SERVICE,
    watchIntervalMs: 250,
  });
  world.clients.push(alice);
  alice.addEventListener("server:failed", (event) => {
    report.detail(
      `server:failed ${nameOf(nodes, event.detail.server.peerId)}: ${event.detail.error.message}`,
    );
  });
  const candidates = await report.task(
    (found: { length: number }) => `discovered ${found.length} candidates in the DHT (nothing hard-coded)`,
    async () => alice.discover(),
  );
  const verified = await report.task(
    (list: VerifiedCandidate[]) =>
      `verified all ${list.length} against the registry in one verifyNodes call: ${list.filter((c) => c.trusted).length} trusted`,
    async () => alice.verify(candidates),
  );
  report.table(
    ["candidate", "node", "verdict", "provider"],
    verified.map((c) => [
      short(c.peerId),
      nameOf(nodes, c.peerId),
      c.verdict,
      c.providerId?.toString() ?? "-",
    ]),
  );
  const rogueVerdict = verified.find((c) => c.peerId === rogue.peerId);
  if (rogueVerdict === undefined) throw new Error("the rogue node was not discovered");
  if (rogueVerdict.trusted) throw new Error("the rogue node verified as trusted");

  const selection = await report.task(
    (s: { server: VerifiedCandidate; rttMs: number }) =>
      `picked ${nameOf(nodes, s.server.peerId)} at random among the fastest trusted (RTT ${s.rttMs.toFixed(1)} ms)`,
    async () => alice.select(),
  );
  const bob = generateMailKeyPair();
  const sent = await report.task(
    (r: { server: VerifiedCandidate }) =>
      `sent a message to Bob, encrypted to his key, via ${nameOf(nodes, r.server.peerId)}`,
    async () => alice.send(TOPIC, MESSAGE, { encryptTo: bob.publicKey }),
  );

  const bobsClient = await createWaymarkClient({
    rpcUrl: chain.rpcUrl,
    registry,
    service: SERVICE,
    trust: { excludeNodes: [sent.server.peerId] },
  });
  world.clients.push(bobsClient);
  const readStarted = performance.now();
  const readBack = await report.task(
    (r: { message: MailMessage; server: VerifiedCandidate }) =>
      `Bob reads it back from a different node, ${nameOf(nodes, r.server.peerId)} (replicated)`,
    async () => readOne(bobsClient, bob.privateKey, sent.id, 15_000),
  );
  const plaintext = new TextDecoder().decode(readBack.message.plaintext);
  report.detail(
    `stored on the servers: ${readBack.message.payload.length} bytes of ciphertext (${hexlify(readBack.message.payload.slice(0, 12))}…)`,
    `Bob's key opens it: "${plaintext}"`,
  );

  // 6. Records servers and mail by address -------------------------------------------------------
  const records = await playRecordsStep({
    report,
    workDir,
    chain: { rpcUrl: chain.rpcUrl, registry },
    cli,
    owners: new Map([
      [1n, asAlpha],
      [2n, asBeta],
    ]),
    nodes: world.nodes,
    alice,
    topic: ADDRESS_TOPIC,
  });

  // 7. Revocation and failover -----------------------------------------------------------------
  report.step("A curator suspends the picked node's provider; the client fails over");
  const picked = selection.server;
  const suspended = picked.providerId ?? 0n;
  const revoked = waitForRevocation(alice, picked.peerId, 20_000);
  // Awaited below; this keeps a failure of the suspension itself from leaving it unhandled.
  revoked.catch(() => undefined);
  const suspendedAt = performance.now();
  await report.task(`curator suspends provider ${suspended} (reason: policy)`, async () =>
    runCliJson("waymark", [...cli, "curator", "suspend", String(suspended), "--reason", "policy"], asCurator),
  );
  const revokedAfterMs = await report.task(
    (ms: number) =>
      `the connected client dropped ${nameOf(nodes, picked.peerId)} (server:revoked ${(ms / 1000).toFixed(1)} s after the command started)`,
    async () => {
      await revoked;
      return performance.now() - suspendedAt;
    },
  );
  const failover = await report.task(
    (r: { server: VerifiedCandidate }) =>
      `the next message goes through ${nameOf(nodes, r.server.peerId)} (provider ${r.server.providerId})`,
    async () =>
      alice.send(TOPIC, "Still here, through another provider's server.", { encryptTo: bob.publicKey }),
  );
  if (failover.server.providerId === suspended)
    throw new Error("failed over to a node of the suspended provider");

  // Summary: what the registry says of each node now, in one call --------------------------------
  const registryClient = await connectRegistry({ rpcUrl: chain.rpcUrl, address: registry });
  const verdictsNow = await verifyNodes(registryClient, {
    nodes: nodes.map((node) => node.nodeAddress),
    service: SERVICE,
  });
  return {
    rpcUrl: chain.rpcUrl,
    registry,
    providers: [
      { id: "1", name: "Alpha Mail", owner: ROLES.alpha.address, isDefault: true },
      { id: "2", name: "Beta Relay", owner: ROLES.beta.address, isDefault: true },
    ],
    nodes: nodes.map((node, i) => ({
      name: node.name,
      peerId: node.peerId,
      nodeAddress: node.nodeAddress,
      providerId: node.providerId?.toString() ?? null,
      statusUrl: `${statusUrl(node)}/status`,
      verdict: verdictsNow[i]?.verdict ?? "unknown",
    })),
    discovered: verified.map((c) => ({
      peerId: c.peerId,
      verdict: c.verdict,
      trusted: c.trusted,
      providerId: c.providerId?.toString() ?? null,
    })),
    selected: { peerId: picked.peerId, providerId: suspended.toString() },
    sent: { id: sent.id, serverPeerId: sent.server.peerId, ciphertextBytes: readBack.message.payload.length },
    readBack: {
      serverPeerId: readBack.server.peerId,
      plaintext,
      encrypted: readBack.message.encrypted,
      waitedMs: Math.round(performance.now() - readStarted),
    },
    records,
    revocation: {
      suspendedProviderId: suspended.toString(),
      revokedAfterMs: Math.round(revokedAfterMs),
      failoverPeerId: failover.server.peerId,
      failoverProviderId: failover.server.providerId?.toString() ?? "",
      sentAfterId: failover.id,
    },
  };
}

/** Reads Bob's inbox until the message with `id` is there (replication takes a moment). */
async function readOne(
  client: WaymarkClient,
  key: Uint8Array,
  id: string,
  timeoutMs: number,
): Promise<{ message: MailMessage; server: VerifiedCandidate }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for await (const page of client.history({ topics: [TOPIC], decryptWith: key })) {
      const message = page.messages.find((m) => m.id === id);
      if (message !== undefined) return { message, server: page.server };
    }
    if (Date.now() > deadline)
      throw new Error(`message ${id} did not reach another node within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForRevocation(client: WaymarkClient, peerId: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no server:revoked for ${peerId} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.addEventListener("server:revoked", (event) => {
      if (event.detail.server.peerId !== peerId) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

function nameOf(nodes: readonly DemoNode[], peerId: string): string {
  return nodes.find((node) => node.peerId === peerId)?.name ?? short(peerId);
}

function short(peerId: string): string {
  return `${peerId.slice(0, 10)}…${peerId.slice(-6)}`;
}
