import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { base58btc } from "multiformats/bases/base58";
import { describe, expect, it } from "vitest";

import { computeAddress, hexlify } from "ethers";

import {
  nodeAddressFromPeerId,
  usualSecp256k1NodeAddress,
} from "../../client/kernel/identity/nodeAddress.js";
import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { serviceId, serviceName } from "../../client/kernel/service/serviceId.js";
import { serviceKey, serviceKeyText } from "../../client/kernel/service/serviceKey.js";

describe("nodeAddressFromPeerId", () => {
  it("derives the same address as the wallet of the node key", async () => {
    const key = await generateKeyPair("secp256k1");
    const peerId = peerIdFromPrivateKey(key);
    expect(peerId.toString().startsWith("16Uiu2")).toBe(true);
    expect(nodeAddressFromPeerId(peerId.toString())).toBe(nodeWallet(key).address);
  });

  it("rejects an Ed25519 peer id by name", async () => {
    const peerId = peerIdFromPrivateKey(await generateKeyPair("Ed25519"));
    expect(() => nodeAddressFromPeerId(peerId)).toThrow(
      expect.objectContaining({ name: "InvalidPeerIdError" }),
    );
  });

  it("rejects a malformed peer id by name", () => {
    expect(() => nodeAddressFromPeerId("not-a-peer-id")).toThrow(
      expect.objectContaining({ name: "InvalidPeerIdError" }),
    );
  });
});

describe("nodeAddressFromPeerId, a peer id given as text", () => {
  it("derives what the wallet of the node key and libp2p's parse derive, for many keys", async () => {
    for (let i = 0; i < 50; i++) {
      const key = await generateKeyPair("secp256k1");
      const peerId = peerIdFromPrivateKey(key);
      const text = peerId.toString();
      expect(usualSecp256k1NodeAddress(text)).toBe(nodeWallet(key).address);
      const parsed = peerIdFromString(text).publicKey;
      expect(parsed).toBeDefined();
      expect(nodeAddressFromPeerId(text)).toBe(computeAddress(hexlify(parsed?.raw ?? new Uint8Array())));
      expect(nodeAddressFromPeerId(text)).toBe(nodeAddressFromPeerId(peerId));
    }
  });

  it("rejects a peer id in the usual form whose key is not a point of the curve", async () => {
    const bytes = base58btc.baseDecode(peerIdFromPrivateKey(await generateKeyPair("secp256k1")).toString());
    // x = p + 1 is no field element: no point has it.
    bytes.set(Buffer.from("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30", "hex"), 7);
    const text = base58btc.baseEncode(bytes);
    expect(() => usualSecp256k1NodeAddress(text)).toThrow(
      expect.objectContaining({ name: "InvalidPeerIdError" }),
    );
    expect(() => nodeAddressFromPeerId(text)).toThrow(
      expect.objectContaining({ name: "InvalidPeerIdError" }),
    );
  });

  it("leaves other forms to libp2p's parse, and names what is wrong with them", async () => {
    const ed25519 = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
    expect(usualSecp256k1NodeAddress(ed25519)).toBeUndefined();
    expect(() => nodeAddressFromPeerId(ed25519)).toThrow(/key type is Ed25519/);
    expect(usualSecp256k1NodeAddress("not-a-peer-id")).toBeUndefined();
    expect(() => nodeAddressFromPeerId("not-a-peer-id")).toThrow(
      expect.objectContaining({ name: "InvalidPeerIdError" }),
    );
    // The CID form of a secp256k1 peer id is not the usual form, but libp2p reads it.
    const key = await generateKeyPair("secp256k1");
    const cid = peerIdFromPrivateKey(key).toCID().toString();
    expect(usualSecp256k1NodeAddress(cid)).toBeUndefined();
    expect(nodeAddressFromPeerId(cid)).toBe(nodeWallet(key).address);
  });
});

describe("serviceId", () => {
  it("round-trips a service name through its bytes32 id", () => {
    const id = serviceId("mail/1");
    expect(id).toMatch(/^0x6d61696c2f31(00)+$/);
    expect(serviceName(id)).toBe("mail/1");
  });

  it.each(["", "Mail/1", "a".repeat(32), "mail 1", "/mail"])("rejects %j by name", (name) => {
    expect(() => serviceId(name)).toThrow(expect.objectContaining({ name: "InvalidServiceNameError" }));
  });
});

describe("serviceKey", () => {
  const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  it("hashes chain, lowercase registry and service into a raw CIDv1", () => {
    expect(serviceKeyText({ chainId: 31337n, registry, service: "mail/1" })).toBe(
      `waymark/31337/${registry.toLowerCase()}/mail/1`,
    );
    const key = serviceKey({ chainId: 31337n, registry, service: "mail/1" });
    expect(key.version).toBe(1);
    expect(key.code).toBe(0x55);
    expect(key.multihash.code).toBe(0x12);
  });

  it("differs between chains, registries and services", () => {
    const base = serviceKey({ chainId: 1n, registry, service: "mail/1" }).toString();
    expect(serviceKey({ chainId: 2n, registry, service: "mail/1" }).toString()).not.toBe(base);
    expect(
      serviceKey({
        chainId: 1n,
        registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        service: "mail/1",
      }).toString(),
    ).not.toBe(base);
    expect(serviceKey({ chainId: 1n, registry, service: "mail/2" }).toString()).not.toBe(base);
    expect(serviceKey({ chainId: 1n, registry: registry.toLowerCase(), service: "mail/1" }).toString()).toBe(
      base,
    );
  });
});
