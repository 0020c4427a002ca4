import type { Server } from "node:http";
import { createServer } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { connectRegistry } from "../../client/kernel/registry/connect.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { expectRejectsNamed } from "../helpers/errors.js";
import { startChain } from "../../scripts/kit/chain.js";
import { deployRegistry } from "../../scripts/kit/registry.js";

describe("connectRegistry", () => {
  let chain: Chain;
  let registry: string;

  beforeAll(async () => {
    chain = await startChain();
    registry = await deployRegistry(chain);
  });
  afterAll(async () => {
    await chain.close();
  });

  it("connects to a deployed registry and reads its chain id", async () => {
    const client = await connectRegistry({ rpcUrl: chain.rpcUrl, address: registry });
    expect(client.chainId).toBe(31337n);
    expect(await client.contract.providerCount()).toBe(0n);
  });

  it("reads the chain id and checks the registry in one round trip", async () => {
    const endpoint = await countingEndpoint(chain.rpcUrl);
    try {
      const client = await connectRegistry({ rpcUrl: endpoint.url, address: registry });
      expect(client.chainId).toBe(31337n);
      expect(endpoint.posts).toBe(1);
      // The contract's code (tens of kilobytes) is not fetched: the domain's answer settles it.
      expect(endpoint.methods).toEqual(["eth_chainId", "eth_call"]);
      await expectRejectsNamed(
        connectRegistry({ rpcUrl: endpoint.url, address: chain.signers[1]!.address }),
        "RegistryNotFoundError",
      );
      expect(endpoint.posts).toBe(2);
    } finally {
      await endpoint.stop();
    }
  });

  it("rejects an address where no registry is deployed", async () => {
    await expectRejectsNamed(
      connectRegistry({ rpcUrl: chain.rpcUrl, address: chain.signers[1]!.address }),
      "RegistryNotFoundError",
    );
  });

  it("reports an unreachable RPC by name", async () => {
    await expectRejectsNamed(
      connectRegistry({ rpcUrl: "http://127.0.0.1:9", address: registry, requestTimeoutMs: 2_000 }),
      "RpcUnreachableError",
    );
  });
});

/** A JSON-RPC endpoint in front of the chain that counts the HTTP requests it gets. */
async function countingEndpoint(
  target: string,
): Promise<{ url: string; readonly posts: number; readonly methods: string[]; stop(): Promise<void> }> {
  let posts = 0;
  const methods: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      posts += 1;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      const payload = JSON.parse(text) as { method: string } | { method: string }[];
      for (const request of Array.isArray(payload) ? payload : [payload]) methods.push(request.method);
      response.writeHead(200, { "content-type": "application/json" });
      const answer = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: text,
      });
      response.end(await answer.text());
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get posts() {
      return posts;
    },
    methods,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
