import type { AbortOptions } from "@libp2p/interface";

import type { AuditBucket, AuditRange } from "../auditDigest.js";
import { AUDIT_DEFAULTS } from "./constants.js";
import { AuditBudgetExceededError, AuditInvalidParametersError, AuditTooFewServersError } from "./errors.js";
import type { AuditReport, AuditServerReport } from "./report.js";
import type { AuditSource } from "./source.js";

/** How an audit cuts and bounds its work; every field has the default of `AUDIT_DEFAULTS`. */
export interface AuditTuning {
  /** Slices per digest. @default 64 */
  buckets?: number | undefined;
  /** List a differing slice by id once no server holds more than this in it. @default 1024 */
  leafEnvelopes?: number | undefined;
  /** Widest range of one request, in ms. @default 3600000 */
  maxRangeMs?: number | undefined;
  /** Ids per listing page. @default 4096 */
  idsPageSize?: number | undefined;
  /** Ids listed in all, before `AuditBudgetExceededError`. @default 4000000 */
  maxListedIds?: number | undefined;
  /** Lacking ids named per server. @default 10000 */
  maxReportedIds?: number | undefined;
}

interface Tally {
  source: AuditSource;
  report: AuditServerReport;
  alive: boolean;
}

interface Run {
  tuning: Required<{ [K in keyof AuditTuning]: number }>;
  tallies: Tally[];
  listedSlices: number;
  listedIds: number;
  envelopes: number;
  options: AbortOptions;
}

const hex = (id: Uint8Array): string => Buffer.from(id).toString("hex");

/**
 * Compares what servers hold in a time range, hash-only: each server sends a digest (a count and
 * an id checksum per slice); where the digests of a slice differ, the slice is cut again (bisected)
 * until no server holds more than `leafEnvelopes` in it, and then listed by id on every server.
 * The union of the listings is what the servers together hold; each lacks the rest. A range wider
 * than `maxRangeMs` is audited in consecutive ranges that wide.
 *
 * A server that fails is reported with its error and left out of the rest of the comparison.
 *
 * @param sources - The servers (two or more).
 * @param range - Envelope timestamps, inclusive.
 * @param tuning - Slices, leaf size, page size, budgets.
 * @param options - Signal.
 * @returns The report.
 * @throws AuditInvalidParametersError for a reversed range or bad tuning.
 * @throws AuditTooFewServersError when fewer than two servers answer the first digest.
 * @throws AuditBudgetExceededError when more than `maxListedIds` ids would be listed.
 */
export async function compareSources(
  sources: readonly AuditSource[],
  range: AuditRange,
  tuning: AuditTuning = {},
  options: AbortOptions = {},
): Promise<AuditReport> {
  const started = Date.now();
  const run: Run = {
    tuning: resolveTuning(tuning),
    tallies: sources.map((source) => ({ source, report: emptyReport(source), alive: true })),
    listedSlices: 0,
    listedIds: 0,
    envelopes: 0,
    options,
  };
  if (
    !Number.isSafeInteger(range.from) ||
    !Number.isSafeInteger(range.to) ||
    range.from < 0 ||
    range.from > range.to
  ) {
    throw new AuditInvalidParametersError("The audit range is empty, reversed or not in milliseconds");
  }
  if (sources.length < 2) throw new AuditTooFewServersError(sources.length);
  let first = true;
  for (let from = range.from; from <= range.to; from += run.tuning.maxRangeMs) {
    const chunk = { from, to: Math.min(range.to, from + run.tuning.maxRangeMs - 1) };
    const digests = await digestAll(run, chunk);
    if (first && digests.length < 2) throw new AuditTooFewServersError(digests.length);
    first = false;
    for (const [tally, digest] of digests) {
      tally.report.held += digest.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    }
    await compareSlices(run, chunk, digests);
  }
  const servers = run.tallies.map((tally) => tally.report);
  return {
    range,
    servers,
    envelopes: run.envelopes,
    complete: servers.every((server) => server.error === undefined && server.lacking === 0),
    listedSlices: run.listedSlices,
    listedIds: run.listedIds,
    requests: servers.reduce((sum, server) => sum + server.requests, 0),
    bytes: servers.reduce((sum, server) => sum + server.bytes, 0),
    durationMs: Date.now() - started,
  };
}

type Digests = (readonly [Tally, { buckets: AuditBucket[] }])[];

