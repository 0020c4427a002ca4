import { AbiCoder, TypedDataEncoder, Wallet, id, keccak256, solidityPackedKeccak256 } from "ethers";
import { describe, expect, it } from "vitest";

import {
  RECORD_TYPES,
  RECORDS_DEFAULTS,
  RecordBadSignatureError,
  RecordExpiredError,
  RecordTooLargeError,
  InvalidRecordError,
  checkRecordFields,
  recordDomain,
  recordFromWire,
  recordSigner,
  recordToWire,
  recordsErrorFromFrame,
  recordsErrorToFrame,
  RecordsRateLimitedError,
  RecordStaleSequenceError,
  signRecord,
  verifyRecord,
} from "../../client/records/protocol/index.js";
import { SignedRecord as WireRecord } from "../../client/records/protocol/records.generated.js";

const OWNER = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const OTHER = new Wallet("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const DOMAIN = { chainId: 31337n, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
const NOW = 1_800_000_000;
const FIELDS = {
  name: "mail/key",
  value: new TextEncoder().encode("hello"),
  sequence: 7,
  expires: NOW + 3_600,
  deleted: false,
};

describe("records/1 signed records", () => {
  it("signs EIP-712 typed data under the deployment's domain, with a pinned digest", async () => {
    const record = await signRecord(OWNER, DOMAIN, FIELDS);
    expect(record.owner).toBe(OWNER.address);
    expect(record.signature.byteLength).toBe(65);
    expect(recordDomain(DOMAIN)).toEqual({
      name: "Waymark Records",
      version: "1",
      chainId: 31337n,
      verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    });
    // The digest a wallet signs; changing a type, a field or the domain changes it.
    const digest = TypedDataEncoder.hash(recordDomain(DOMAIN), RECORD_TYPES, {
      owner: OWNER.address,
      name: FIELDS.name,
      value: FIELDS.value,
      sequence: 7n,
      expires: BigInt(FIELDS.expires),
      deleted: false,
    });
    // The same digest written out from EIP-712's definition, so the types cannot drift unnoticed.
    const abi = AbiCoder.defaultAbiCoder();
    const typeHash = id(
      "Record(address owner,string name,bytes value,uint64 sequence,uint64 expires,bool deleted)",
    );
    const structHash = keccak256(
      abi.encode(
        ["bytes32", "address", "bytes32", "bytes32", "uint64", "uint64", "bool"],
        [
          typeHash,
          OWNER.address,
          id(FIELDS.name),
          keccak256(FIELDS.value),
          7n,
          BigInt(FIELDS.expires),
          false,
        ],
      ),
    );
    const domainHash = keccak256(
      abi.encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [
          id("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
          id("Waymark Records"),
          id("1"),
          31337n,
          DOMAIN.registry,
        ],
      ),
    );
    expect(digest).toBe(
      solidityPackedKeccak256(["bytes2", "bytes32", "bytes32"], ["0x1901", domainHash, structHash]),
    );
    expect(digest).toBe("0x8b751e52b2446a9701c5ce2ce56987805a61b05205ff59c4f2859a0f7712f62c");
    expect(verifyRecord(DOMAIN, record, {}, NOW)).toEqual(record);
  });

  it("refuses a record altered after signing, signed by another key, or signed for another registry", async () => {
    const record = await signRecord(OWNER, DOMAIN, FIELDS);
    const altered = { ...record, value: new TextEncoder().encode("hellp") };
    expect(() => verifyRecord(DOMAIN, altered, {}, NOW)).toThrow(RecordBadSignatureError);
    expect(() => verifyRecord(DOMAIN, { ...record, sequence: 8 }, {}, NOW)).toThrow(RecordBadSignatureError);
    const forged = { ...(await signRecord(OTHER, DOMAIN, FIELDS)), owner: OWNER.address };
    expect(() => verifyRecord(DOMAIN, forged, {}, NOW)).toThrow(/signed by 0x/);
    const otherRegistry = { ...DOMAIN, registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" };
    expect(() => verifyRecord(otherRegistry, record, {}, NOW)).toThrow(RecordBadSignatureError);
    expect(() => verifyRecord({ ...DOMAIN, chainId: 1n }, record, {}, NOW)).toThrow(RecordBadSignatureError);
    const short = { ...record, signature: record.signature.subarray(0, 64) };
    expect(() => recordSigner(DOMAIN, short)).toThrow(/65 bytes/);
    const garbage = { ...record, signature: new Uint8Array(65).fill(7) };
    expect(() => verifyRecord(DOMAIN, garbage, {}, NOW)).toThrow(RecordBadSignatureError);
  });

  it("checks names, sizes, sequences, tombstones and expiry against the limits", () => {
    const check = (fields: Partial<typeof FIELDS>, limits = {}) =>
      checkRecordFields({ ...FIELDS, owner: OWNER.address, ...fields }, limits, NOW);
    expect(check({}).owner).toBe(OWNER.address);
    expect(() => check({ name: "" })).toThrow(InvalidRecordError);
    expect(() => check({ name: "-lead" })).toThrow(InvalidRecordError);
    expect(() => check({ name: "bad name" })).toThrow(InvalidRecordError);
    expect(() => check({ name: "ünicode" })).toThrow(InvalidRecordError);
    expect(() => check({ name: "a".repeat(65) })).toThrow(RecordTooLargeError);
    expect(check({ name: "a".repeat(64) }).name).toHaveLength(64);
    expect(() => check({ value: new Uint8Array(RECORDS_DEFAULTS.maxValueBytes + 1) })).toThrow(
      expect.objectContaining({ name: "RecordTooLargeError", limit: "value" }),
    );
    expect(() => check({ value: new Uint8Array(11) }, { maxValueBytes: 10 })).toThrow(RecordTooLargeError);
    expect(() => check({ deleted: true })).toThrow(/tombstone carries no value/);
    expect(check({ deleted: true, value: new Uint8Array() }).deleted).toBe(true);
    expect(() => check({ sequence: -1 })).toThrow(InvalidRecordError);
    expect(() => check({ sequence: 1.5 })).toThrow(InvalidRecordError);
    expect(() => check({ sequence: 2 ** 53 })).toThrow(InvalidRecordError);
    expect(() => check({ expires: NOW })).toThrow(RecordExpiredError);
    expect(() => check({ expires: NOW + RECORDS_DEFAULTS.maxLifetimeSeconds + 1 })).toThrow(/at most/);
    expect(() => checkRecordFields({ ...FIELDS, owner: "0x1234" }, {}, NOW)).toThrow(InvalidRecordError);
  });

  it("travels as its wire message and back unchanged", async () => {
    const record = await signRecord(OWNER, DOMAIN, FIELDS);
    const bytes = WireRecord.encode(recordToWire(record));
    const back = recordFromWire(WireRecord.decode(bytes));
    expect(back).toEqual({ ...record, signature: Uint8Array.from(record.signature) });
    expect(verifyRecord(DOMAIN, back, {}, NOW).owner).toBe(OWNER.address);
    expect(() => recordFromWire({ ...recordToWire(record), owner: new Uint8Array(19) })).toThrow(
      InvalidRecordError,
    );
  });

  it("turns typed errors into frames and back, escaping the peer's text", () => {
    const frame = recordsErrorToFrame(
      new RecordsRateLimitedError("slow down", { limit: "puts", retryAfterMs: 12.2 }),
    );
    expect(frame).toEqual({ code: 10, message: "slow down", retryAfterMs: 13, limit: "puts" });
    const back = recordsErrorFromFrame(frame);
    expect(back).toBeInstanceOf(RecordsRateLimitedError);
    expect(back).toMatchObject({ limit: "puts", retryAfterMs: 13 });
    expect(recordsErrorFromFrame({ code: 6, message: "", retryAfterMs: 0, limit: "" })).toBeInstanceOf(
      RecordStaleSequenceError,
    );
    expect(recordsErrorFromFrame({ code: 99, message: "x", retryAfterMs: 0, limit: "" }).name).toBe(
      "RecordsUnknownError",
    );
    expect(
      recordsErrorFromFrame({ code: 4, message: "bad\u001b[31m", retryAfterMs: 0, limit: "" }).message,
    ).not.toContain("\u001b");
    expect(recordsErrorToFrame(new Error("secret path /var/x")).message).toBe("internal error");
  });
});
