import type { SessionClientOptions } from "../lib/sessionClient.js";
import type { SessionPlan } from "./session.js";

/** What the bench tells a load process. */
export type WorkerCommand =
  | {
      readonly type: "open";
      /** New sessions to open. */
      readonly count: number;
      /** New sessions connecting at once. */
      readonly concurrency: number;
      readonly plan: SessionPlan;
      readonly client: Omit<SessionClientOptions, "failedDials" | "localAddress">;
      /** Sessions sharing one source address (see {@link sourceAddress}). */
      readonly sessionsPerAddress: number;
    }
  /**
   * Open `count` connections that send no requests (the connection set-up floor): each a client
   * peer of its own, as a session's, kept apart from the sessions until `disconnect`.
   */
  | {
      readonly type: "connect";
      readonly count: number;
      readonly concurrency: number;
      readonly client: Omit<SessionClientOptions, "failedDials" | "localAddress">;
      readonly sessionsPerAddress: number;
    }
  /** Close the connections `connect` opened. */
  | { readonly type: "disconnect" }
  /** Forget the latencies and errors so far: a measured window starts. */
  | { readonly type: "reset" }
  /** Send the latencies and errors since the last reset. */
  | { readonly type: "collect" }
  /** Stop every session and exit. */
  | { readonly type: "close" };

/** What a load process answers. */
export type WorkerReply =
  | { readonly type: "ready" }
  | {
      readonly type: "opened";
      /** Sessions the process holds now. */
      readonly sessions: number;
      /** Connection attempts that failed and were tried again. */
      readonly failedDials: number;
      /** The error of a session that failed every attempt, when one did. */
      readonly failure: string | undefined;
    }
  | {
      readonly type: "connected";
      /** Connections opened. */
      readonly connections: number;
      readonly failedDials: number;
      readonly failure: string | undefined;
    }
  | { readonly type: "disconnected" }
  | { readonly type: "reset" }
  | {
      readonly type: "stats";
      readonly pushMs: number[];
      readonly queryMs: number[];
      readonly errors: number;
      readonly firstError: string | undefined;
      /** The process's event-loop delay since the last reset. */
      readonly lagP99Ms: number;
      readonly lagMaxMs: number;
      readonly rssBytes: number;
    }
  | { readonly type: "closed" };

/**
 * The loopback address session `session` of load process `worker` connects from: each process
 * has its own block of 127.0.0.0/8 (outside 127.0.0.0/16, so never the node's 127.0.0.1), and
 * `perAddress` consecutive sessions share one address.
 *
 * @param worker - The load process's index.
 * @param session - The session's index within the process.
 * @param perAddress - Sessions per address.
 * @returns The dotted address.
 */
export function sourceAddress(worker: number, session: number, perAddress: number): string {
  const index = worker * 65_536 + Math.floor(session / perAddress);
  return `127.${1 + Math.floor(index / 65_536)}.${Math.floor(index / 256) % 256}.${index % 256}`;
}
