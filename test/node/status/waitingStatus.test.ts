import { createServer } from "node:net";

import { describe, expect, it } from "vitest";

import { WaymarkNode } from "../../../node/daemon.js";
import type { NodeStatus } from "../../../node/status/nodeStatus.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs } from "../../helpers/hooks.js";
import { memoryLogger, testNodeConfig } from "../helpers/fixtures.js";

/** Any address: the chain never answers, so no registry is read. */
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  return port;
}

describe("/status of a node waiting for its chain", () => {
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();

  it("says why the registration is unknown: the chain RPC, named without its secrets", async () => {
    const port = await closedPort();
    const node = new WaymarkNode(
      testNodeConfig(REGISTRY, `http://user:pass@127.0.0.1:${port}/v3/KEY`, await dirs.make()),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(node);
    const waiting = new Promise<void>((resolve) => {
      node.addEventListener("node:state", ({ detail: state }) => {
        if (state === "waiting-for-chain") resolve();
      });
    });
    void node.start().catch(() => undefined);
    await waiting;

    const status = (await (await fetch(`${node.statusUrl!}/status`)).json()) as NodeStatus;
    expect(status).toMatchObject({
      state: "waiting-for-chain",
      registration: {
        verdict: "unknown",
        registered: null,
        error: `The chain RPC http://127.0.0.1:${port} is unreachable`,
      },
    });
  });
});
