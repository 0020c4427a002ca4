import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { PrivateKey } from "@libp2p/interface";

import { encodeKeyFile } from "../../node/keys/keyFile.js";
import type { LogLine } from "./logLines.js";
import { BINARIES } from "./paths.js";
import { ChildProcessHandle } from "./process.js";

/** Options of {@link writeNodeConfig}. */
export interface NodeConfigInit {
  /** Folder of the configuration file (`node.json`) and, by default, of the key and the data. */
  dir: string;
  /** Registry address. */
  registry: string;
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** A node key to write to `<dir>/node.key` (mode 0600); absent, the key file must exist. */
  key?: PrivateKey | undefined;
  /** The key file. @default "<dir>/node.key" */
  keyFile?: string | undefined;
  /** Data directory. @default dir */
  dataDir?: string | undefined;
  /** libp2p listen addresses. @default ["/ip4/127.0.0.1/tcp/0"] */
  listen?: readonly string[] | undefined;
  /** Status server address. @default "127.0.0.1:0" */
  statusListen?: string | undefined;
  /** More node options, as the configuration file spells them (see `waymark-node config`). */
  config?: Record<string, unknown> | undefined;
  /** The `mail` section of `serviceOptions`. */
  mail?: Record<string, unknown> | undefined;
}

/**
 * Writes a node's configuration file (loopback, JSON logs, port 0 unless told) and its key file
 * when a key is given.
 *
 * @param init - Where, which chain and registry, which options.
 * @returns The configuration file's path.
 */
export async function writeNodeConfig(init: NodeConfigInit): Promise<string> {
  await mkdir(init.dir, { recursive: true, mode: 0o700 });
  const keyFile = init.keyFile ?? join(init.dir, "node.key");
  if (init.key !== undefined) {
    await writeFile(keyFile, `${JSON.stringify(await encodeKeyFile(init.key), null, 2)}\n`, { mode: 0o600 });
  }
  const config = {
    registry: init.registry,
    rpcUrl: init.rpcUrl,
    dataDir: init.dataDir ?? init.dir,
    keyFile,
    listen: init.listen ?? ["/ip4/127.0.0.1/tcp/0"],
    statusListen: init.statusListen ?? "127.0.0.1:0",
    // Several nodes share 127.0.0.1: lift the per-host connection limits.
    loopback: true,
    logFormat: "json",
    ...init.config,
    ...(init.mail === undefined ? {} : { serviceOptions: { mail: init.mail } }),
  };
  const configFile = join(init.dir, "node.json");
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return configFile;
}

/** Options of {@link spawnNodeProcess} and {@link startNodeProcess}. */
export interface NodeProcessInit {
  /** The configuration file (see {@link writeNodeConfig}). */
  configFile: string;
  /** A label for messages. @default "waymark-node" */
  name?: string | undefined;
  /** Working directory. @default the repository root */
  cwd?: string | undefined;
  /** Extra command-line arguments after `start --config <file>`. */
  args?: readonly string[] | undefined;
  /** Extra environment variables (undefined removes one). */
  env?: Record<string, string | undefined> | undefined;
  /** Node.js flags before the program, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[] | undefined;
  /**
   * Largest file the process may write, in KiB (`ulimit -f`): writes beyond it fail as on a full
   * disk, without root or a dedicated file system.
   */
  fileSizeLimitKiB?: number | undefined;
  /** Kill the process if the caller exits first. @default false */
  killOnExit?: boolean | undefined;
}

/**
 * Spawns `waymark-node start --config <file>` without waiting for anything (for processes
 * expected to fail).
 *
 * @param init - Configuration file, arguments, environment, limits.
 * @returns The process.
 */
export function spawnNodeProcess(init: NodeProcessInit): ChildProcessHandle {
  const command = [
    process.execPath,
    ...(init.nodeFlags ?? []),
    BINARIES["waymark-node"],
    "start",
    "--config",
    init.configFile,
    ...(init.args ?? []),
  ];
  const limited =
    init.fileSizeLimitKiB === undefined
      ? command
      : ["/bin/sh", "-c", 'ulimit -f "$0" && exec "$@"', String(init.fileSizeLimitKiB), ...command];
  return ChildProcessHandle.spawn({
    name: init.name ?? "waymark-node",
    command: limited[0],
    args: limited.slice(1),
    cwd: init.cwd,
    env: init.env,
    killOnExit: init.killOnExit,
  });
}

