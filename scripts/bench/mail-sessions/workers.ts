import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { ProcessSample } from "../lib/procStats.js";
import { sampleProcess } from "../lib/procStats.js";
import type { WorkerCommand, WorkerReply } from "./protocol.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

/**
 * V8 flags of a load process: room for the heaps of thousands of client hosts, and a young
 * generation of 64 MiB per semi-space (V8's default is 16), so that the many short-lived objects of
 * thousands of sessions' requests are collected in fewer scavenges.
 */
const LOAD_PROCESS_V8_FLAGS = ["--max-old-space-size=8192", "--max-semi-space-size=64"];

/** Figures of one measured window, over every load process. */
export interface WorkersWindow {
  pushMs: number[];
  queryMs: number[];
  errors: number;
  firstError: string | undefined;
  /** The worst event-loop delay p99 of any load process. */
  lagP99Ms: number;
  /** The longest event-loop delay of any load process: one stall delays all its sessions' requests. */
  lagMaxMs: number;
  rssBytes: number;
}

/** One load process and the replies it has sent that nobody has taken yet. */
class Worker {
  private readonly replies: WorkerReply[] = [];
  private readonly waiters: (() => void)[] = [];
  private exited: string | undefined;

  constructor(readonly child: ChildProcess) {
    child.on("message", (reply: WorkerReply) => {
      this.replies.push(reply);
      this.wakeAll();
    });
    child.on("exit", (code, signal) => {
      this.exited = `load process ${child.pid} exited (${signal ?? code})`;
      this.wakeAll();
    });
  }

  private wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  async next<T extends WorkerReply["type"]>(type: T): Promise<Extract<WorkerReply, { type: T }>> {
    for (;;) {
      const index = this.replies.findIndex((reply) => reply.type === type);
      if (index >= 0) return this.replies.splice(index, 1)[0] as Extract<WorkerReply, { type: T }>;
      if (this.exited !== undefined) throw new Error(this.exited);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  send(command: WorkerCommand): void {
    this.child.send(command);
  }
}

/**
 * The load processes of the sessions bench: each holds a share of the sessions, so that no single
 * event loop of client peers limits what the node is shown.
 */
export class SessionWorkers {
  private constructor(private readonly workers: Worker[]) {}

  /**
   * Forks the load processes and waits until each is ready.
   *
   * @param count - How many.
   * @param nodeAddress - The node's multiaddr, ending in `/p2p/<peer id>`.
   * @param nodePeerId - The node's peer id.
   * @returns The processes.
   */
  static async start(count: number, nodeAddress: string, nodePeerId: string): Promise<SessionWorkers> {
    const workers = Array.from(
      { length: count },
      (_, index) =>
        new Worker(
          fork(WORKER, [nodeAddress, nodePeerId, String(index)], {
            execArgv: [...process.execArgv, ...LOAD_PROCESS_V8_FLAGS],
            stdio: ["ignore", "inherit", "inherit", "ipc"],
          }),
        ),
    );
    const set = new SessionWorkers(workers);
    try {
      await Promise.all(workers.map(async (worker) => worker.next("ready")));
    } catch (err) {
      set.kill();
      throw err;
    }
    return set;
  }

  /** The processes' ids. */
  get pids(): number[] {
    return this.workers.map((worker) => worker.child.pid ?? 0);
  }

  /**
   * Samples every load process (CPU time, RSS).
   *
   * @returns One sample each.
   */
  sample(): ProcessSample[] {
    return this.pids.map((pid) => sampleProcess(pid));
  }

  /**
   * Opens `count` more sessions, spread evenly over the processes.
   *
   * @param count - New sessions.
   * @param command - Concurrency per process, plan and client options.
   * @returns Sessions held now, retried dials, and the first failure, if any session failed.
   */
  async open(
    count: number,
    command: Omit<Extract<WorkerCommand, { type: "open" }>, "type" | "count">,
  ): Promise<{ sessions: number; failedDials: number; failure: string | undefined }> {
    const replies = await Promise.all(
      this.workers.map(async (worker, index) => {
        worker.send({ type: "open", count: this.share(count, index), ...command });
        return worker.next("opened");
      }),
    );
    return {
      sessions: replies.reduce((sum, reply) => sum + reply.sessions, 0),
      failedDials: replies.reduce((sum, reply) => sum + reply.failedDials, 0),
      failure: replies.find((reply) => reply.failure !== undefined)?.failure,
    };
  }

  /**
   * Opens `count` connections that send no requests, spread evenly over the processes (see the
   * `connect` command).
   *
   * @param count - New connections.
   * @param command - Concurrency per process and client options.
   * @returns Connections opened, retried dials, and the first failure, if any.
   */
  async connect(
    count: number,
    command: Omit<Extract<WorkerCommand, { type: "connect" }>, "type" | "count">,
  ): Promise<{ connections: number; failedDials: number; failure: string | undefined }> {
    const replies = await Promise.all(
      this.workers.map(async (worker, index) => {
        worker.send({ type: "connect", count: this.share(count, index), ...command });
        return worker.next("connected");
      }),
    );
    return {
      connections: replies.reduce((sum, reply) => sum + reply.connections, 0),
      failedDials: replies.reduce((sum, reply) => sum + reply.failedDials, 0),
      failure: replies.find((reply) => reply.failure !== undefined)?.failure,
    };
  }

  /** Closes the connections {@link SessionWorkers.connect} opened. */
  async disconnect(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        worker.send({ type: "disconnect" });
        await worker.next("disconnected");
      }),
    );
  }

  private share(count: number, index: number): number {
    return Math.floor(count / this.workers.length) + (index < count % this.workers.length ? 1 : 0);
  }

  /** Starts a measured window in every process. */
  async reset(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        worker.send({ type: "reset" });
        await worker.next("reset");
      }),
    );
  }

  /**
   * Collects the window's latencies and errors from every process.
   *
   * @returns Their union.
   */
  async collect(): Promise<WorkersWindow> {
    const replies = await Promise.all(
      this.workers.map(async (worker) => {
        worker.send({ type: "collect" });
        return worker.next("stats");
      }),
    );
    return {
      pushMs: replies.flatMap((reply) => reply.pushMs),
      queryMs: replies.flatMap((reply) => reply.queryMs),
      errors: replies.reduce((sum, reply) => sum + reply.errors, 0),
      firstError: replies.find((reply) => reply.firstError !== undefined)?.firstError,
      lagP99Ms: Math.max(...replies.map((reply) => reply.lagP99Ms)),
      lagMaxMs: Math.max(...replies.map((reply) => reply.lagMaxMs)),
      rssBytes: replies.reduce((sum, reply) => sum + reply.rssBytes, 0),
    };
  }

  /** Stops every session and waits for the processes to exit. */
  async close(): Promise<void> {
    await Promise.allSettled(
      this.workers.map(async (worker) => {
        worker.send({ type: "close" });
        await worker.next("closed");
      }),
    );
    this.kill();
  }

  /** Kills the processes still running (by pid). */
  kill(): void {
    for (const worker of this.workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
    }
  }
}
