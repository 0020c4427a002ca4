import { connect } from "node:net";

import { describe, expect, it } from "vitest";

import type { NodeConfigInput } from "../../../node/config/types.js";
import { startNode } from "../../../node/daemon.js";
import { newNodeKey } from "../../../scripts/kit/registry.js";
import { useProcesses, useTempDirs, useWorld } from "../../helpers/hooks.js";
import { memoryLogger, TEST_PROVIDERS, testNodeConfig } from "../helpers/fixtures.js";

/** How long a silent arrival is watched for. */
const WATCH_MS = 3_000;

describe("inboundUpgradeTimeout", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");
  const nodes = useProcesses();

  /** Opens a TCP connection that never starts its handshake; resolves with when the node closed it. */
  async function silentArrival(overrides: NodeConfigInput): Promise<number | undefined> {
    const node = await startNode(
      testNodeConfig(world.current.address, world.current.chain.rpcUrl, await dirs.make(), {
        registryBootstrap: false,
        ...overrides,
      }),
      { privateKey: await newNodeKey(), logger: memoryLogger().logger },
    );
    nodes.add(node);
    const port = Number(
      node.libp2p
        .getMultiaddrs()[0]!
        .getComponents()
        .find((c) => c.name === "tcp")!.value,
    );
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    const closed = await new Promise<number | undefined>((resolve) => {
      const watch = setTimeout(() => {
        resolve(undefined);
      }, WATCH_MS);
      socket.on("close", () => {
        clearTimeout(watch);
        resolve(performance.now() - started);
      });
    });
    socket.destroy();
    return closed;
  }

  it("closes an arrival that has not become a connection within it", async () => {
    const shortMs = await silentArrival({ inboundUpgradeTimeout: "1s" });
    const defaultMs = await silentArrival({});
    console.log(
      `silent arrival: closed by the node after ${shortMs === undefined ? "never" : `${Math.round(shortMs)} ms`} with inboundUpgradeTimeout 1s; ` +
        `${defaultMs === undefined ? `still open after ${WATCH_MS} ms` : `closed after ${Math.round(defaultMs)} ms`} with the default`,
    );
    expect(shortMs).toBeGreaterThanOrEqual(900);
    expect(shortMs).toBeLessThan(WATCH_MS);
    expect(defaultMs).toBeUndefined();
  });
});
