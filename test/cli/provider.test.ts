import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { serializeConsent, signNodeConsent } from "../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { getBootstrapRecords } from "../../client/kernel/registry/bootstrap.js";
import { getNode, getProviderOperators } from "../../client/actions/registry/nodes.js";
import { getProvider } from "../../client/kernel/registry/providers.js";
import { REGISTRY_FUTURE_ID } from "../../client/actions/registry/deployment.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import { runCli } from "../../scripts/kit/cli.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

describe("waymark provider", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  /** Runs `waymark` signing as a funded account. */
  const as = (index: number, args: string[], input?: string) =>
    runCli("waymark", args, {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: devAccount(index).privateKey },
      input,
    });
  const read = (args: string[]) => runCli("waymark", args, { env: tmp.env });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  async function consentFile(providerId: bigint): Promise<{ file: string; node: string; peerId: string }> {
    const key = await generateKeyPair("secp256k1");
    const peerId = peerIdFromPrivateKey(key).toString();
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId,
      providerId,
      service: "mail/1",
      nonce: 0n,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
      chainId: network.curator.chainId,
      registry: network.registryAddress,
    });
    const file = join(tmp.dir, `${peerId}.json`);
    await writeFile(file, serializeConsent(consent));
    return { file, node: consent.node, peerId };
  }

  it("applies, then shows and lists the provider as text and JSON", async () => {
    const applied = await as(2, ["provider", "apply", "Beta Mail", "--metadata-uri", "https://beta.example"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied as provider 1 "Beta Mail"; pending until a curator approves');

    const json = await as(3, ["provider", "apply", "Gamma Mail", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ providerId: "2" });

    const shown = await read(["provider", "show", "1"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^name\s+Beta Mail$/m);
    expect(shown.stdout).toMatch(/^status\s+Pending$/m);
    expect(shown.stdout).toMatch(new RegExp(`^owner\\s+${network.chain.signers[2]!.address}$`, "m"));
    expect(shown.stderr).toContain("Reading provider 1");

    const shownJson = JSON.parse((await read(["provider", "show", "1", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(shownJson).toMatchObject({
      id: "1",
      name: "Beta Mail",
      status: "Pending",
      nodes: [],
      operators: [],
    });

    const listed = await read(["provider", "list"]);
    expect(listed.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+STATUS\s+REASON\s+DEFAULT\s+NODES\s+OWNER$/);
    expect(listed.stdout).toMatch(/^2\s+Gamma Mail\s+Pending\s+-\s+no\s+0\s+0x/m);
    const listedJson = JSON.parse((await read(["provider", "list", "--json"])).stdout) as { name: string }[];
    expect(listedJson.map((p) => p.name)).toEqual(["Beta Mail", "Gamma Mail"]);
  });

  it("updates metadata and appoints and removes an operator", async () => {
    const id = await network.addProvider();
    const owner = network.ownerOf(id);
    const operator = network.chain.signers[8]!.address;

    const updated = await as(owner, [
      "provider",
      "update",
      String(id),
      "--name",
      "Renamed",
      "--metadata-uri",
      "ipfs://x",
    ]);
    expect(updated.stdout).toContain(`Updated provider ${id}: "Renamed"`);
    expect((await getProvider(network.curator, id)).name).toBe("Renamed");

    const appointed = await as(owner, ["provider", "operator", String(id), operator]);
    expect(appointed.stdout).toContain(`${operator} is now an operator of provider ${id}`);
    expect(await getProviderOperators(network.curator, id)).toEqual([operator]);
    const removed = await as(owner, ["provider", "operator", String(id), operator, "--remove"]);
    expect(removed.stdout).toContain("is no longer an operator");
    expect(await getProviderOperators(network.curator, id)).toEqual([]);

    const stranger = await as(9, ["provider", "update", String(id), "--name", "Hijacked"]);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(
      `RegistryNotProviderOwner(${id}, ${network.chain.signers[9]!.address})`,
    );
  });

  it("registers a node from its consent file, publishes its bootstrap address, and retires it", async () => {
    const id = await network.addProvider();
    const owner = network.ownerOf(id);
    const { file, node, peerId } = await consentFile(id);

    const registered = await as(owner, ["provider", "register-node", file]);
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toContain(
      `Registered node ${node} (peer ${peerId}) under provider ${id} for mail/1`,
    );

    const shown = await read(["node", "show", peerId, "--json"]);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      node,
      status: "Active",
      providerId: String(id),
      service: "mail/1",
    });
    const text = await read(["node", "show", node]);
    expect(text.stdout).toMatch(/^status\s+Active$/m);

    const address = `/ip4/127.0.0.1/tcp/4001/p2p/${peerId}`;
    const published = await as(owner, ["provider", "set-bootstrap", node, address]);
    expect(published.stdout).toContain(`Node ${node} now publishes 1 bootstrap address`);
    expect(
      (await getBootstrapRecords(network.curator, { service: "mail/1" })).map((r) => r.multiaddrs),
    ).toEqual([[address]]);

    const again = await as(owner, ["provider", "register-node", "-"], serializeConsentOf(file));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("RegistryNodeAlreadyRegistered");

    const retired = await as(owner, ["provider", "retire-node", node]);
    expect(retired.stdout).toContain(
      `Retired node ${node}; its bootstrap record was removed with it (clients no longer join the DHT through it`,
    );
    expect((await getNode(network.curator, node)).status).toBe("Retired");
    expect(await getBootstrapRecords(network.curator, { service: "mail/1" })).toEqual([]);

    // A node without a record: nothing else is said.
    const plain = await consentFile(id);
    await as(owner, ["provider", "register-node", plain.file]);
    const quiet = await as(owner, ["provider", "retire-node", plain.node, "--json"]);
    expect(JSON.parse(quiet.stdout)).toMatchObject({ bootstrapRemoved: false });
  });

  it("list and show name the latest reason of a suspension and of a rejection, from the event log", async () => {
    const curator = (args: string[]) => as(0, args);
    const suspended = await network.addProvider({ name: "Suspended Mail" });
    await curator(["curator", "suspend", String(suspended), "--reason", "abuse"]);
    await curator(["curator", "reinstate", String(suspended)]);
    await curator(["curator", "suspend", String(suspended), "--reason", "unreliable"]);
    const applied = await as(7, ["provider", "apply", "Rejected Mail", "--json"]);
    const rejected = (JSON.parse(applied.stdout) as { providerId: string }).providerId;
    await curator(["curator", "reject", rejected, "--reason", "incomplete"]);
    const active = await network.addProvider({ name: "Active Mail" });

    const listed = await read(["provider", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`^${suspended}\\s+Suspended Mail\\s+Suspended\\s+unreliable\\s`, "m"),
    );
    expect(listed.stdout).toMatch(
      new RegExp(`^${rejected}\\s+Rejected Mail\\s+Rejected\\s+incomplete\\s`, "m"),
    );
    expect(listed.stdout).toMatch(new RegExp(`^${active}\\s+Active Mail\\s+Active\\s+-\\s`, "m"));
    expect(listed.stderr).toContain("Reading suspension and rejection reasons: 2 of 2 found");

    const curatorAddress = network.chain.signers[0]!.address;
    const shown = await read(["provider", "show", String(suspended)]);
    expect(shown.stdout).toMatch(
      new RegExp(`^reason\\s+unreliable \\(code 2\\), by ${curatorAddress} in block \\d+$`, "m"),
    );
    const json = JSON.parse((await read(["provider", "show", rejected, "--json"])).stdout) as {
      reason: Record<string, unknown>;
    };
    expect(json.reason).toMatchObject({
      event: "ProviderRejected",
      code: 6,
      name: "incomplete",
      curator: curatorAddress,
    });
    const activeJson = JSON.parse((await read(["provider", "show", String(active), "--json"])).stdout) as {
      reason: unknown;
    };
    expect(activeJson.reason).toBeNull();

    // The search is bounded: a decision older than --reason-blocks is not looked for, and it says so.
    await network.chain.provider.send("hardhat_mine", ["0x10"]);
    const latest = await network.chain.provider.getBlockNumber();
    const bounded = await read(["provider", "list", "--reason-blocks", "4"]);
    expect(bounded.stdout).toMatch(
      new RegExp(
        `^${suspended}\\s+Suspended Mail\\s+Suspended\\s+not found since block ${latest - 3}\\s`,
        "m",
      ),
    );
  });

  it("set-bootstrap refuses an address no client could use, naming it, before anything is sent", async () => {
    const id = await network.addProvider();
    const owner = network.ownerOf(id);
    const { file, node, peerId } = await consentFile(id);
    expect((await as(owner, ["provider", "register-node", file])).code).toBe(0);
    const other = await consentFile(id);
    const before = await network.chain.provider.getBlockNumber();
    const good = `/ip4/127.0.0.1/tcp/4001/p2p/${peerId}`;
    for (const [address, reason] of [
      ["garbage-addr", "it does not parse as a multiaddr"],
      [`/ip4/999.0.0.1/tcp/4001/p2p/${peerId}`, 'Invalid IPv4 address "999.0.0.1"'],
      ["mail1.example.org:4001", "it does not parse as a multiaddr"],
      ["/ip4/127.0.0.1/tcp/4001", "it must end in /p2p/<the node's peer id>"],
      [`/ip4/127.0.0.1/tcp/4001/p2p/${other.peerId}`, `is node ${other.node}'s key, not node ${node}'s`],
    ] as const) {
      // No signing key is needed to be told: the check comes first.
      const refused = await read(["provider", "set-bootstrap", node, good, address]);
      expect(refused.code, address).toBe(1);
      expect(refused.stderr).toContain(
        `waymark: InvalidMultiaddrError: Invalid server multiaddr "${address}": `,
      );
      expect(refused.stderr).toContain(reason);
    }
    const five = await as(owner, ["provider", "set-bootstrap", node, good, good, good, good, good]);
    expect(five.code).toBe(1);
    expect(five.stderr).toContain(
      "TooManyBootstrapAddressesError: 5 bootstrap addresses given; the registry keeps at most 4 per node",
    );
    expect(await network.chain.provider.getBlockNumber()).toBe(before);
    expect(await getBootstrapRecords(network.curator, { service: "mail/1" })).toEqual([]);
  });

  it("registers a node from the consent `waymark-node consent` writes", async () => {
    const id = await network.addProvider();
    const keyFile = join(tmp.dir, "node.key");
    const consent = join(tmp.dir, "consent.json");
    const keygen = await runCli("waymark-node", ["keygen", "--out", keyFile, "--json"], { env: tmp.env });
    expect(keygen.code, keygen.stderr).toBe(0);
    const { peerId, nodeAddress } = JSON.parse(keygen.stdout) as { peerId: string; nodeAddress: string };
    const signed = await runCli(
      "waymark-node",
      ["consent", "--provider", String(id), "--key", keyFile, "--out", consent],
      { env: tmp.env },
    );
    expect(signed.code, signed.stderr).toBe(0);

    const registered = await as(network.ownerOf(id), ["provider", "register-node", consent]);
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toContain(
      `Registered node ${nodeAddress} (peer ${peerId}) under provider ${id}`,
    );
    expect((await getNode(network.curator, nodeAddress)).status).toBe("Active");
  });

  it("refuses a consent that is not the node key's", async () => {
    const id = await network.addProvider();
    const { file } = await consentFile(id);
    const forged = (await readFile(file, "utf8")).replace(/"providerId": "\d+"/, '"providerId": "7"');
    await writeFile(file, forged);
    const result = await as(network.ownerOf(id), ["provider", "register-node", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("InvalidConsentError");
  });

  it("transfers ownership in two steps and retires the provider", async () => {
    const id = await network.addProvider();
    const newOwner = network.chain.signers[9]!.address;
    const started = await as(network.ownerOf(id), ["provider", "transfer", String(id), newOwner]);
    expect(started.stdout).toContain(`Provider ${id} awaits acceptance by ${newOwner}`);
    const accepted = await as(9, ["provider", "accept", String(id)]);
    expect(accepted.stdout).toContain(`You now own provider ${id}`);
    expect((await getProvider(network.curator, id)).owner).toBe(newOwner);

    const retired = await as(9, ["provider", "retire", String(id), "--json"]);
    expect(JSON.parse(retired.stdout)).toHaveProperty("hash");
    expect((await getProvider(network.curator, id)).status).toBe("Retired");
  });

  it("takes the RPC URL and registry from a config file or an Ignition deployment folder", async () => {
    await network.addProvider({ name: "Configured" });
    const config = join(tmp.dir, "waymark.json");
    await writeFile(
      config,
      JSON.stringify({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress }),
    );
    const bare = { ...tmp.env, WAYMARK_RPC_URL: undefined, WAYMARK_REGISTRY: undefined };

    const fromFile = await runCli("waymark", ["--config", config, "provider", "list"], { env: bare });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain("Configured");

    const missing = await runCli("waymark", ["provider", "list"], { env: bare });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      "waymark: ConfigurationError: No RPC URL: pass --rpc-url, set WAYMARK_RPC_URL, or set rpcUrl in the config file",
    );

    const defaultConfig = join(tmp.dir, "waymark", "config.json");
    await mkdir(join(tmp.dir, "waymark"));
    await writeFile(
      defaultConfig,
      JSON.stringify({ rpcUrl: network.chain.rpcUrl, deployment: "../deployment" }),
    );
    await mkdir(join(tmp.dir, "deployment"));
    await writeFile(
      join(tmp.dir, "deployment", "deployed_addresses.json"),
      JSON.stringify({ [REGISTRY_FUTURE_ID]: network.registryAddress }),
    );
    // The deployment path in the config file is relative to the file.
    const fromDeployment = await runCli("waymark", ["provider", "show", "1"], {
      env: { ...bare, XDG_CONFIG_HOME: join(tmp.dir) },
      cwd: "/",
    });
    expect(fromDeployment.code, fromDeployment.stderr).toBe(0);
    expect(fromDeployment.stdout).toMatch(/^name\s+Configured$/m);

    const flag = await runCli(
      "waymark",
      [
        "--rpc-url",
        network.chain.rpcUrl,
        "--deployment",
        join(tmp.dir, "deployment"),
        "provider",
        "show",
        "1",
      ],
      { env: bare },
    );
    expect(flag.stdout).toMatch(/^name\s+Configured$/m);

    const unknown = await read(["provider", "show", "42"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("RegistryUnknownProvider(42)");
  });
});

function serializeConsentOf(file: string): string {
  return readFileSync(file, "utf8");
}
