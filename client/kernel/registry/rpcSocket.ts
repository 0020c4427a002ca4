import { RpcUnreachableError } from "../errors/registry.js";
import { SubscriptionRefusedError } from "./subscriptionErrors.js";

/** Options of {@link RpcSocket.open}. */
export interface RpcSocketInit {
  /** Milliseconds the connection, and then each request, may take. */
  timeoutMs: number;
  /** Called once when the connection closes (not after {@link RpcSocket.close}). */
  onClose(error: Error): void;
}

/** A JSON-RPC answer as it comes over the socket. */
interface RpcMessage {
  id?: unknown;
  result?: unknown;
  error?: { code?: number; message?: string };
  method?: string;
  params?: { subscription?: unknown; result?: unknown };
}

/** Most requests waiting for an answer at once; the watcher needs three. */
const MAX_PENDING = 16;

/**
 * JSON-RPC over one WebSocket, for `eth_subscribe`: requests with a timeout, and subscription
 * notifications dispatched by subscription id. Built on the runtime's WebSocket rather than
 * ethers' `WebSocketProvider`, which neither reports a closed socket nor lets a refused
 * `eth_subscribe` be caught (its subscriber leaves the rejection unhandled).
 */
export class RpcSocket {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly subscriptions = new Map<string, (result: unknown) => void>();

  private constructor(
    private readonly socket: WebSocket,
    private readonly url: string,
    private readonly init: RpcSocketInit,
  ) {
    socket.addEventListener("message", (event) => {
      this.receive(event.data);
    });
    socket.addEventListener("close", () => {
      this.shut(new RpcUnreachableError(url, { cause: new Error("the WebSocket closed") }), true);
    });
  }

  /**
   * Opens the socket.
   *
   * @param url - A `ws://` or `wss://` URL.
   * @param init - Timeout and what to do when it closes.
   * @returns The open socket.
   * @throws RpcUnreachableError when it does not open in time.
   */
  static async open(url: string, init: RpcSocketInit): Promise<RpcSocket> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(new Error(`no WebSocket connection within ${init.timeoutMs} ms`));
      }, init.timeoutMs);
      let settled = false;
      const fail = (cause: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new RpcUnreachableError(url, { cause }));
        socket.close();
      };
      socket.addEventListener("open", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener("error", (event) => {
        fail(new Error((event as Event & { message?: string }).message ?? "WebSocket error"));
      });
    });
    return new RpcSocket(socket, url, init);
  }

  /**
   * Sends one request.
   *
   * @param method - JSON-RPC method.
   * @param params - Its parameters.
   * @returns The result.
   * @throws SubscriptionRefusedError when the endpoint answers with a JSON-RPC error.
   * @throws RpcUnreachableError when the socket is closed or the answer does not come in time.
   */
  async request(method: string, params: readonly unknown[]): Promise<unknown> {
    if (this.closed || this.pending.size >= MAX_PENDING) {
      throw new RpcUnreachableError(this.url, { cause: new Error("the WebSocket is closed or busy") });
    }
    const id = this.nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<unknown>();
    const timer = setTimeout(() => {
      this.pending.delete(id);
      reject(new RpcUnreachableError(this.url, { cause: new Error(`${method}: no answer in time`) }));
    }, this.init.timeoutMs);
    this.pending.set(id, {
      resolve: (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
    this.socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return promise;
  }

  /**
   * Subscribes with `eth_subscribe`.
   *
   * @param params - `["newHeads"]`, `["logs", filter]`, …
   * @param onResult - Called with each notification's `result`.
   * @returns When the endpoint accepted the subscription.
   * @throws SubscriptionRefusedError when it does not offer it.
   * @throws RpcUnreachableError when the socket fails.
   */
  async subscribe(params: readonly unknown[], onResult: (result: unknown) => void): Promise<void> {
    const id = await this.request("eth_subscribe", params);
    if (typeof id !== "string") throw new SubscriptionRefusedError(this.url, `subscription id ${String(id)}`);
    this.subscriptions.set(id, onResult);
  }

  /** Closes the socket; `onClose` is not called. */
  close(): void {
    this.shut(new RpcUnreachableError(this.url, { cause: new Error("the WebSocket was closed") }), false);
    this.socket.close();
  }

  private receive(data: unknown): void {
    let message: RpcMessage;
    try {
      message = JSON.parse(String(data)) as RpcMessage;
    } catch {
      return;
    }
    if (message.method === "eth_subscription") {
      const handler = this.subscriptions.get(String(message.params?.subscription));
      handler?.(message.params?.result);
      return;
    }
    if (typeof message.id !== "number") return;
    const waiter = this.pending.get(message.id);
    if (waiter === undefined) return;
    this.pending.delete(message.id);
    if (message.error === undefined) waiter.resolve(message.result);
    else waiter.reject(new SubscriptionRefusedError(this.url, message.error.message ?? "JSON-RPC error"));
  }

  private shut(error: Error, notify: boolean): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.subscriptions.clear();
    if (notify) this.init.onClose(error);
  }
}
