import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

import type { LogLine } from "./fixtures.js";

/** A running `waymark-node start` whose JSON log lines are collected as they come. */
export class NodeProcess {
  readonly child: ChildProcess;
  /** Every JSON log line so far. */
  readonly lines: LogLine[] = [];
  /** Standard error so far. */
  stderr = "";
  private readonly waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  private readonly exited: Promise<[number | null, NodeJS.Signals | null]>;

  /** @param child - The process, spawned with piped output. */
  constructor(child: ChildProcess) {
    this.child = child;
    this.exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    if (child.stdout !== null) {
      createInterface({ input: child.stdout }).on("line", (text) => {
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          return;
        }
        this.lines.push(line);
        for (const waiter of [...this.waiters]) {
          if (waiter.match(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      });
    }
  }

  /**
   * Resolves with the first log line (already seen or to come) that matches.
   *
   * @param match - The predicate.
   * @returns The line.
   */
  async waitForLine(match: (line: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return seen;
    return new Promise((resolve, reject) => {
      this.waiters.push({ match, resolve });
      void this.exited.then(([code]) => {
        reject(new Error(`the node exited with ${code} before logging the line; stderr: ${this.stderr}`));
      });
    });
  }

  /**
   * Resolves when the process exits.
   *
   * @returns Its exit code and signal.
   */
  async exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const [code, signal] = await this.exited;
    return { code, signal };
  }

  /** Kills the process if it still runs (for `afterEach`). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }
}
