import { keccak_256 } from "@noble/hashes/sha3.js";
import { getAddress } from "ethers";

/** An address in its usual form: `0x` and 40 hexadecimal digits, in any case. */
const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

const encoder = new TextEncoder();

/**
 * The EIP-55 checksummed form of an address given as 40 lowercase hexadecimal digits (no `0x`):
 * each letter is upper case where the Keccak-256 hash of the digits has a nibble of 8 or more.
 */
function checksummed(lowerDigits: string): string {
  const hash = keccak_256(encoder.encode(lowerDigits));
  let out = "0x";
  for (let index = 0; index < 40; index += 1) {
    const digit = lowerDigits[index] ?? "0";
    const byte = hash[index >> 1] ?? 0;
    const nibble = index % 2 === 0 ? byte >> 4 : byte & 0x0f;
    out += nibble >= 8 ? digit.toUpperCase() : digit;
  }
  return out;
}

/**
 * The checksummed form of an address, as ethers' `getAddress` gives it, in a fraction of its time:
 * a client checksums every node address it reads, derives or verifies (each bootstrap record's
 * node, each peer id's node, the verifier's cache keys), and ethers hashes with a slower Keccak
 * and checks the input twice. Anything but the usual `0x` + 40 digits form, and a mixed-case
 * address whose checksum is wrong, goes to `getAddress`, which throws what it throws.
 *
 * @param address - An address.
 * @returns The checksummed address.
 * @throws Whatever ethers' `getAddress` throws for what is not a valid address.
 * @example
 * ```ts
 * checksumAddress("0x8ba1f109551bd432803012645ac136ddd64dba72") // "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
 * ```
 */
export function checksumAddress(address: string): string {
  if (!HEX_ADDRESS.test(address)) return getAddress(address);
  const digits = address.slice(2);
  const lower = digits.toLowerCase();
  const result = checksummed(lower);
  const oneCase = digits === lower || digits === digits.toUpperCase();
  // A mixed-case address claims a checksum: ethers names the mismatch.
  return oneCase || result === address ? result : getAddress(address);
}

/**
 * The checksummed address of 20 bytes (an address word's last 20 bytes, or the last 20 bytes of a
 * public key's Keccak-256 hash).
 *
 * @param bytes - Exactly 20 bytes.
 * @returns The checksummed address.
 * @throws RangeError when `bytes` is not 20 bytes long.
 */
export function checksumAddressOf(bytes: Uint8Array): string {
  if (bytes.length !== 20) throw new RangeError(`an address is 20 bytes, not ${bytes.length}`);
  let digits = "";
  for (const byte of bytes) digits += byte.toString(16).padStart(2, "0");
  return checksummed(digits);
}
