import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { getBootstrapRecords } from "../../client/kernel/registry/bootstrap.js";
import { suspendNode } from "../../client/actions/registry/curation.js";
import { setNodeBootstrap } from "../../client/actions/registry/nodes.js";
import { runCli } from "../../scripts/kit/cli.js";
import type { TestNode } from "../client/network.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

/** The last two lines of stderr: the error and its hint. */
function failure(stderr: string): { error: string; hint: string } {
  const lines = stderr.trim().split("\n");
  return { error: lines.at(-2) ?? "", hint: lines.at(-1) ?? "" };
}

describe("waymark discover when the registry vouches for no entry point", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  let entry: TestNode;
  let other: TestNode;
  /** The user as the guides run it: no --bootstrap, so the registry's records are the only way in. */
  const user = (args: string[]) => runCli("waymark", args, { env: tmp.env });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
    const alpha = await network.addProvider({ name: "Alpha Mail" });
    const beta = await network.addProvider({ name: "Beta Mail" });
    entry = await network.startNode({ providerId: alpha });
    other = await network.startNode({ providerId: beta });
    // Only Alpha's node publishes a bootstrap record: it is every client's way into the DHT.
    await setNodeBootstrap(await network.connectAs(network.ownerOf(alpha)), entry.node, [entry.multiaddr]);
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  it("exits 1 saying there is no entry point and what to do, and --bootstrap finds the servers again", async () => {
    const before = await user(["discover"]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(new RegExp(`^${entry.peerId}\\s+trusted\\s.*registry,dht$`, "m"));
    expect(before.stdout).toMatch(new RegExp(`^${other.peerId}\\s+trusted\\s.*\\sdht$`, "m"));

    await suspendNode(network.curator, entry.node);
    expect(await getBootstrapRecords(network.curator, { service: "mail/1" })).toEqual([]);

    const after = await user(["discover"]);
    expect(after.code).toBe(1);
    expect(after.stdout).toBe("");
    const { error, hint } = failure(after.stderr);
    expect(error).toBe(
      "waymark: NoCandidatesError: No mail/1 candidates found: no DHT entry point (the registry vouches for no bootstrap record of mail/1 (none published, or its nodes were suspended or retired), and no bootstrap peer is configured)",
    );
    expect(hint).toMatch(
      /^hint: give a DHT entry point you know with --bootstrap <multiaddr> .* --custom <multiaddr>/,
    );
    expect(hint).toContain("waymark provider set-bootstrap");

    // --json prints the empty list, and fails the same way.
    const json = await user(["discover", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain("NoCandidatesError: No mail/1 candidates found: no DHT entry point");

    // Selection says the same: the library's NoServerAvailableError carries why the DHT named none.
    const pick = await user(["pick"]);
    expect(pick.code).toBe(1);
    const picked = failure(pick.stderr);
    expect(picked.error).toMatch(
      /^waymark: NoServerAvailableError: No verified and reachable mail\/1 server is available/,
    );
    expect(picked.hint).toMatch(
      /^hint: the DHT named none, no DHT entry point: give a DHT entry point you know with --bootstrap/,
    );

    // The way out the hint names: any DHT node as entry point.
    const rescued = await user(["discover", "--bootstrap", other.multiaddr]);
    expect(rescued.code, rescued.stderr).toBe(0);
    expect(rescued.stdout).toMatch(
      new RegExp(`^${other.peerId}\\s+trusted\\s+Trusted\\s+\\d+ Beta Mail\\s`, "m"),
    );
    // The suspended node is listed only while some DHT peer still holds its record, and then only
    // as rejected: whether it is listed depends on the DHT, that it is never trusted does not.
    expect(rescued.stdout).not.toMatch(new RegExp(`^${entry.peerId}\\s+trusted\\s`, "m"));
    const suspendedRow = rescued.stdout.split("\n").find((row) => row.startsWith(entry.peerId));
    if (suspendedRow !== undefined) expect(suspendedRow).toMatch(/^\S+\s+rejected\s+NodeSuspended\s/);
    console.log(
      `discover: exit ${before.code} with the record, exit ${after.code} (${error.split(": ")[1]}) once its node was suspended, exit ${rescued.code} with --bootstrap (the suspended node ${suspendedRow === undefined ? "not listed" : "listed as rejected"})`,
    );
  });

  it("exits 1 saying no entry point answered when the --bootstrap peer is down, or that the DHT named none", async () => {
    await suspendNode(network.curator, entry.node);
    const gone = await createWaymarkHost({
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    });
    const address = gone.getMultiaddrs()[0]!.toString();
    await gone.stop();

    const result = await user(["discover", "--bootstrap", address]);
    expect(result.code).toBe(1);
    const { error, hint } = failure(result.stderr);
    expect(error).toBe(
      "waymark: NoCandidatesError: No mail/1 candidates found: no DHT entry point answered (none of 1 configured bootstrap peer and 0 registry bootstrap records could be dialled)",
    );
    expect(hint).toMatch(/^hint: check that they are up and reachable from here; or give a DHT entry point/);

    // An entry point that answers, and a service nobody announces: the DHT named none.
    const unknown = await user([
      "discover",
      "--bootstrap",
      network.seedAddress,
      "--service",
      "chat/1",
      "--timeout",
      "1000",
    ]);
    expect(unknown.code).toBe(1);
    expect(failure(unknown.stderr).error).toBe(
      "waymark: NoCandidatesError: No chat/1 candidates found: the DHT named no chat/1 server (the client joined the DHT, and no peer announced chat/1 within 1000 ms)",
    );
    expect(failure(unknown.stderr).hint).toMatch(/^hint: allow longer \(--timeout <ms>/);
  });
});
