import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { PrivateKey } from "@libp2p/interface";

import { encodeKeyFile } from "../../../node/keys/keyFile.js";
import type { BenchProcess, LogLine } from "./processes.js";
import { ROOT, startNodeProcess } from "./processes.js";

/** The `waymark-node` program, as `npm run build` compiles it (what the package's bin runs). */
export const WAYMARK_NODE_BIN = `${ROOT}dist/node/cli/main.js`;

/** Options of {@link WaymarkNodeProcess.start}. */
export interface NodeProcessInit {
  /** Registry address. */
  registry: string;
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** The node key (written to the node's key file). */
  key: PrivateKey;
  /** Data directory; a fresh temporary one (removed at stop) when absent. */
  dataDir?: string | undefined;
  /** libp2p listen addresses. @default ["/ip4/127.0.0.1/tcp/0"] */
  listen?: readonly string[] | undefined;
  /** More node options for the configuration file (see `waymark-node config`). */
  config?: Record<string, unknown> | undefined;
  /** The `mail` section of `serviceOptions` in the configuration file. */
  mail?: Record<string, unknown> | undefined;
  /** Write a V8 CPU profile of the node to this folder when it stops (`--cpu-prof`). */
  cpuProfileDir?: string | undefined;
  /** A label for messages. @default "waymark-node" */
  name?: string | undefined;
}

/**
 * A real `waymark-node start` process, configured by a JSON file written beside its key in its data
 * directory, on 127.0.0.1.
 */
export class WaymarkNodeProcess {
  private constructor(
    /** The process. */
    readonly process: BenchProcess,
    /** The data directory. */
    readonly dataDir: string,
    /** The configuration file. */
    readonly configFile: string,
    /** The log line `node started`: peer id, node address, addresses. */
    readonly started: LogLine,
    /** The status server's base URL. */
    readonly statusUrl: string,
    /** Seconds from spawning the process to its `node started` line. */
    readonly startSeconds: number,
    private readonly ownsDataDir: boolean,
  ) {}

  /**
   * Writes the key and the configuration, starts `waymark-node start --config <file>`, and waits
   * for its `node started` log line.
   *
   * @param init - Registry, chain, key, options.
   * @returns The running node.
   */
  static async start(init: NodeProcessInit): Promise<WaymarkNodeProcess> {
    const ownsDataDir = init.dataDir === undefined;
    const dataDir = init.dataDir ?? (await mkdtemp(join(tmpdir(), "waymark-bench-node-")));
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const keyFile = join(dataDir, "node.key");
    await writeFile(keyFile, `${JSON.stringify(await encodeKeyFile(init.key), null, 2)}\n`, { mode: 0o600 });
    const config = {
      registry: init.registry,
      rpcUrl: init.rpcUrl,
      dataDir,
      keyFile,
      listen: init.listen ?? ["/ip4/127.0.0.1/tcp/0"],
      statusListen: "127.0.0.1:0",
      loopback: true,
      logLevel: "info",
      logFormat: "json",
      ...init.config,
      serviceOptions: { mail: { ...init.mail } },
    };
    const configFile = join(dataDir, "node.json");
    await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const flags =
      init.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${init.cpuProfileDir}`];
    const spawned = performance.now();
    const child = startNodeProcess(init.name ?? "waymark-node", [
      ...flags,
      WAYMARK_NODE_BIN,
      "start",
      "--config",
      configFile,
    ]);
    const listening = await child.waitForLine((line) => line.msg === "status server listening");
    const started = await child.waitForLine((line) => line.msg === "node started");
    const startSeconds = (performance.now() - spawned) / 1000;
    return new WaymarkNodeProcess(
      child,
      dataDir,
      configFile,
      started,
      String(listening.url),
      startSeconds,
      ownsDataDir,
    );
  }

  /** The node's process id. */
  get pid(): number {
    return this.process.pid;
  }

  /** The node's peer id. */
  get peerId(): string {
    return String(this.started.peerId);
  }

  /** The node's first listen address, ending in `/p2p/<peer id>`. */
  get multiaddr(): string {
    const addresses = this.started.addresses as string[];
    const first = addresses[0];
    if (first === undefined) throw new Error("the node reported no address");
    return first.includes("/p2p/") ? first : `${first}/p2p/${this.peerId}`;
  }

  /**
   * The node's `/status` document.
   *
   * @returns The parsed JSON.
   */
  async status(): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.statusUrl}/status`);
    return (await response.json()) as Record<string, unknown>;
  }

  /**
   * Stops the node (SIGTERM, by pid; SIGKILL after the grace time) and removes its data directory
   * when it made it.
   *
   * @param graceMs - How long the graceful stop may take. @default 30000
   */
  async stop(graceMs = 30_000): Promise<void> {
    await this.process.stop(graceMs);
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}
