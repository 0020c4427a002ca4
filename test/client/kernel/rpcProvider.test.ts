import type { Server } from "node:http";
import { createServer } from "node:http";

import { isError, Network } from "ethers";
import { afterEach, describe, expect, it, vi } from "vitest";

import { callRequest } from "../../../client/kernel/registry/callRequest.js";
import {
  RegistryRpcProvider,
  SEEDED_ANSWER_MAX_AGE_MS,
} from "../../../client/kernel/registry/rpcProvider.js";

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

/** An endpoint that answers each JSON-RPC call with "0xfeed", and notes every call's method. */
async function counting(): Promise<{ url: string; server: Server; methods: string[][] }> {
  const methods: string[][] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as
        { id: number; method: string } | { id: number; method: string }[];
      const calls = Array.isArray(body) ? body : [body];
      methods.push(calls.map((call) => call.method));
      const answers = calls.map((call) => ({ jsonrpc: "2.0", id: call.id, result: "0xfeed" }));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server, methods };
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

  it("gives an answer read ahead to the first identical request only, and only while it is fresh", async () => {
    const endpoint = await counting();
    servers.push(endpoint.server);
    const provider = providerAt(endpoint.url);
    const to = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4";
    const data = "0x12345678";
    try {
      provider.seed(callRequest(to, data), "0xbeef");
      provider.seed({ method: "eth_blockNumber", params: [] }, "0x7");
      // ethers sends these two in one batch: the one read ahead is not asked again.
      const answers: [string, unknown] = await Promise.all([
        provider.call({ to, data }),
        provider.send("eth_chainId", []) as Promise<unknown>,
      ]);
      expect(answers).toEqual(["0xbeef", "0xfeed"]);
      expect(endpoint.methods).toEqual([["eth_chainId"]]);
      // Once only.
      expect(await provider.call({ to, data })).toBe("0xfeed");
      expect(await provider.getBlockNumber()).toBe(7);
      expect(endpoint.methods).toEqual([["eth_chainId"], ["eth_call"]]);
      // Past its age, the chain is asked.
      provider.seed(callRequest(to, data), "0xbeef");
      const now = performance.now();
      vi.spyOn(performance, "now").mockReturnValue(now + SEEDED_ANSWER_MAX_AGE_MS + 1);
      expect(await provider.call({ to, data })).toBe("0xfeed");
    } finally {
      vi.restoreAllMocks();
      provider.destroy();
    }
  });
});
