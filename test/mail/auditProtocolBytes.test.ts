import { describe, expect, it } from "vitest";

import {
  AuditDigestRequest,
  AuditDigestResponse,
  AuditIdsRequest,
  AuditIdsResponse,
  Request,
  Response,
} from "../../client/mail/protocol/mail.generated.js";

/** One audit message of the client protocol: a fixed sample and the exact bytes it encodes to. */
interface GoldenCase {
  name: string;
  encode: () => Uint8Array;
  decode: (bytes: Uint8Array) => unknown;
  sample: unknown;
  hex: string;
}

function golden<T>(
  name: string,
  codec: { encode(message: T): Uint8Array; decode(bytes: Uint8Array): T },
  sample: T,
  hex: string,
): GoldenCase {
  return { name, encode: () => codec.encode(sample), decode: (bytes) => codec.decode(bytes), sample, hex };
}

const id = (fill: number): Uint8Array<ArrayBuffer> => new Uint8Array(32).fill(fill);

// Every field holds a value other than its default. The audit messages have the shapes of the
// node-to-node digest and listing (sync.proto), and the same bytes.
const digestRequest: AuditDigestRequest = { from: 1_700_000_000_000, to: 1_700_003_600_000, buckets: 60 };
const digestResponse: AuditDigestResponse = {
  buckets: [
    { count: 2, sum: 5_000_000_000 },
    { count: 1, sum: 7 },
  ],
  floor: 1_699_999_000_000,
};
const idsRequest: AuditIdsRequest = {
  from: 1_700_000_000_000,
  to: 1_700_003_600_000,
  cursor: new Uint8Array([4, 5]),
  limit: 1_000,
};
const idsResponse: AuditIdsResponse = { ids: [id(0x01), id(0x02)], cursor: new Uint8Array([6]) };
const IDS_HEX =
  "0a2001010101010101010101010101010101010101010101010101010101010101010a200202020202020202020202020202020202020202020202020202020202020202120106";

const cases: GoldenCase[] = [
  golden("AuditDigestRequest", AuditDigestRequest, digestRequest, "0880d095ffbc311080adf180bd31183c"),
  golden(
    "AuditDigestResponse",
    AuditDigestResponse,
    digestResponse,
    "0a0808021080e497d0120a040801100710c0cbd8febc31",
  ),
  golden("AuditIdsRequest", AuditIdsRequest, idsRequest, "0880d095ffbc311080adf180bd311a02040520e807"),
  golden("AuditIdsResponse", AuditIdsResponse, idsResponse, IDS_HEX),
  golden(
    "Request.auditDigest",
    Request,
    { auditDigest: digestRequest },
    "1a100880d095ffbc311080adf180bd31183c",
  ),
  golden(
    "Request.auditIds",
    Request,
    { auditIds: idsRequest },
    "22150880d095ffbc311080adf180bd311a02040520e807",
  ),
  golden(
    "Response.auditDigest",
    Response,
    { auditDigest: digestResponse },
    "1a170a0808021080e497d0120a040801100710c0cbd8febc31",
  ),
  golden("Response.auditIds", Response, { auditIds: idsResponse }, `2247${IDS_HEX}`),
];

describe("the bytes of the client protocol's audit messages", () => {
  for (const c of cases) {
    it(`encodes ${c.name} to its fixed bytes`, () => {
      expect(Buffer.from(c.encode()).toString("hex")).toBe(c.hex);
    });
    it(`decodes the fixed bytes of ${c.name} to its sample`, () => {
      expect(c.decode(new Uint8Array(Buffer.from(c.hex, "hex")))).toEqual(c.sample);
    });
  }
});
