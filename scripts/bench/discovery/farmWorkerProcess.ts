import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

import type { CID } from "multiformats/cid";

import type { NetworkNamespace } from "../../kit/networkNamespace.js";

/** Where a worker process runs and listens. */
export interface FarmWorkerProcessInit {
  /** The network namespace to start it in; by default this machine's. */
  namespace?: NetworkNamespace | undefined;
  /** The address its hosts listen on (TCP, a free port each); by default 127.0.0.1. */
  listenAddress?: string | undefined;
}

/** An answer line of the worker. */
interface Answer {
  msg: string;
  multiaddrs?: string[];
}

/**
 * A worker process of the discovery benchmark's node farm (`farmWorker.ts`), driven by the JSON
 * lines it answers: a share of the farm's nodes, in a process of its own. Should it exit before
 * {@link stop}, the benchmark exits, since its figures would be missing nodes.
 */
export class FarmWorkerProcess {
  private readonly waiting: ((line: Answer) => void)[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private stopping = false;

  /** @param init - Namespace and listening address; by default this machine's 127.0.0.1. */
  constructor(init: FarmWorkerProcessInit = {}) {
    const argv = [process.execPath, "--import", "tsx", "scripts/bench/discovery/farmWorker.ts"];
    if (init.listenAddress !== undefined) argv.push("--listen-address", init.listenAddress);
    const { command, args } = init.namespace?.exec(argv) ?? { command: argv[0] ?? "", args: argv.slice(1) };
    this.child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    createInterface({ input: this.child.stdout }).on("line", (text) => {
      if (text.startsWith("{")) this.waiting.shift()?.(JSON.parse(text) as Answer);
    });
    this.child.stderr.pipe(process.stderr);
    this.child.once("exit", (code) => {
      if (this.stopping) return;
      console.error(`farm worker ${this.pid} exited with ${code ?? "a signal"}`);
      process.exit(1);
    });
  }

  /** The worker's pid (also when it runs in a namespace: `ip netns exec` execs it). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /**
   * Starts one host per key.
   *
   * @param keys - Protobuf-encoded private keys, hex.
   * @returns Each host's first multiaddr (with `/p2p/`), in the keys' order.
   */
  async start(keys: readonly string[]): Promise<string[]> {
    return (await this.send({ keys })).multiaddrs ?? [];
  }

  /**
   * Each of its nodes dials a few nodes before it, to join the DHT.
   *
   * @param all - Every node of the farm's multiaddr, in order.
   * @param offset - Index in `all` of this worker's first node.
   */
  async join(all: readonly string[], offset: number): Promise<void> {
    await this.send({ join: all, offset });
  }

  /**
   * Every node of the worker announces the key in the DHT.
   *
   * @param key - The service key.
   */
  async announce(key: CID): Promise<void> {
    await this.send({ announce: key.toString() });
  }

  /** Stops the worker's hosts and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => {
      this.child.once("exit", () => {
        resolve();
      });
    });
    this.child.kill("SIGTERM");
    await exited;
  }

  private async send(command: object): Promise<Answer> {
    const answer = new Promise<Answer>((resolve) => {
      this.waiting.push(resolve);
    });
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    return answer;
  }
}
