import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Headers every answer carries: the page loads only its own scripts and styles and talks only to
 * its own origin, so even text that slipped into markup could run nothing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * Writes a JSON answer.
 *
 * @param response - The response.
 * @param status - HTTP status.
 * @param value - What to send.
 */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(value));
}

/**
 * Reads a request body up to a size.
 *
 * @param request - The request.
 * @param maxBytes - The most it may hold.
 * @returns The body as text, or undefined when it is larger than `maxBytes`.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      request.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
