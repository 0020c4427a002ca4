import type { IncomingMessage, Server, ServerResponse } from "node:http";

import { JsonRpcProvider } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { Registry__factory } from "../../client/kernel/registry/contracts/index.js";
import { readBody, relayJsonRpc, startLocalHttp, stopLocalHttp } from "../../scripts/kit/localHttp.js";
import type { RpcRequest } from "../helpers/heldRpc.js";
import { callData } from "../helpers/heldRpc.js";
import { TestNetwork } from "./network.js";

/** What the endpoint saw, in order. */
type Sighting = "head asked" | "head answered" | "records asked" | "records answered" | "verify asked";

const registryInterface = Registry__factory.createInterface();
const RECORDS = registryInterface.getFunction("getBootstrapRecords").selector;
const VERIFY = registryInterface.getFunction("verifyNodes").selector;

/**
 * A JSON-RPC endpoint in front of the chain that holds `eth_blockNumber` (the watcher's first
 * read) until the registry's bootstrap records have been answered and a little longer, and notes
 * the order of what it sees.
 */
class HeldHeadRpc {
  readonly seen: Sighting[] = [];
  private readonly recordsAnswered = Promise.withResolvers<undefined>();

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<HeldHeadRpc> {
    // Nobody knows the URL before this returns, so no request comes before `rpc` is set.
    const { server, url } = await startLocalHttp(async (request, response) => rpc.handle(request, response));
    const rpc = new HeldHeadRpc(server, target, url);
    return rpc;
  }

  async stop(): Promise<void> {
    await stopLocalHttp(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = (await readBody(request)).toString("utf8");
    const body = JSON.parse(text) as RpcRequest | RpcRequest[];
    const requests = Array.isArray(body) ? body : [body];
    const calls = requests.filter((one) => one.method === "eth_call").map(callData);
    const head = requests.some((one) => one.method === "eth_blockNumber");
    const records = calls.some((data) => data.startsWith(RECORDS));
    if (calls.some((data) => data.startsWith(VERIFY))) this.seen.push("verify asked");
    if (records) this.seen.push("records asked");
    if (head) {
      this.seen.push("head asked");
      await this.recordsAnswered.promise;
      // Time enough for a verification that did not wait for the head to be sent.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    try {
      await relayJsonRpc(this.target, text, response);
    } catch (err) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(err instanceof Error ? err.message : String(err));
    }
    if (head) this.seen.push("head answered");
    if (records) {
      this.seen.push("records answered");
      this.recordsAnswered.resolve(undefined);
    }
  }
}

describe("the registry watcher's first block", () => {
  let network: TestNetwork;
  let rpc: HeldHeadRpc;

  beforeEach(async () => {
    network = await TestNetwork.start();
    rpc = await HeldHeadRpc.start(network.chain.rpcUrl);
  });
  afterEach(async () => {
    await network.stop();
    await rpc.stop();
  });

  it("is read beside the registry's records, and verification waits for it", async () => {
    const providerId = await network.addProvider();
    const node = await network.startNode({ providerId, provide: false });
    const owner = await network.connectAs(network.ownerOf(providerId));
    await setNodeBootstrap(owner, node.node, [node.multiaddr]);

    // One request per HTTP call, so that the endpoint can hold the head alone.
    const provider = new JsonRpcProvider(rpc.url, undefined, { batchMaxCount: 1, cacheTimeout: -1 });
    let server: { peerId: string };
    // The client is made while the head is still held: creation does not wait for it.
    const client = await network.createClient({ rpcUrl: undefined, provider });
    try {
      ({ server } = await client.select());
    } finally {
      await client.stop();
      provider.destroy();
    }

    expect(server.peerId).toBe(node.peerId);
    const at = (sighting: Sighting): number => rpc.seen.indexOf(sighting);
    expect(at("head asked")).toBeGreaterThanOrEqual(0);
    expect(at("records asked")).toBeGreaterThan(at("head asked"));
    // No verification answered for a block before the one the watcher follows from.
    expect(at("verify asked")).toBeGreaterThan(at("head answered"));
  });
});