/** Asks every live server for the digest of a range; a server that fails is marked and left out. */
async function digestAll(run: Run, range: AuditRange): Promise<Digests> {
  const buckets = Math.min(run.tuning.buckets, range.to - range.from + 1);
  const live = run.tallies.filter((tally) => tally.alive);
  const answers = await Promise.all(
    live.map(async (tally) => {
      try {
        const digest = await tally.source.digest(range, buckets, run.options);
        tally.report.requests += 1;
        tally.report.bytes += digest.bytes;
        tally.report.floor = Math.max(tally.report.floor, digest.floor);
        return [tally, digest] as const;
      } catch (err) {
        fail(run, tally, err);
        return undefined;
      }
    }),
  );
  return answers.filter((answer) => answer !== undefined);
}

/** Walks the slices of a range whose digests differ: cuts them again, or lists them. */
async function compareSlices(run: Run, range: AuditRange, digests: Digests): Promise<void> {
  const slices = digests[0]?.[1].buckets.length ?? 0;
  const width = Math.ceil((range.to - range.from + 1) / Math.max(1, slices));
  for (let index = 0; index < slices; index++) {
    const slice = {
      from: range.from + index * width,
      to: Math.min(range.to, range.from + (index + 1) * width - 1),
    };
    if (slice.from > range.to) break;
    const here = digests.map(([, digest]) => digest.buckets[index] ?? { count: 0, sum: 0 });
    const [first = { count: 0, sum: 0 }] = here;
    if (here.every((bucket) => bucket.count === first.count && bucket.sum === first.sum)) {
      run.envelopes += first.count;
      continue;
    }
    const most = Math.max(...here.map((bucket) => bucket.count));
    if (most <= run.tuning.leafEnvelopes || slice.to - slice.from + 1 <= 1) {
      await listSlice(
        run,
        slice,
        digests.map(([tally]) => tally),
      );
    } else {
      await compareSlices(run, slice, await digestAll(run, slice));
    }
  }
}

/** Lists a slice by id on every live server and charges each with what the others hold. */
async function listSlice(run: Run, slice: AuditRange, tallies: readonly Tally[]): Promise<void> {
  run.listedSlices += 1;
  const held = new Map<Tally, Set<string>>();
  const union = new Map<string, true>();
  for (const tally of tallies) {
    if (!tally.alive) continue;
    try {
      const ids = new Set<string>();
      let cursor: Uint8Array | undefined;
      do {
        const page = await tally.source.ids(slice, cursor, run.tuning.idsPageSize, run.options);
        tally.report.requests += 1;
        tally.report.bytes += page.bytes;
        run.listedIds += page.ids.length;
        if (run.listedIds > run.tuning.maxListedIds)
          throw new AuditBudgetExceededError(run.tuning.maxListedIds);
        for (const id of page.ids) ids.add(hex(id));
        cursor = page.cursor;
      } while (cursor !== undefined);
      held.set(tally, ids);
      for (const id of ids) union.set(id, true);
    } catch (err) {
      if (err instanceof AuditBudgetExceededError) throw err;
      fail(run, tally, err);
    }
  }
  run.envelopes += union.size;
  for (const [{ report }, ids] of held) {
    for (const id of union.keys()) {
      if (ids.has(id)) continue;
      report.lacking += 1;
      if (slice.to <= report.floor) report.belowFloor += 1;
      if (report.missing.length < run.tuning.maxReportedIds) report.missing.push({ id, ...slice });
    }
  }
}

function fail(run: Run, tally: Tally, err: unknown): void {
  run.options.signal?.throwIfAborted();
  tally.alive = false;
  const error = err instanceof Error ? err : new Error(String(err));
  tally.report.error = { name: error.name, message: error.message };
}

function emptyReport(source: AuditSource): AuditServerReport {
  return {
    server: source.name,
    providerId: source.providerId,
    held: 0,
    lacking: 0,
    belowFloor: 0,
    missing: [],
    floor: 0,
    requests: 0,
    bytes: 0,
    error: undefined,
  };
}

function resolveTuning(tuning: AuditTuning): Run["tuning"] {
  const resolved = {
    buckets: tuning.buckets ?? AUDIT_DEFAULTS.buckets,
    leafEnvelopes: tuning.leafEnvelopes ?? AUDIT_DEFAULTS.leafEnvelopes,
    maxRangeMs: tuning.maxRangeMs ?? AUDIT_DEFAULTS.maxRangeMs,
    idsPageSize: tuning.idsPageSize ?? AUDIT_DEFAULTS.idsPageSize,
    maxListedIds: tuning.maxListedIds ?? AUDIT_DEFAULTS.maxListedIds,
    maxReportedIds: tuning.maxReportedIds ?? AUDIT_DEFAULTS.maxReportedIds,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < (name === "maxReportedIds" ? 0 : 1)) {
      throw new AuditInvalidParametersError(`\`${name}\` is not a positive integer`);
    }
  }
  if (resolved.buckets < 2) throw new AuditInvalidParametersError("`buckets` must be at least 2 to bisect");
  return resolved;
}
