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
