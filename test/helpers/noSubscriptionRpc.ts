import { createHash } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

import { readBody, relayJsonRpc, startLocalHttp, stopLocalHttp } from "../../scripts/kit/localHttp.js";

/** The WebSocket handshake's fixed key suffix (RFC 6455, section 1.3). */
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * A JSON-RPC endpoint in front of a real chain that speaks WebSocket but offers no subscriptions,
 * as some hosted endpoints do: HTTP requests are forwarded to the chain; over a WebSocket, every
 * request is answered with JSON-RPC error -32601 (method not found). Serves both on one port.
 */
export class NoSubscriptionRpc {
  /** How many requests came over WebSocket. */
  socketRequests = 0;
  private readonly sockets = new Set<Duplex>();

  private constructor(
    private readonly server: Server,
    /** The endpoint's WebSocket URL (its HTTP URL is the same with `http://`). */
    readonly wsUrl: string,
  ) {}

  /**
   * Starts the endpoint on 127.0.0.1.
   *
   * @param target - The real chain's HTTP JSON-RPC URL.
   * @returns The running endpoint.
   */
  static async start(target: string): Promise<NoSubscriptionRpc> {
    const { server, port } = await startLocalHttp(async (request, response) =>
      relayJsonRpc(target, await readBody(request), response),
    );
    const rpc = new NoSubscriptionRpc(server, `ws://127.0.0.1:${port}`);
    server.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
      rpc.accept(request, socket);
    });
    return rpc;
  }

  /** Stops the endpoint. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await stopLocalHttp(this.server);
  }

  private accept(request: IncomingMessage, socket: Duplex): void {
    const key = request.headers["sec-websocket-key"] ?? "";
    const accept = createHash("sha1").update(`${key}${HANDSHAKE_GUID}`).digest("base64");
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => this.sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let frame = readFrame(buffered); frame !== undefined; frame = readFrame(buffered)) {
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === 8) {
          socket.end();
          return;
        }
        if (frame.opcode !== 1) continue;
        this.socketRequests += 1;
        const { id } = JSON.parse(frame.text) as { id: unknown };
        const error = { code: -32601, message: "Method not found: subscriptions are not offered" };
        socket.write(textFrame(JSON.stringify({ jsonrpc: "2.0", id, error })));
      }
    });
  }
}

/** One masked client frame (payloads under 64 KiB), or undefined until it is whole. */
function readFrame(buffer: Buffer): { opcode: number; text: string; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0]! & 0x0f;
  let size = buffer[1]! & 0x7f;
  let offset = 2;
  if (size === 126) {
    if (buffer.length < 4) return undefined;
    size = buffer.readUInt16BE(2);
    offset = 4;
  }
  const masked = (buffer[1]! & 0x80) !== 0;
  const mask = masked ? buffer.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (buffer.length < offset + size) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + size));
  if (mask !== undefined) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
  return { opcode, text: payload.toString("utf8"), length: offset + size };
}

/** An unmasked server text frame. */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}
