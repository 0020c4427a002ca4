import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { consentMessage, parseConsent } from "../../../client/kernel/identity/consent.js";
import { verifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { RegistryWorld } from "../../../scripts/kit/registry.js";
import { useTempDirs, useWorld } from "../../helpers/hooks.js";
import { TEST_PROVIDERS } from "../helpers/fixtures.js";
import { SwitchableProxy } from "../helpers/proxy.js";

describe("waymark-node consent", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-node-test-");

  async function keygen(env: Record<string, string> = {}): Promise<{ keyFile: string; peerId: string }> {
    const keyFile = join(await dirs.make(), "node.key");
    const args = [
      "keygen",
      "--out",
      keyFile,
      "--json",
      ...(env.NODE_PW === undefined ? [] : ["--passphrase-env", "NODE_PW"]),
    ];
    const result = await runCli("waymark-node", args, { env });
    expect(result.code).toBe(0);
    return { keyFile, peerId: (JSON.parse(result.stdout) as { peerId: string }).peerId };
  }

  it("signs a consent with an encrypted key that registers the node on chain", async () => {
    const { keyFile, peerId } = await keygen({ NODE_PW: "pw" });
    const result = await runCli(
      "waymark-node",
      [
        "consent",
        "--provider",
        "1",
        "--key",
        keyFile,
        "--key-passphrase-env",
        "NODE_PW",
        "--rpc-url",
        world.current.chain.rpcUrl,
      ],
      { env: { NODE_PW: "pw", WAYMARK_REGISTRY: world.current.address } },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const consent = parseConsent(result.stdout);
    expect(consent).toMatchObject({
      peerId,
      providerId: 1n,
      service: "mail/1",
      nonce: 0n,
      chainId: world.current.provider(1n).chainId,
    });
    await (
      await world.current.provider(1n).contract.registerNode(consentMessage(consent), consent.signature)
    ).wait();
    const [verification] = await verifyNodes(world.current.provider(1n), {
      nodes: [consent.node],
      service: "mail/1",
    });
    expect(verification).toMatchObject({ trusted: true, verdict: "Trusted", providerId: 1n });
  });

  it("signs offline with --chain-id and --nonce, and writes the consent to a file", async () => {
    const { keyFile } = await keygen();
    const down = await SwitchableProxy.reserve(1);
    const out = join(await dirs.make(), "consent.json");
    const result = await runCli("waymark-node", [
      "consent",
      "--provider",
      "2",
      "--service",
      "mail/1",
      "--key",
      keyFile,
      "--registry",
      world.current.address,
      "--rpc-url",
      `http://127.0.0.1:${down.port}`,
      "--chain-id",
      world.current.provider(1n).chainId.toString(),
      "--nonce",
      "0",
      "--valid-for",
      "1h",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");

    const consent = parseConsent(await readFile(out, "utf8"));
    expect(Number(consent.deadline) - Date.now() / 1000).toBeGreaterThan(3000);
    await (
      await world.current.provider(2n).contract.registerNode(consentMessage(consent), consent.signature)
    ).wait();
    const [verification] = await verifyNodes(world.current.curator, {
      nodes: [consent.node],
      service: "mail/1",
    });
    expect(verification).toMatchObject({ verdict: "ProviderNotTrusted", providerId: 2n });

    const again = await runCli("waymark-node", [
      "consent",
      "--provider",
      "2",
      "--key",
      keyFile,
      "--registry",
      world.current.address,
      "--chain-id",
      "31337",
      "--nonce",
      "1",
      "--out",
      out,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
  });

  it("fails at once, naming the error, when the chain must be asked and does not answer", async () => {
    const { keyFile } = await keygen();
    const down = await SwitchableProxy.reserve(1);
    const result = await runCli("waymark-node", [
      "consent",
      "--provider",
      "1",
      "--key",
      keyFile,
      "--registry",
      world.current.address,
      "--rpc-url",
      `http://127.0.0.1:${down.port}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("RpcUnreachableError");
  });

  it("refuses a wrong passphrase and a chain id that is not the chain's", async () => {
    const { keyFile } = await keygen({ NODE_PW: "pw" });
    const wrong = await runCli(
      "waymark-node",
      [
        "consent",
        "--provider",
        "1",
        "--key",
        keyFile,
        "--key-passphrase-env",
        "NODE_PW",
        "--registry",
        world.current.address,
      ],
      { env: { NODE_PW: "not it", WAYMARK_RPC_URL: world.current.chain.rpcUrl } },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("KeyPassphraseError");

    const otherChain = await runCli(
      "waymark-node",
      ["consent", "--provider", "1", "--key", keyFile, "--key-passphrase-env", "NODE_PW", "--chain-id", "1"],
      {
        env: {
          NODE_PW: "pw",
          WAYMARK_RPC_URL: world.current.chain.rpcUrl,
          WAYMARK_REGISTRY: world.current.address,
        },
      },
    );
    expect(otherChain.code).toBe(1);
    expect(otherChain.stderr).toMatch(/InvalidConfigError: Invalid configuration option "chainId"/);
  });

  it("refuses a provider that does not exist or is not active when the chain answers; offline it signs", async () => {
    const { keyFile } = await keygen();
    const online = (provider: string) =>
      runCli("waymark-node", ["consent", "--provider", provider, "--key", keyFile], {
        env: { WAYMARK_RPC_URL: world.current.chain.rpcUrl, WAYMARK_REGISTRY: world.current.address },
      });
    const missing = await online("99");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain(
      `ProviderNotActiveError: No provider has id 99 in registry ${world.current.address} on chain ${world.current.curator.chainId}`,
    );
    expect(missing.stderr).toContain("Hint: check the id with the provider (waymark provider list)");

    const applied = await (await world.current.curator.contract.applyAsProvider("Pending Mail", "")).wait();
    const pendingId = world.current.curator.contract.interface.parseLog(applied!.logs[0]!)!.args[0] as bigint;
    const pending = await online(String(pendingId));
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain(`ProviderNotActiveError: Provider ${pendingId} is Pending in registry`);
    expect(pending.stderr).toContain(
      `Hint: sign once a curator has approved it (waymark curator approve ${pendingId})`,
    );

    // Offline, nothing can be asked: it signs, and the registry refuses it later if need be.
    const offline = await runCli("waymark-node", [
      "consent",
      "--provider",
      "99",
      "--key",
      keyFile,
      "--registry",
      world.current.address,
      "--chain-id",
      String(world.current.curator.chainId),
      "--nonce",
      "0",
    ]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(parseConsent(offline.stdout).providerId).toBe(99n);
  });

  it("counts the default deadline from the chain's time, which a dev chain may have moved ahead", async () => {
    const ahead = await startChain();
    try {
      const aheadWorld = await RegistryWorld.deploy(ahead, { providers: TEST_PROVIDERS });
      const days = 30;
      await ahead.provider.send("evm_increaseTime", [days * 86_400]);
      await ahead.provider.send("evm_mine", []);
      const chainTime = (await ahead.provider.getBlock("latest"))!.timestamp;
      const { keyFile } = await keygen();
      const out = join(await dirs.make(), "consent.json");
      const signed = await runCli(
        "waymark-node",
        ["consent", "--provider", "1", "--key", keyFile, "--valid-for", "1d", "--out", out],
        { env: { WAYMARK_RPC_URL: ahead.rpcUrl, WAYMARK_REGISTRY: aheadWorld.address } },
      );
      expect(signed.code, signed.stderr).toBe(0);
      const consent = parseConsent(await readFile(out, "utf8"));
      expect(consent.deadline).toBe(BigInt(chainTime + 86_400));
      expect(signed.stderr).toContain(
        `valid until ${new Date((chainTime + 86_400) * 1000).toISOString()} by the chain's clock`,
      );
      // Counted from the local clock it would be void already; counted from the chain's, it registers.
      expect(Date.now() / 1000 + 86_400).toBeLessThan(chainTime);
      await (
        await aheadWorld.provider(1n).contract.registerNode(consentMessage(consent), consent.signature)
      ).wait();
      const [verification] = await verifyNodes(aheadWorld.curator, {
        nodes: [consent.node],
        service: "mail/1",
      });
      expect(verification).toMatchObject({ trusted: true, verdict: "Trusted" });

      // A deadline given that the chain's clock has passed is refused before signing.
      const late = await runCli(
        "waymark-node",
        [
          "consent",
          "--provider",
          "1",
          "--key",
          keyFile,
          "--deadline",
          String(Math.floor(Date.now() / 1000) + 3600),
        ],
        { env: { WAYMARK_RPC_URL: ahead.rpcUrl, WAYMARK_REGISTRY: aheadWorld.address } },
      );
      expect(late.code).toBe(1);
      expect(late.stderr).toContain(`InvalidConfigError: Invalid configuration option "deadline"`);
      expect(late.stderr).toContain(`has passed: the chain's latest block time is`);
    } finally {
      await ahead.close();
    }
  });
});
