import type { Server } from "node:http";
import { createServer } from "node:http";

import { isError, Network } from "ethers";
import { afterEach, describe, expect, it } from "vitest";

import { RegistryRpcProvider } from "../../../client/kernel/registry/rpcProvider.js";

/** An HTTP endpoint that answers every request with the given bytes. */
async function answering(body: Uint8Array): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

function providerAt(url: string): RegistryRpcProvider {
  const network = Network.from(31337n);
  return new RegistryRpcProvider(url, network, { staticNetwork: network, batchStallTime: 0 });
}

describe("RegistryRpcProvider", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });

  it("reads a large answer and text beyond ASCII as ethers' own decoder does", async () => {
    const result = `0x${"ab12".repeat(20_000)}`;
    const text = "Grüße, 世界 🌍";
    const endpoint = await answering(
      new TextEncoder().encode(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { result, text } })),
    );
    servers.push(endpoint.server);
    const provider = providerAt(endpoint.url);
    try {
      expect(await provider.send("eth_anything", [])).toEqual({ result, text });
    } finally {
      provider.destroy();
    }
  });

  it("gives ethers' error for an answer that is not JSON or not UTF-8", async () => {
    for (const body of [
      new TextEncoder().encode("<html>busy</html>"),
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ]) {
      const endpoint = await answering(body);
      servers.push(endpoint.server);
      const provider = providerAt(endpoint.url);
      try {
        const error: unknown = await provider.send("eth_blockNumber", []).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(isError(error, "UNSUPPORTED_OPERATION")).toBe(true);
      } finally {
        provider.destroy();
      }
    }
  });
});
