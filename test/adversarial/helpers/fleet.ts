import type { PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import type { Multiaddr } from "@multiformats/multiaddr";
import { multiaddr } from "@multiformats/multiaddr";

import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import type { RegistryClient } from "../../../client/kernel/registry/connect.js";
import type { MailLimitsInit } from "../../../node/mail/options.js";
import type { CliOptions } from "../../../scripts/kit/cli.js";
import type { LogLine } from "../../../scripts/kit/logLines.js";
import { readNodeStatus, spawnNodeProcess, writeNodeConfig } from "../../../scripts/kit/nodeProcess.js";
import type { ChildProcessHandle } from "../../../scripts/kit/process.js";
import { newNodeKey, registerNodeKey } from "../../../scripts/kit/registry.js";
import { TempDirs } from "../../../scripts/kit/tempDirs.js";

/** Where a mail server's files live, and who it is; kept across restarts. */
export interface ServerHome {
  dir: string;
  configFile: string;
  key: PrivateKey;
  peerId: string;
  /** Node address (the Ethereum address of the key). */
  node: string;
}

/** A running `waymark-node start` process. */
export interface RunningServer {
  home: ServerHome;
  process: ChildProcessHandle;
  /** Its listen addresses, each ending in `/p2p/<peer id>`. */
  addrs: Multiaddr[];
  /** Base URL of its status server. */
  statusUrl: string;
}

/** Options of {@link Fleet.prepare}. */
export interface PrepareOptions {
  /** Register the node key under this provider (signed by the provider's owner). */
  registerWith?: { provider: RegistryClient; providerId: bigint } | undefined;
  /** Mail service options (`serviceOptions.mail`). */
  mail?: MailLimitsInit | undefined;
  /** Any other node options, as the configuration file spells them. */
  config?: Record<string, unknown> | undefined;
}

/** Options of {@link Fleet.start}. */
export interface StartOptions {
  /** Extra command-line arguments after `start --config <file>`. */
  args?: readonly string[] | undefined;
  /** Extra environment variables. */
  env?: CliOptions["env"];
  /** What to wait for before resolving. @default "started" */
  until?: "started" | "ready" | "announced" | undefined;
  /**
   * Largest file the process may write, in KiB (`ulimit -f`): writes beyond it fail as on a full
   * disk, without root or a dedicated file system.
   */
  fileSizeLimitKiB?: number | undefined;
}

/**
 * Mail servers run as real `waymark-node start` processes, as an operator runs them: a key file and
 * a configuration file in a data directory of their own, on 127.0.0.1 with port 0. Every process
 * is killed (SIGKILL, by pid) and every directory removed by {@link Fleet.cleanup}.
 */
export class Fleet {
  private readonly homes = new TempDirs("waymark-adversarial-");
  private readonly processes: ChildProcessHandle[] = [];

  /**
   * @param rpcUrl - The chain the nodes use (a proxy URL works too).
   * @param registry - The registry address.
   */
  constructor(
    private readonly rpcUrl: string,
    private readonly registry: string,
  ) {}

  /**
   * Makes a data directory with a fresh node key (mode 0600) and a configuration file; registers
   * the key when asked.
   *
   * @param options - Registration, mail limits and other options.
   * @returns The home.
   */
  async prepare(options: PrepareOptions = {}): Promise<ServerHome> {
    const dir = await this.homes.make();
    const key = await newNodeKey();
    const configFile = await writeNodeConfig({
      dir,
      registry: this.registry,
      rpcUrl: this.rpcUrl,
      key,
      dataDir: ".",
      config: { registryRetryInterval: "250ms", rpcTimeout: "2s", shutdownTimeout: "5s", ...options.config },
      mail: { catchUpWaitMs: 0, ...options.mail },
    });
    if (options.registerWith !== undefined) {
      await registerNodeKey(options.registerWith.provider, key, {
        providerId: options.registerWith.providerId,
      });
    }
    return {
      dir,
      configFile,
      key,
      peerId: peerIdFromPrivateKey(key).toString(),
      node: nodeWallet(key).address,
    };
  }

  /**
   * Starts `waymark-node start --config <file>` for a home and waits until it runs.
   *
   * @param home - The home (a restart reuses it: same key, same store).
   * @param options - Extra arguments, environment, and what to wait for.
   * @returns The running server.
   */
  async start(home: ServerHome, options: StartOptions = {}): Promise<RunningServer> {
    const node = this.spawn(home, options);
    const status = await node.waitForLine((line) => line.msg === "status server listening");
    const started = await node.waitForLine((line) => line.msg === "node started");
    const until = options.until ?? "started";
    if (until === "ready") await node.waitForLine((line) => line.msg === "services ready");
    if (until === "announced") {
      await node.waitForLine((line) => line.msg === "announced the service in the DHT");
    }
    const addrs = (started.addresses as string[]).map((text) =>
      multiaddr(text.includes("/p2p/") ? text : `${text}/p2p/${home.peerId}`),
    );
    return { home, process: node, addrs, statusUrl: String(status.url) };
  }

  /**
   * Spawns `waymark-node start` without waiting (for processes that are expected to fail).
   *
   * @param home - The home.
   * @param options - Extra arguments and environment.
   * @returns The process.
   */
  spawn(home: ServerHome, options: Omit<StartOptions, "until"> = {}): ChildProcessHandle {
    const node = spawnNodeProcess({
      configFile: home.configFile,
      cwd: home.dir,
      args: options.args,
      env: options.env,
      fileSizeLimitKiB: options.fileSizeLimitKiB,
    });
    this.processes.push(node);
    return node;
  }

  /** Kills every process still running (SIGKILL, by pid); the homes stay. */
  async stopAll(): Promise<void> {
    await Promise.all(this.processes.splice(0).map(async (node) => node.kill()));
  }

  /** Kills every process still running and removes every home. */
  async cleanup(): Promise<void> {
    await this.stopAll();
    await this.homes.cleanup();
  }
}

/**
 * Reads a server's `/status`.
 *
 * @param server - The server.
 * @returns The status JSON.
 */
export async function statusOf(server: RunningServer): Promise<Record<string, unknown>> {
  return readNodeStatus(server.statusUrl, 10_000);
}

/** The mail section of `/status`, as far as the tests read it. */
export interface MailStatusView {
  messages: number;
  bytes: number;
  ready: boolean;
  evictionFloor?: number;
  catchUp: { state: string; pulled: number; error?: string };
  replication: { peers: number; forwarded: number };
  requests: { errorsByCode: Record<string, number> };
}

/**
 * The mail section of a server's `/status`.
 *
 * @param server - The server.
 * @returns Messages, readiness, eviction floor, catch-up, replication and request figures.
 */
export async function mailStatusOf(server: RunningServer): Promise<MailStatusView> {
  const { services } = (await statusOf(server)) as { services: { mail: MailStatusView } };
  return services.mail;
}

/**
 * A log line that matches, for assertions on what a process said.
 *
 * @param process - The process.
 * @param match - The predicate.
 * @returns The line, or undefined.
 */
export function findLine(
  process: ChildProcessHandle,
  match: (line: LogLine) => boolean,
): LogLine | undefined {
  return process.lines.find(match);
}
