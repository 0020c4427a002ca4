import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { formatEther, parseEther, Wallet } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { serializeConsent, signNodeConsent } from "../../client/kernel/identity/consent.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { listProviders } from "../../client/kernel/registry/providers.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import { runCli } from "../../scripts/kit/cli.js";
import { TestNetwork } from "../client/network.js";
import type { Scratch } from "./env.js";
import { scratch } from "./env.js";

describe("waymark error lines", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  const as = (key: number | string, args: string[]) =>
    runCli("waymark", args, {
      env: { ...tmp.env, WAYMARK_PRIVATE_KEY: typeof key === "number" ? devAccount(key).privateKey : key },
    });

  beforeEach(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });
  });
  afterEach(async () => {
    await network.stop();
    await tmp.remove();
  });

  /** A consent file signed by a fresh node key. */
  async function consentFile(
    providerId: bigint,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ): Promise<{ file: string; node: string }> {
    const key = await generateKeyPair("secp256k1");
    const peerId = peerIdFromPrivateKey(key).toString();
    const consent = await signNodeConsent(nodeWallet(key), {
      peerId,
      providerId,
      service: "mail/1",
      nonce: options.nonce ?? 0n,
      deadline: options.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600),
      chainId: network.curator.chainId,
      registry: network.registryAddress,
    });
    const file = join(tmp.dir, `${peerId}.json`);
    await writeFile(file, serializeConsent(consent));
    return { file, node: consent.node };
  }

  /** The error line and the hint line of a failed run. */
  function lines(result: { code: number | null; stderr: string }): { error: string; hint: string } {
    expect(result.code).toBe(1);
    const [error = "", hint = ""] = result.stderr.trim().split("\n").slice(-2);
    return { error, hint };
  }

  it("says a consent used twice was used already", async () => {
    const id = await network.addProvider();
    const owner = network.ownerOf(id);
    const { file, node } = await consentFile(id);
    expect((await as(owner, ["provider", "register-node", file])).code).toBe(0);
    expect((await as(owner, ["provider", "retire-node", node])).code).toBe(0);

    const { error, hint } = lines(await as(owner, ["provider", "register-node", file]));
    expect(error).toBe(
      `waymark: RegistryRevertError: The registry rejected the call: RegistryInvalidNonce(${node}, 0, 1)`,
    );
    expect(hint).toBe(
      "hint: this consent was already used, or the node registered again since: sign a new one (waymark-node consent)",
    );
  });

  it("says an expired consent expired, by the chain's clock", async () => {
    const id = await network.addProvider();
    const { file } = await consentFile(id, { deadline: 1_000_000_000n });
    const { error, hint } = lines(await as(network.ownerOf(id), ["provider", "register-node", file]));
    expect(error).toMatch(/RegistrySignatureExpired\(1000000000, \d+\)$/);
    expect(hint).toMatch(
      /^hint: the signature was valid until 2001-09-09T01:46:40\.000Z, and the chain's time is 20\d\d-.*: sign a new one/,
    );
  });

  it("says who may register a node, and that a registered node must be retired first", async () => {
    const id = await network.addProvider();
    const { file, node } = await consentFile(id);
    const stranger = network.chain.signers[9]!.address;
    const refused = lines(await as(9, ["provider", "register-node", file]));
    expect(refused.error).toContain(`RegistryNotProviderManager(${id}, ${stranger})`);
    expect(refused.hint).toBe(
      `hint: ${stranger} is neither the owner nor an operator of provider ${id}: sign with the owner's key, or have the owner appoint it (waymark provider operator ${id} ${stranger})`,
    );

    expect((await as(network.ownerOf(id), ["provider", "register-node", file])).code).toBe(0);
    const twice = lines(await as(network.ownerOf(id), ["provider", "register-node", file]));
    expect(twice.error).toContain(`RegistryNodeAlreadyRegistered(${node}, ${id})`);
    expect(twice.hint).toContain(`retire it first (waymark provider retire-node ${node})`);
  });

  it("says a pending provider needs a curator's approval, and who is no curator", async () => {
    const applied = await as(5, ["provider", "apply", "Newcomer", "--json"]);
    const { providerId } = JSON.parse(applied.stdout) as { providerId: string };
    const { file } = await consentFile(BigInt(providerId));
    const pending = lines(await as(5, ["provider", "register-node", file]));
    expect(pending.error).toContain(`RegistryProviderStatusInvalid(${providerId}, 1)`);
    expect(pending.hint).toBe(
      `hint: provider ${providerId} is Pending: a curator must approve it first (waymark curator approve ${providerId})`,
    );

    const account = network.chain.signers[5]!.address;
    const notCurator = lines(await as(5, ["curator", "approve", providerId]));
    expect(notCurator.error).toContain(`AccessControlUnauthorizedAccount(${account}, 0x`);
    expect(notCurator.hint).toBe(
      `hint: ${account} is not a curator: sign with a curator's key, or have the registry admin grant the role (waymark curator grant ${account})`,
    );
  });

  it("names an account without funds, its balance and the cost, not an unreachable RPC", async () => {
    const empty = Wallet.createRandom();
    const result = await as(empty.privateKey, ["provider", "apply", "Penniless"]);
    const { error, hint } = lines(result);
    expect(result.stderr).not.toContain("unreachable");
    const match = new RegExp(
      `^waymark: InsufficientFundsError: The account ${empty.address} has too little to pay for gas: balance 0\\.0, the transaction may cost up to (\\d+\\.\\d+) \\(amounts in ether units of the chain's native currency\\)$`,
    ).exec(error);
    expect(match, error).not.toBeNull();
    expect(parseEther(match![1]!)).toBeGreaterThan(0n);
    expect(hint).toBe(
      `hint: send the account ${empty.address} some of the chain's native currency, then try again`,
    );

    // Some funds, not enough: the balance the chain holds is named.
    const poor = Wallet.createRandom();
    await (await network.chain.signers[0]!.sendTransaction({ to: poor.address, value: 1_000n })).wait();
    const short = lines(await as(poor.privateKey, ["provider", "apply", "Penniless"]));
    expect(short.error).toContain(`balance ${formatEther(1_000n)}, the transaction may cost up to`);
    // Nothing was mined.
    expect(await listProviders(network.curator)).toEqual([]);
  });
});
