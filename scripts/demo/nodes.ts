import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import { runCliJson } from "../kit/cli.js";
import { freePort } from "../kit/freePort.js";
import { readNodeStatus, spawnNodeProcess, writeNodeConfig } from "../kit/nodeProcess.js";
import type { ChildProcessHandle } from "../kit/process.js";

/** A node of the demo: its key, ports, files and (once started) process. */
export interface DemoNode {
  readonly name: string;
  readonly dir: string;
  readonly keyFile: string;
  readonly peerId: string;
  readonly nodeAddress: string;
  readonly p2pPort: number;
  readonly statusPort: number;
  /** Provider it is registered under, or undefined for the rogue. */
  providerId: bigint | undefined;
  process?: ChildProcessHandle;
}

/** What `waymark-node keygen --json` prints. */
interface KeygenOutput {
  peerId: string;
  nodeAddress: string;
}

/**
 * Generates a node key with `waymark-node keygen`, in the node's own folder.
 *
 * @param root - The demo's working folder.
 * @param name - The node's name (its folder).
 * @returns The node, not yet started.
 */
export async function createDemoNode(root: string, name: string): Promise<DemoNode> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const keyFile = join(dir, "node.key");
  const key = await runCliJson<KeygenOutput>("waymark-node", ["keygen", "--out", keyFile]);
  const [p2pPort, statusPort] = await Promise.all([freePort(), freePort()]);
  return {
    name,
    dir,
    keyFile,
    peerId: key.peerId,
    nodeAddress: key.nodeAddress,
    p2pPort,
    statusPort,
    providerId: undefined,
  };
}

/** The multiaddr other peers dial to reach a node. */
export function nodeMultiaddr(node: DemoNode): string {
  return `/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${node.peerId}`;
}

/** The node's status server. */
export function statusUrl(node: DemoNode): string {
  return `http://127.0.0.1:${node.statusPort}`;
}

/**
 * Writes the node's configuration file and starts `waymark-node start` as its own process.
 *
 * @param node - The node.
 * @param chain - RPC URL and registry address.
 * @param service - The service it serves. @default "mail/1"
 */
export async function startDemoNode(
  node: DemoNode,
  chain: { rpcUrl: string; registry: string },
  service: "mail/1" | "records/1" = "mail/1",
): Promise<void> {
  const configFile = await writeNodeConfig({
    dir: node.dir,
    registry: chain.registry,
    rpcUrl: chain.rpcUrl,
    keyFile: node.keyFile,
    dataDir: join(node.dir, "data"),
    listen: [`/ip4/127.0.0.1/tcp/${node.p2pPort}`],
    statusListen: `127.0.0.1:${node.statusPort}`,
    config: { registryCheckInterval: "5s", service },
    // A lone node waits this long for a registered peer to catch up from before announcing.
    mail: service === "mail/1" ? { catchUpWaitMs: 3_000 } : undefined,
  });
  node.process = spawnNodeProcess({ name: node.name, configFile, killOnExit: true });
}

/** The part of `/status` the demo reads. */
export interface NodeStatus {
  state: string;
  registration: { verdict: string; registered: boolean; providerId: string | null };
  connections: number;
  dht: { routingTableSize: number };
  announcement: { successes: number };
  services: Record<string, { ready?: boolean; messages?: number } | undefined>;
}

/**
 * Reads a node's `/status`.
 *
 * @param node - The node.
 * @returns The status, or undefined when the server does not answer yet.
 */
export async function readStatus(node: DemoNode): Promise<NodeStatus | undefined> {
  try {
    return await readNodeStatus<NodeStatus>(statusUrl(node), 2_000);
  } catch {
    return undefined;
  }
}

/**
 * Waits until a node has announced its service in the DHT (its mail service caught up first).
 *
 * @param node - The node.
 * @param timeoutMs - How long to wait.
 * @returns The node's status at that moment.
 */
export async function waitUntilAnnounced(node: DemoNode, timeoutMs: number): Promise<NodeStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (node.process?.hasExited === true) throw new Error(`${node.name} exited:\n${node.process.output()}`);
    const status = await readStatus(node);
    if (status !== undefined && status.announcement.successes > 0) return status;
    if (Date.now() > deadline) {
      throw new Error(
        `${node.name} did not announce within ${timeoutMs} ms:\n${node.process?.output() ?? ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
