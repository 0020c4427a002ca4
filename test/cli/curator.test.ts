import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { encryptKeystoreJson, Wallet } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { applyAsProvider } from "../../client/actions/registry/providerAdmin.js";
import { getNode } from "../../client/actions/registry/nodes.js";
import { getProvider } from "../../client/kernel/registry/providers.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import { runCli } from "../../scripts/kit/cli.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

describe("waymark curator", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  /** Runs `waymark` as the curator (account 0). */
  const asCurator = (args: string[]) =>
    runCli("waymark", args, { env: { ...tmp.env, WAYMARK_PRIVATE_KEY: devAccount(0).privateKey } });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  it("admits a provider with add-provider, as default", async () => {
    expect(new Wallet(devAccount(0).privateKey).address).toBe(network.chain.signers[0]!.address);
    const owner = network.chain.signers[3]!.address;
    const result = await asCurator([
      "curator",
      "add-provider",
      owner,
      "Alpha Mail",
      "--metadata-uri",
      "https://alpha.example",
      "--default",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Added provider 1 "Alpha Mail" owned by ${owner}, default \\(tx 0x[0-9a-f]{64}\\)`),
    );
    expect(result.stderr).toContain("Adding provider");
    const info = await getProvider(network.curator, 1n);
    expect([info.status, info.isDefault, info.metadataURI]).toEqual([
      "Active",
      true,
      "https://alpha.example",
    ]);
  });

  it("approves and rejects applications", async () => {
    const applicant = await network.connectAs(4);
    const { providerId: first } = await applyAsProvider(applicant, { name: "First" });
    const { providerId: second } = await applyAsProvider(applicant, { name: "Second" });

    const approved = await asCurator(["curator", "approve", String(first)]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`Approved provider ${first}`);

    const rejected = await asCurator(["curator", "reject", String(second), "--reason", "3", "--json"]);
    expect(rejected.code).toBe(0);
    const printed = JSON.parse(rejected.stdout) as { hash: string; blockNumber: number };
    expect(printed.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(printed.blockNumber).toBeGreaterThan(0);
    expect((await getProvider(network.curator, first)).status).toBe("Active");
    expect((await getProvider(network.curator, second)).status).toBe("Rejected");
  });

  it("suspends, reinstates and sets or unsets the default mark", async () => {
    const id = await network.addProvider({ isDefault: false });
    const run = async (args: string[], expected: string): Promise<void> => {
      const result = await asCurator(args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(expected);
    };
    await run(["curator", "set-default", String(id)], `Provider ${id} is now a default provider`);
    expect((await getProvider(network.curator, id)).isDefault).toBe(true);
    await run(
      ["curator", "suspend", String(id), "--reason", "unreliable"],
      `Suspended provider ${id} (reason unreliable)`,
    );
    expect((await getProvider(network.curator, id)).status).toBe("Suspended");
    await run(["curator", "reinstate", String(id)], `Reinstated provider ${id}`);
    expect((await getProvider(network.curator, id)).status).toBe("Active");
    await run(
      ["curator", "set-default", String(id), "--off"],
      `Provider ${id} is no longer a default provider`,
    );
    expect((await getProvider(network.curator, id)).isDefault).toBe(false);
  });

  it("suspends and reinstates a node given by its peer id", async () => {
    const id = await network.addProvider();
    const node = await network.startNode({ providerId: id, provide: false });
    // A reason given by its number is printed by its name.
    const suspended = await asCurator(["curator", "suspend-node", node.peerId, "--reason", "1"]);
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(suspended.stdout).toContain(`Suspended node ${node.node} (reason abuse)`);
    expect((await getNode(network.curator, node.node)).status).toBe("Suspended");
    const reinstated = await asCurator(["curator", "reinstate-node", node.node]);
    expect(reinstated.stdout).toContain(`Reinstated node ${node.node}`);
    expect((await getNode(network.curator, node.node)).status).toBe("Active");
  });

  it("grants and revokes the curator role", async () => {
    const account = network.chain.signers[5]!.address;
    const role = await network.curator.contract.CURATOR_ROLE();
    const granted = await asCurator(["curator", "grant", account]);
    expect(granted.stdout).toContain(`${account} is now a curator`);
    expect(await network.curator.contract.hasRole(role, account)).toBe(true);
    const revoked = await asCurator(["curator", "revoke", account]);
    expect(revoked.stdout).toContain(`${account} is no longer a curator`);
    expect(await network.curator.contract.hasRole(role, account)).toBe(false);
  });

  it("exits non-zero with the decoded revert name on one line, and a hint on the next", async () => {
    const id = await network.addProvider();
    const again = await asCurator(["curator", "approve", String(id)]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split("\n").slice(-2)).toEqual([
      `waymark: RegistryRevertError: The registry rejected the call: RegistryProviderStatusInvalid(${id}, 2)`,
      `hint: provider ${id} is Active, which this action does not accept: see waymark provider show ${id}`,
    ]);

    const unknown = await asCurator(["curator", "suspend", "99"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("RegistryUnknownProvider(99)");

    const notCurator = await runCli("waymark", ["curator", "suspend", String(id)], {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: devAccount(6).privateKey },
    });
    expect(notCurator.code).toBe(1);
    expect(notCurator.stderr).toContain("AccessControlUnauthorizedAccount");
  });

  it("rejects a bad address, an unreachable RPC, and a missing signing key", async () => {
    const bad = await asCurator(["curator", "add-provider", "0x1234", "Name"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Not an Ethereum address: "0x1234"');

    const down = await runCli("waymark", ["curator", "approve", "1"], {
      env: {
        ...tmp.env,
        WAYMARK_PRIVATE_KEY: devAccount(0).privateKey,
        WAYMARK_RPC_URL: "http://127.0.0.1:9",
      },
    });
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toBe(
      "waymark: RpcUnreachableError: The chain RPC http://127.0.0.1:9 is unreachable (connect ECONNREFUSED 127.0.0.1:9)",
    );
    expect(down.stdout).toBe("");

    const keyless = await runCli("waymark", ["curator", "approve", "1"], { env: tmp.env });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toContain("MissingSignerError");
  });

  it("signs with an encrypted JSON keystore whose passphrase comes from the environment", async () => {
    const key = devAccount(0).privateKey;
    const keystore = join(tmp.dir, "curator.json");
    await writeFile(
      keystore,
      await encryptKeystoreJson({ address: new Wallet(key).address, privateKey: key }, "correct horse", {
        scrypt: { N: 1 << 10 },
      }),
    );
    const owner = network.chain.signers[7]!.address;
    const ok = await runCli(
      "waymark",
      ["--keystore", keystore, "curator", "add-provider", owner, "Keystore Mail"],
      {
        env: { ...tmp.env, WAYMARK_KEYSTORE_PASSWORD: "correct horse" },
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Added provider 1 "Keystore Mail"');

    const wrong = await runCli("waymark", ["curator", "approve", "1"], {
      env: { ...tmp.env, WAYMARK_KEYSTORE: keystore, WAYMARK_KEYSTORE_PASSWORD: "wrong" },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("KeystoreError: Cannot unlock the keystore");

    const noTerminal = await runCli("waymark", ["curator", "approve", "1"], {
      env: { ...tmp.env, WAYMARK_KEYSTORE: keystore },
    });
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toContain("WAYMARK_KEYSTORE_PASSWORD");
  });
});
