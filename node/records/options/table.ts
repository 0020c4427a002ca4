import { defineOptions } from "../../../client/kernel/options/optionTable.js";
import { integer, number, oneOf } from "../../../client/kernel/options/rules.js";
import { RECORDS_DEFAULTS } from "../../../client/records/protocol/constants.js";

/** Bytes a put frame holds beyond the name and the value: owner, signature, numbers, field tags. */
export const RECORD_FRAME_OVERHEAD_BYTES = 1_024;

const RATE = number({ above: 0 });

/**
 * Every limit and tuning option of the records service, in resolution order: the one source of
 * their defaults, validation, the `RecordsLimitsInit` TSDoc (limits.generated.ts) and the "Records
 * service options" table of docs/configuration.md (both written by `npm run docs`). The limits a
 * client also checks before sending come from the protocol's `RECORDS_DEFAULTS`.
 */
export const RECORDS_OPTIONS = defineOptions({
  maxNameBytes: {
    default: RECORDS_DEFAULTS.maxNameBytes,
    rule: integer(1, RECORDS_DEFAULTS.maxNameBytes),
    doc: "Longest record name, in bytes.",
  },
  maxValueBytes: {
    default: RECORDS_DEFAULTS.maxValueBytes,
    rule: integer(0, 524_288),
    doc: "Largest record value, in bytes.",
  },
  maxLifetimeSeconds: {
    default: RECORDS_DEFAULTS.maxLifetimeSeconds,
    rule: integer(1),
    doc: "Longest time ahead a record's expiry may be, in seconds; records that expire later are refused.",
  },
  maxFrameBytes: {
    default: (resolved) =>
      (resolved.maxValueBytes as number) + (resolved.maxNameBytes as number) + RECORD_FRAME_OVERHEAD_BYTES,
    defaultText: `maxValueBytes + maxNameBytes + ${RECORD_FRAME_OVERHEAD_BYTES}`,
    rule: integer(64),
    doc: "Largest request frame, in bytes; it must hold the largest record.",
  },
  maxRecordsPerOwner: {
    default: 100,
    rule: integer(1),
    doc: "Records (tombstones included) one owner address may have on this node.",
  },
  maxBytesPerOwner: {
    default: 262_144,
    rule: integer(1),
    doc: "Name and value bytes one owner address may have on this node; at least maxNameBytes + maxValueBytes.",
  },
  maxStoreBytes: {
    default: 1_073_741_824,
    rule: integer(1),
    doc: "Capacity of the store, in bytes: names, values and a fixed 128-byte cost per record.",
  },
  putsPerSecondPerPeer: { default: 10, rule: RATE, doc: "Puts per second per peer." },
  putBurstPerPeer: { default: 20, rule: integer(1), doc: "Puts per peer in a burst." },
  putsPerSecondPerOwner: {
    default: 1,
    rule: RATE,
    doc: "Puts per second per owner address, whichever peers send them.",
  },
  putBurstPerOwner: { default: 10, rule: integer(1), doc: "Puts per owner address in a burst." },
  readsPerSecondPerPeer: { default: 50, rule: RATE, doc: "Gets and lists per second per peer." },
  readBurstPerPeer: { default: 100, rule: integer(1), doc: "Gets and lists per peer in a burst." },
  maxStreamsPerPeer: {
    default: 8,
    rule: integer(1, 1_024),
    doc: "Records streams one peer may have open at once.",
  },
  maxListPageSize: {
    default: RECORDS_DEFAULTS.maxListPageSize,
    rule: integer(1, 1_000),
    doc: "Largest list page; larger requests are clamped.",
  },
  defaultListPageSize: {
    default: (resolved) => Math.min(RECORDS_DEFAULTS.defaultListPageSize, resolved.maxListPageSize as number),
    defaultText: `${RECORDS_DEFAULTS.defaultListPageSize}, or maxListPageSize when that is lower`,
    rule: integer(1, 1_000),
    doc: "Names in a list page when the request asks for 0; at most maxListPageSize.",
  },
  requestTimeoutMs: {
    default: RECORDS_DEFAULTS.requestTimeoutMs,
    rule: integer(1),
    doc: "Milliseconds a peer has to send its request frame, and the node to answer.",
  },
  sweepIntervalMs: {
    default: 60_000,
    rule: integer(1),
    doc: "Milliseconds between sweeps that delete expired records and tombstones.",
  },
  synchronous: {
    default: "full",
    rule: oneOf("full", "normal"),
    doc: "SQLite `synchronous`: `full` survives power loss, `normal` a process crash.",
  },
});
