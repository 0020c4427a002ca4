import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";

/** An HTTP server listening on a free port of 127.0.0.1. */
export interface LocalHttpServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
}

/**
 * Starts an HTTP server on a free port of 127.0.0.1 (the kernel picks it). A rejection of the
 * handler destroys that request's response; the server keeps serving.
 *
 * @param handle - Answers each request.
 * @returns The listening server and its URL.
 */
export async function startLocalHttp(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void> | void,
): Promise<LocalHttpServer> {
  const server = createServer((request, response) => {
    Promise.resolve()
      .then(async () => handle(request, response))
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, port };
}

/**
 * Stops a server: closes every connection it holds (kept-alive ones included) and waits until it
 * no longer listens.
 *
 * @param server - The server.
 */
export async function stopLocalHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/**
 * A request's whole body.
 *
 * @param request - The request.
 * @returns Its bytes.
 */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Posts a JSON-RPC body (a request or a batch) to an endpoint and passes its answer on unchanged:
 * the status, as JSON, the bytes as they came.
 *
 * @param target - The endpoint's URL.
 * @param body - The JSON text or bytes to post.
 * @param response - Where the answer goes.
 */
export async function relayJsonRpc(
  target: string,
  body: string | Buffer,
  response: ServerResponse,
): Promise<void> {
  const answer = await postJsonRpc(target, body);
  response
    .writeHead(answer.status, { "content-type": "application/json" })
    .end(Buffer.from(await answer.arrayBuffer()));
}

/**
 * Posts a JSON-RPC body (a request or a batch) to an endpoint.
 *
 * @param target - The endpoint's URL.
 * @param body - The JSON text or bytes to post.
 * @returns The endpoint's HTTP answer.
 */
export async function postJsonRpc(target: string, body: string | Buffer): Promise<Response> {
  return fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
}