/** How long a node may take to log that it started. */
const START_TIMEOUT_MS = 60_000;

/** What {@link startNodeProcess} waits for before it resolves. */
export type NodeMilestone = "started" | "ready" | "announced";

/** The log line of each milestone. */
const MILESTONE_LINES: Record<NodeMilestone, string> = {
  started: "node started",
  ready: "services ready",
  announced: "announced the service in the DHT",
};

/** A running `waymark-node start` process, past its `node started` log line. */
export class NodeProcess {
  private constructor(
    /** The process. */
    readonly process: ChildProcessHandle,
    /** The configuration file. */
    readonly configFile: string,
    /** The log line `node started`: peer id, node address, addresses. */
    readonly started: LogLine,
    /** The status server's base URL. */
    readonly statusUrl: string,
    /** Seconds from spawning the process to its `node started` line. */
    readonly startSeconds: number,
  ) {}

  /**
   * Spawns `waymark-node start --config <file>` and waits for its status server and its
   * `node started` line (and a later milestone when asked).
   *
   * @param init - Configuration file, arguments, environment, limits, what to wait for.
   * @returns The running node.
   */
  static async start(init: NodeProcessInit & { until?: NodeMilestone | undefined }): Promise<NodeProcess> {
    const spawned = performance.now();
    const child = spawnNodeProcess(init);
    try {
      const listening = await child.waitForLine(
        (line) => line.msg === "status server listening",
        START_TIMEOUT_MS,
      );
      const started = await child.waitForLine(
        (line) => line.msg === MILESTONE_LINES.started,
        START_TIMEOUT_MS,
      );
      const startSeconds = (performance.now() - spawned) / 1000;
      const until = init.until ?? "started";
      if (until !== "started") await child.waitForLine((line) => line.msg === MILESTONE_LINES[until]);
      return new NodeProcess(child, init.configFile, started, String(listening.url), startSeconds);
    } catch (err) {
      await child.kill();
      throw err;
    }
  }

  /** The node's process id. */
  get pid(): number {
    return this.process.pid;
  }

  /** The node's peer id. */
  get peerId(): string {
    return String(this.started.peerId);
  }

  /** The node's listen addresses, each ending in `/p2p/<peer id>`. */
  get multiaddrs(): string[] {
    return (this.started.addresses as string[]).map((text) =>
      text.includes("/p2p/") ? text : `${text}/p2p/${this.peerId}`,
    );
  }

  /** The node's first listen address, ending in `/p2p/<peer id>`. */
  get multiaddr(): string {
    const first = this.multiaddrs[0];
    if (first === undefined) throw new Error("the node reported no address");
    return first;
  }

  /**
   * The node's `/status` document.
   *
   * @returns The parsed JSON.
   */
  async status<T = Record<string, unknown>>(): Promise<T> {
    return readNodeStatus<T>(this.statusUrl);
  }

  /**
   * Stops the node: SIGTERM, then SIGKILL after the grace time.
   *
   * @param graceMs - How long the graceful stop may take. @default 30000
   */
  async stop(graceMs = 30_000): Promise<void> {
    await this.process.stop(graceMs);
  }
}

/** Options of {@link startNodeProcess}: a configuration file, or what to write one from. */
export type StartNodeProcessInit = (
  NodeProcessInit | (NodeConfigInit & Omit<NodeProcessInit, "configFile"> & { configFile?: undefined })
) & {
  /** What to wait for before resolving. @default "started" */
  until?: NodeMilestone | undefined;
};

/**
 * Starts a `waymark-node` process (see {@link NodeProcess.start}), writing its configuration file
 * (and key file) first unless given one.
 *
 * @param init - A configuration file or its contents; arguments, environment, limits, what to wait for.
 * @returns The running node.
 */
export async function startNodeProcess(init: StartNodeProcessInit): Promise<NodeProcess> {
  const configFile = init.configFile ?? (await writeNodeConfig(init));
  return NodeProcess.start({ ...init, configFile });
}

/**
 * Reads a node's `/status` document.
 *
 * @param statusUrl - The status server's base URL.
 * @param timeoutMs - How long the request may take. @default 5000
 * @returns The parsed JSON.
 * @throws Error when the server does not answer with 200.
 */
export async function readNodeStatus<T = Record<string, unknown>>(
  statusUrl: string,
  timeoutMs = 5_000,
): Promise<T> {
  const response = await fetch(`${statusUrl}/status`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${statusUrl}/status answered ${response.status}`);
  return (await response.json()) as T;
}
