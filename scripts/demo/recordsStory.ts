import { multiaddr } from "@multiformats/multiaddr";
import { Wallet } from "ethers";

import type { WaymarkClient } from "../../client/clients/createWaymarkClient.js";
import { MAIL_KEY_RECORD } from "../../client/clients/mailKeyRecord.js";
import { readMailKeyFile } from "../../client/mail/keyFile.js";
import type { MailMessage } from "../../client/mail/history.js";
import { getRecord } from "../../client/records/protocol/requests.js";
import { runCli, runCliJson } from "../kit/cli.js";
import { waitFor } from "../kit/wait.js";
import type { DemoNode } from "./nodes.js";
import { createDemoNode, nodeMultiaddr, startDemoNode, waitUntilAnnounced } from "./nodes.js";
import type { Reporter } from "./reporter.js";

/** What the records step did, for the summary and the end-to-end test. */
export interface RecordsReport {
  /** Bob's address, under which his mail key is published. */
  bobAddress: string;
  /** The records server that first stored the key, and the one that answered after it was killed. */
  publishedVia: string;
  killed: string;
  readAfterKillVia: string;
  /** The message Alice sent to Bob's address, as Bob opened it. */
  plaintext: string;
}

/** What the records step needs of the story so far. */
export interface RecordsStepContext {
  report: Reporter;
  workDir: string;
  chain: { rpcUrl: string; registry: string };
  /** `--rpc-url … --registry …` for the CLIs. */
  cli: readonly string[];
  /** Each provider's owner, as CLI environments. */
  owners: ReadonlyMap<bigint, { env: Record<string, string> }>;
  /** Every node of the demo, to which the records servers are added. */
  nodes: DemoNode[];
  /** Alice's client. */
  alice: WaymarkClient;
  /** Topic Bob reads. */
  topic: string;
}

/**
 * Two records servers of different providers join; Bob publishes his mail key under his address
 * (a signed record: no transaction, no gas); Alice sends to his address alone; the records server
 * that stored the key is killed and the lookup fails over to the other, which holds it by
 * replication.
 *
 * @param context - The story so far.
 * @returns What happened.
 */
export async function playRecordsStep(context: RecordsStepContext): Promise<RecordsReport> {
  const { report, chain, cli, alice } = context;
  report.step("Records servers: Bob publishes his mail key, Alice writes to his address");
  const servers = await report.task("waymark-node keygen for two records servers", async () =>
    Promise.all(["records-alpha", "records-beta"].map(async (name) => createDemoNode(context.workDir, name))),
  );
  const [recordsAlpha, recordsBeta] = servers as [DemoNode, DemoNode];
  for (const [node, providerId] of [
    [recordsAlpha, 1n],
    [recordsBeta, 2n],
  ] as const) {
    await report.task(
      `${node.name}: consents to serve records/1; provider ${providerId} registers it`,
      async () => {
        const consentFile = `${node.dir}/consent.json`;
        await runCli(
          "waymark-node",
          [
            "consent",
            "--key",
            node.keyFile,
            ...cli,
            "--service",
            "records/1",
            "--provider",
            String(providerId),
            "--out",
            consentFile,
          ],
          { check: true },
        );
        await runCliJson(
          "waymark",
          [...cli, "provider", "register-node", consentFile],
          context.owners.get(providerId),
        );
        node.providerId = providerId;
      },
    );
  }
  await report.task(
    "provider 1 publishes records-alpha's address as the records/1 bootstrap record",
    async () =>
      runCliJson(
        "waymark",
        [...cli, "provider", "set-bootstrap", recordsAlpha.nodeAddress, nodeMultiaddr(recordsAlpha)],
        context.owners.get(1n),
      ),
  );
  context.nodes.push(recordsAlpha, recordsBeta);
  await report.task(
    "waymark-node start --service records/1, two processes, caught up, announced",
    async () => {
      await Promise.all(servers.map(async (node) => startDemoNode(node, chain, "records/1")));
      await Promise.all(servers.map(async (node) => waitUntilAnnounced(node, 60_000)));
    },
  );

  const bob = Wallet.createRandom();
  const bobKeyFile = `${context.workDir}/bob-mail.key`;
  const published = await report.task(
    (p: { address: string; server: string }) =>
      `Bob: waymark keygen --publish: his mail key is the signed mail/key record of ${p.address}`,
    async () =>
      runCliJson<{ publicKey: string; published: { address: string; server: string } }>(
        "waymark",
        [...cli, "keygen", "--out", bobKeyFile, "--unencrypted", "--publish"],
        { env: { WAYMARK_PRIVATE_KEY: bob.privateKey } },
      ).then((out) => ({ ...out.published, publicKey: out.publicKey })),
  );
  const domain = { chainId: 31337n, registry: chain.registry };
  await report.task("both records servers hold it (replicated)", async () =>
    waitFor(async () => {
      const held = await Promise.all(
        servers.map(async (node) =>
          getRecord(alice.host, multiaddr(`/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${node.peerId}`), domain, {
            owner: bob.address,
            name: MAIL_KEY_RECORD,
          }).catch(() => undefined),
        ),
      );
      return held.every((record) => record !== undefined);
    }, 20_000),
  );

  const sent = await report.task(
    () =>
      `Alice sends to ${bob.address} alone: the client looks the key up on two verified records servers, checks Bob's signature, encrypts`,
    async () => alice.send(context.topic, "Hello Bob, found by your address.", { encryptTo: bob.address }),
  );
  const publisher = servers.find((node) => node.peerId === published.server) ?? recordsAlpha;
  await report.task(`kill ${publisher.name} (SIGKILL)`, async () => publisher.process?.kill());
  const again = await report.task(
    (r: { servers: { peerId: string }[] }) =>
      `Bob's key is still found: answered by ${servers.find((n) => n.peerId === r.servers[0]?.peerId)?.name ?? "?"}`,
    async () => alice.records.get({ owner: bob.address, name: MAIL_KEY_RECORD }),
  );
  if (again.record === undefined) throw new Error("Bob's mail key was not found after the failover");

  const opened = await report.task(
    () => "Bob opens the message with his mail key",
    async () =>
      readFrom(alice, context.topic, (await (await readMailKeyFile(bobKeyFile)).open()).privateKey, sent.id),
  );
  return {
    bobAddress: bob.address,
    publishedVia: publisher.peerId,
    killed: publisher.peerId,
    readAfterKillVia: again.servers[0]?.peerId ?? "",
    plaintext: opened.text ?? "",
  };
}

async function readFrom(
  client: WaymarkClient,
  topic: string,
  key: Uint8Array,
  id: string,
): Promise<MailMessage> {
  for await (const page of client.history({ topics: [topic], decryptWith: key })) {
    const message = page.messages.find((m) => m.id === id);
    if (message !== undefined) return message;
  }
  throw new Error(`message ${id} not found`);
}
