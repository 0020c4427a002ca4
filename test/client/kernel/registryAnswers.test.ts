import { describe, expect, it } from "vitest";

import { decodeBootstrapPage } from "../../../client/kernel/registry/bootstrap.js";
import { decodeProviderPage } from "../../../client/kernel/registry/providers.js";
import { REGISTRY_INTERFACE } from "../../../client/kernel/registry/registryInterface.js";
import { decodeVerifications } from "../../../client/kernel/registry/verifyNodes.js";

const NODE_A = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4";
const NODE_B = "0xAb8483F64d9C6d1EcF9b849Ae677dD3315835cb2";
const PEER = "16Uiu2HAmQuJpwmPog4efDjMgqLfaMNZUcoVnxHr26hbCVqL7D8QE";

/** The ABI answer of `getBootstrapRecords`, encoded by ethers as a node would return it. */
function bootstrapAnswer(records: [string, bigint, string[]][], total: bigint): string {
  return REGISTRY_INTERFACE.encodeFunctionResult("getBootstrapRecords", [records, total]);
}

/** The ABI answer of `getProviders`, encoded by ethers. */
function providersAnswer(
  providers: [bigint, string, string, number, boolean, number, number, string, string][],
  total: bigint,
): string {
  return REGISTRY_INTERFACE.encodeFunctionResult("getProviders", [providers, total]);
}

/** The error a decoder threw, to check its name and view. */
function thrown(decode: () => unknown): { name: string; view: string; message: string } {
  try {
    decode();
  } catch (err) {
    return err as { name: string; view: string; message: string };
  }
  throw new Error("the answer was accepted");
}

/** A hex answer with one 32-byte word replaced. */
function withWord(answer: string, index: number, value: bigint): string {
  const word = value.toString(16).padStart(64, "0");
  const at = 2 + index * 64;
  return answer.slice(0, at) + word + answer.slice(at + 64);
}

describe("decodeBootstrapPage", () => {
  it("reads what ethers encodes: records, their addresses in order, and the total", () => {
    const records: [string, bigint, string[]][] = [
      [NODE_A, 1n, [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`, `/dns4/mail.example.org/tcp/4001/p2p/${PEER}`]],
      [NODE_B, 7n, []],
      [NODE_A, 2n ** 200n, ["/ip4/10.0.0.1/tcp/1/p2p/é→✓"]],
    ];
    const { page, total } = decodeBootstrapPage(bootstrapAnswer(records, 70n));
    expect(total).toBe(70n);
    expect(page).toEqual(records.map(([node, providerId, multiaddrs]) => ({ node, providerId, multiaddrs })));
    expect(decodeBootstrapPage(bootstrapAnswer([], 0n))).toEqual({ page: [], total: 0n });
  });

  it("checksums node addresses, as ethers does", () => {
    const { page } = decodeBootstrapPage(bootstrapAnswer([[NODE_A.toLowerCase(), 1n, []]], 1n));
    expect(page[0]?.node).toBe(NODE_A);
  });

  it("refuses an answer whose offsets, lengths or strings lie outside it, naming the view", () => {
    const answer = bootstrapAnswer([[NODE_A, 1n, [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`]]], 1n);
    const cases = {
      empty: "0x",
      truncated: answer.slice(0, answer.length - 64),
      "array offset past the end": withWord(answer, 0, 10n ** 6n),
      "a count of 2^40 records": withWord(answer, 2, 2n ** 40n),
      "an offset of 2^255": withWord(answer, 0, 2n ** 255n),
      "a string that is not UTF-8": answer.replace(Buffer.from("/ip4").toString("hex"), "ff".repeat(4)),
    };
    for (const [what, bad] of Object.entries(cases)) {
      const error = thrown(() => decodeBootstrapPage(bad));
      expect({ what, name: error.name, view: error.view }).toEqual({
        what,
        name: "RegistryAnswerError",
        view: "getBootstrapRecords",
      });
    }
  });
});

describe("decodeProviderPage", () => {
  it("reads what ethers encodes, names with any UTF-8 included", () => {
    const providers: [bigint, string, string, number, boolean, number, number, string, string][] = [
      [
        1n,
        NODE_A,
        "0x0000000000000000000000000000000000000000",
        2,
        true,
        3,
        1_700_000_000,
        "Ålborg Mail ✉",
        "ipfs://x",
      ],
      [2n, NODE_B, NODE_A, 5, false, 0, 2 ** 40, "", ""],
    ];
    const { page, total } = decodeProviderPage(providersAnswer(providers, 2n));
    expect(total).toBe(2n);
    expect(page).toEqual([
      {
        id: 1n,
        owner: NODE_A,
        pendingOwner: "0x0000000000000000000000000000000000000000",
        status: "Active",
        isDefault: true,
        nodeCount: 3,
        createdAt: 1_700_000_000,
        name: "Ålborg Mail ✉",
        metadataURI: "ipfs://x",
      },
      {
        id: 2n,
        owner: NODE_B,
        pendingOwner: NODE_A,
        status: "Retired",
        isDefault: false,
        nodeCount: 0,
        createdAt: 2 ** 40,
        name: "",
        metadataURI: "",
      },
    ]);
  });

  it("refuses a truncated answer, naming the view", () => {
    const answer = providersAnswer([[1n, NODE_A, NODE_B, 1, true, 3, 5, "name", "uri"]], 1n);
    const error = thrown(() => decodeProviderPage(answer.slice(0, answer.length - 128)));
    expect([error.name, error.view]).toEqual(["RegistryAnswerError", "getProviders"]);
    expect(error.message).toContain("The registry's getProviders answer is malformed");
  });
});

describe("decodeVerifications", () => {
  it("reads what ethers encodes, in order", () => {
    const answer = REGISTRY_INTERFACE.encodeFunctionResult("verifyNodes", [
      [
        [true, 3n, 0],
        [false, 0n, 1],
        [false, 2n ** 255n, 6],
      ],
    ]);
    expect(decodeVerifications(answer)).toEqual([
      { trusted: true, providerId: 3n, verdict: 0 },
      { trusted: false, providerId: 0n, verdict: 1 },
      { trusted: false, providerId: 2n ** 255n, verdict: 6 },
    ]);
    expect(decodeVerifications(REGISTRY_INTERFACE.encodeFunctionResult("verifyNodes", [[]]))).toEqual([]);
  });

  it("refuses an answer shorter than the count it claims, naming the view", () => {
    const answer = REGISTRY_INTERFACE.encodeFunctionResult("verifyNodes", [[[true, 3n, 0]]]);
    for (const bad of [withWord(answer, 1, 2n), withWord(answer, 1, 2n ** 40n), "0x"]) {
      const error = thrown(() => decodeVerifications(bad));
      expect([error.name, error.view]).toEqual(["RegistryAnswerError", "verifyNodes"]);
    }
  });
});
