import { randomBytes } from "node:crypto";

import { getAddress, hexlify } from "ethers";
import { describe, expect, it } from "vitest";

import { checksumAddress, checksumAddressOf } from "../../../client/kernel/identity/checksumAddress.js";
import { REGISTRY_INTERFACE } from "../../../client/kernel/registry/registryInterface.js";
import { encodeVerifyNodes } from "../../../client/kernel/registry/verifyNodes.js";
import { serviceId } from "../../../client/kernel/service/serviceId.js";

const randomAddresses = (count: number): string[] =>
  Array.from({ length: count }, () => getAddress(hexlify(randomBytes(20))));

describe("checksumAddress", () => {
  it("gives what ethers' getAddress gives, from lower case, upper case and checksummed input", () => {
    for (const address of randomAddresses(200)) {
      const digits = address.slice(2);
      expect(checksumAddress(`0x${digits.toLowerCase()}`)).toBe(address);
      expect(checksumAddress(`0x${digits.toUpperCase()}`)).toBe(address);
      expect(checksumAddress(address)).toBe(address);
      expect(checksumAddressOf(Buffer.from(digits, "hex"))).toBe(address);
    }
  });

  it("refuses what ethers refuses, with ethers' error", () => {
    const [address = ""] = randomAddresses(1);
    // One letter's case flipped: a wrong checksum.
    const index = 2 + address.slice(2).search(/[a-fA-F]/);
    const char = address[index] ?? "a";
    const flipped = `${address.slice(0, index)}${char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()}${address.slice(index + 1)}`;
    for (const bad of [flipped, "0x1234", "not an address", `${address}00`]) {
      expect(() => getAddress(bad)).toThrow();
      expect(() => checksumAddress(bad)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    expect(() => checksumAddressOf(new Uint8Array(19))).toThrow(RangeError);
  });
});

describe("encodeVerifyNodes", () => {
  it("writes the call data ethers' encoder writes", () => {
    const service = serviceId("mail/1");
    for (const [nodes, providers] of [
      [randomAddresses(1), []],
      [randomAddresses(38), [1n, 7n, 2n ** 255n]],
      [randomAddresses(3).map((address) => address.toLowerCase()), [42n]],
    ] as const) {
      expect(encodeVerifyNodes(nodes, service, providers)).toBe(
        REGISTRY_INTERFACE.encodeFunctionData("verifyNodes", [[...nodes], service, [...providers]]),
      );
    }
  });

  it("refuses an invalid address, a provider id outside uint256 and a service id of another length", () => {
    const service = serviceId("mail/1");
    expect(() => encodeVerifyNodes(["0x1234"], service, [])).toThrow();
    expect(() => encodeVerifyNodes(randomAddresses(1), service, [-1n])).toThrow(RangeError);
    expect(() => encodeVerifyNodes(randomAddresses(1), service, [2n ** 256n])).toThrow(RangeError);
    expect(() => encodeVerifyNodes(randomAddresses(1), "0x1234", [])).toThrow(RangeError);
  });
});
