/**
 * Completeness audit benchmark: the bytes an audit moves per audited hour at 1,000 messages/s.
 * Two mail servers on 127.0.0.1 (real libp2p, real SQLite stores) hold one message per millisecond
 * of the audited range; a client audits them over the client protocol's audit requests, and the
 * bytes of every request and response frame are counted. Three cases: the servers agree; one
 * lacks 0.01% of the messages, spread evenly; one lacks a contiguous minute (down for a minute).
 *
 * `--quick` audits six minutes (360,000 messages per server): an agreeing range of up to an hour
 * costs one digest per server whatever it holds, so the agreeing figure is the hour's within a few
 * bytes of count varints; `--full` audits the whole hour (3,600,000 messages per server). Run: `npm run bench:audit [-- --full]`. Writes
 * `scripts/bench/results/audit.json`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import { auditServers } from "../../client/mail/audit/auditServers.js";
import { AUDIT_DEFAULTS } from "../../client/mail/protocol/audit/constants.js";
import type { AuditReport } from "../../client/mail/protocol/audit/report.js";
import { envelopeId } from "../../client/mail/protocol/envelope.js";
import { mailService } from "../../node/mail/index.js";
import type { MailLimitsInit } from "../../node/mail/index.js";
import { resolveMailLimits } from "../../node/mail/options.js";
import { openSqliteStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import type { MailStore, StoredEnvelope } from "../../node/mail/store/types.js";
import { benchMode } from "./lib/mode.js";
import { machineLine, writeResults } from "./lib/results.js";
import { formatInteger, markdownTable } from "./lib/table.js";

const mode = benchMode();
const RATE_PER_SECOND = 1_000;
const HOUR_MS = 3_600_000;
const RANGE_MS = mode === "full" ? HOUR_MS : HOUR_MS / 10;
const MESSAGES = (RANGE_MS / 1_000) * RATE_PER_SECOND;
const NOW = Date.now();
const FROM = NOW - 2 * HOUR_MS;
const TO = FROM + RANGE_MS - 1;
/** The servers' audit quotas raised out of the way: the bench measures bytes, not the pacing. */
const LIMITS: MailLimitsInit = {
  synchronous: "normal",
  auditDigestsPerSecond: 1_000_000,
  auditDigestBurst: 1_000_000,
  queriesPerSecond: 1_000_000,
  queryBurst: 1_000_000,
  maxStoreBytes: 8 * 1024 ** 3,
};

interface Case {
  name: string;
  /** Whether the second server holds message `i`. */
  holds: (i: number) => boolean;
}

const SPREAD_EVERY = 10_000;
const CASES: readonly Case[] = [
  { name: "servers agree", holds: () => true },
  { name: "one lacks 0.01%, spread", holds: (i) => i % SPREAD_EVERY !== SPREAD_EVERY / 2 },
  { name: "one lacks a minute", holds: (i) => i < 60_000 || i >= 120_000 },
];

/** Message `i` of the range: dated `FROM + i` ms (one per ms), a 16-byte payload. */
function message(i: number): StoredEnvelope {
  const payload = new Uint8Array(16);
  new DataView(payload.buffer).setUint32(0, i);
  const fields = {
    topic: "/bench/audit",
    payload,
    timestamp: FROM + Math.floor((i * RANGE_MS) / MESSAGES),
    ttl: 0,
  };
  return { ...fields, id: envelopeId(fields), expiresAt: NOW + 86_400_000 };
}

async function fill(store: MailStore, holds: (i: number) => boolean): Promise<void> {
  const BATCH = 4_096;
  for (let start = 0; start < MESSAGES; start += BATCH) {
    const batch: StoredEnvelope[] = [];
    for (let i = start; i < Math.min(MESSAGES, start + BATCH); i++) if (holds(i)) batch.push(message(i));
    await store.put(batch);
  }
}

const dir = await mkdtemp(join(tmpdir(), "waymark-bench-audit-"));
const limits = resolveMailLimits(LIMITS);
const started = performance.now();
const full = openSqliteStore({ path: join(dir, "full.sqlite"), clock: Date.now, limits });
await fill(full, () => true);
const fillSeconds = (performance.now() - started) / 1_000;
console.log(`filled ${formatInteger(MESSAGES)} messages in ${fillSeconds.toFixed(1)} s`);

const client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
const first = await createWaymarkHost({
  privateKey: await generateKeyPair("secp256k1"),
  connectionManager: LOOPBACK_CONNECTION_SETTINGS,
  services: { mail: mailService({ ...LIMITS, openStore: () => full, catchUpWaitMs: 0 }) },
});

interface Figure {
  case: string;
  lacking: number;
  requests: number;
  bytes: number;
  listedIds: number;
  seconds: number;
}

const figures: Figure[] = [];
for (const [index, testCase] of CASES.entries()) {
  console.log(`case: ${testCase.name}`);
  const store = openSqliteStore({ path: join(dir, `case-${index}.sqlite`), clock: Date.now, limits });
  await fill(store, testCase.holds);
  const second = await createWaymarkHost({
    privateKey: await generateKeyPair("secp256k1"),
    connectionManager: LOOPBACK_CONNECTION_SETTINGS,
    services: { mail: mailService({ ...LIMITS, openStore: () => store, catchUpWaitMs: 0 }) },
  });
  const from = performance.now();
  const report: AuditReport = await auditServers(
    client,
    [
      { peerId: first.peerId.toString(), dial: first.getMultiaddrs() },
      { peerId: second.peerId.toString(), dial: second.getMultiaddrs() },
    ],
    { range: { from: FROM, to: TO }, timeoutMs: 120_000 },
  );
  const seconds = (performance.now() - from) / 1_000;
  await second.stop();
  const lacking = report.servers[1]?.lacking ?? 0;
  figures.push({
    case: testCase.name,
    lacking,
    requests: report.requests,
    bytes: report.bytes,
    listedIds: report.listedIds,
    seconds,
  });
}
await first.stop();
await client.stop();
await rm(dir, { recursive: true, force: true });

console.log(
  `\nAudit of 2 servers, ${formatInteger(MESSAGES)} messages each (${RANGE_MS / 60_000} min at ${RATE_PER_SECOND}/s), ` +
    `${AUDIT_DEFAULTS.buckets} slices per digest, lists at <= ${AUDIT_DEFAULTS.leafEnvelopes} messages per slice\n`,
);
console.log(
  markdownTable(
    [
      { header: "Case" },
      { header: "Lacking", align: "right" },
      { header: "Requests", align: "right" },
      { header: "Ids listed", align: "right" },
      { header: "Bytes", align: "right" },
      { header: "Seconds", align: "right" },
    ],
    figures.map((f) => [
      f.case,
      formatInteger(f.lacking),
      formatInteger(f.requests),
      formatInteger(f.listedIds),
      formatInteger(f.bytes),
      f.seconds.toFixed(2),
    ]),
  ),
);
console.log(`\n${machineLine()}`);
const path = await writeResults("audit", mode, {
  settings: {
    servers: 2,
    ratePerSecond: RATE_PER_SECOND,
    rangeMs: RANGE_MS,
    messagesPerServer: MESSAGES,
    buckets: AUDIT_DEFAULTS.buckets,
    leafEnvelopes: AUDIT_DEFAULTS.leafEnvelopes,
    idsPageSize: AUDIT_DEFAULTS.idsPageSize,
    bytesCounted:
      "request and response frames with their length prefixes (no Noise, Yamux or multistream overhead)",
  },
  fillSeconds,
  figures,
});
console.log(`Wrote ${path}`);
