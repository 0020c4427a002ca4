/**
 * `npm run bench:mail-history`: p50/p99 of a 100-envelope history page on a store of 1,000,000
 * envelopes (`--full`; 100,000 in the quick run), measured on the store itself (the time the node
 * spends on a query) and end to end over `/waymark/mail/1.0.0` from a client to a real
 * `waymark-node start` process serving that store, on both backends in the same run: SQLite (a file
 * in the node's data folder) and PostgreSQL (a throwaway server). The store is filled straight
 * through the store API (batches of 10,000, one multi-row INSERT each on PostgreSQL) before the
 * node starts on it. Writes `results/mail-history.json`.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";

import { MAIL_RUNTIME_KEY } from "../../node/mail/constants.js";
import { MAIL_STORE_FILE } from "../../node/mail/module.js";
import { DEFAULT_MAIL_SCHEMA } from "../../node/mail/store/postgres/schema.js";
import { PostgresMailStore } from "../../node/mail/store/postgres/postgresMailStore.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import type { MailStore } from "../../node/mail/store/types.js";
import { startPostgres } from "../kit/postgres.js";
import { ensureBuilt } from "./lib/build.js";
import { startLoadClient } from "./lib/loadClient.js";
import type { MailBenchBackend } from "./lib/mailNode.js";
import { RAISED_PEER_RATES, startMailBench } from "./lib/mailNode.js";
import { benchMode } from "./lib/mode.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import type { Prefill } from "./mail-history/prefill.js";
import { prefillPostgres, prefillStore } from "./mail-history/prefill.js";
import type { ShapeFigures } from "./mail-history/report.js";
import { HISTORY_TARGET, renderBackends, renderHistory } from "./mail-history/report.js";
import { PAGE_SIZE, SHAPES, timeProtocolQueries, timeStoreQueries } from "./mail-history/shapes.js";

const mode = benchMode();
const SETTINGS = {
  quick: { envelopes: 100_000, samples: 500 },
  full: { envelopes: 1_000_000, samples: 2_000 },
}[mode];
/** Node options beside the defaults: room for the store, raised per-peer query rate. */
/** Rates out of the way, a store large enough, and queries of every topic answered (one shape). */
const MAIL_OPTIONS = { ...RAISED_PEER_RATES, maxStoreBytes: 8 * 2 ** 30, listAllTopics: true };

/** One backend's run: how its store was filled, the node's start, each shape's figures. */
interface BackendRun {
  backend: MailBenchBackend;
  prefill: Prefill;
  nodeStartSeconds: number;
  figures: ShapeFigures[];
}

/**
 * Fills a store on one backend, times the shapes on the store itself, then starts a real node on
 * it and times them end to end.
 */
async function runBackend(backend: MailBenchBackend): Promise<BackendRun> {
  const dataDir = await mkdtemp(join(tmpdir(), "waymark-bench-history-"));
  const postgres = backend === "postgres" ? await startPostgres() : undefined;
  try {
    const serviceDir = join(dataDir, "services", MAIL_RUNTIME_KEY);
    await mkdir(serviceDir, { recursive: true, mode: 0o700 });
    const storePath = join(serviceDir, MAIL_STORE_FILE);
    const prefill =
      postgres === undefined
        ? await prefillStore(storePath, SETTINGS.envelopes)
        : await prefillPostgres(postgres.url, DEFAULT_MAIL_SCHEMA, SETTINGS.envelopes);
    console.error(`mail-history (${backend}): ${SETTINGS.envelopes} envelopes stored`);

    // The node's store, opened as the node opens it, before the node runs.
    const store: MailStore =
      postgres === undefined
        ? new SqliteMailStore({ path: storePath })
        : await PostgresMailStore.open({ url: postgres.url, schema: DEFAULT_MAIL_SCHEMA });
    const storeTimes: number[][] = [];
    try {
      for (const shape of SHAPES) await timeStoreQueries(store, shape, prefill.topics, 50);
      for (const shape of SHAPES)
        storeTimes.push(await timeStoreQueries(store, shape, prefill.topics, SETTINGS.samples));
    } finally {
      await store.close();
    }

    // The node on the same store: its data directory, or the prefilled schema of the server.
    const mail =
      postgres === undefined
        ? MAIL_OPTIONS
        : { ...MAIL_OPTIONS, store: "postgres", postgresUrl: postgres.url };
    const bench = await startMailBench({ dataDir, mail });
    const figures: ShapeFigures[] = [];
    const client = await startLoadClient(bench.node.multiaddr);
    try {
      const node = peerIdFromString(bench.node.peerId);
      for (const shape of SHAPES)
        await timeProtocolQueries(client.connection, node, shape, prefill.topics, 50);
      for (const [index, shape] of SHAPES.entries()) {
        const protocol = await timeProtocolQueries(
          client.connection,
          node,
          shape,
          prefill.topics,
          SETTINGS.samples,
        );
        figures.push({
          shape: shape.name,
          samples: SETTINGS.samples,
          storeMs: summarize(storeTimes[index] ?? []),
          protocolMs: summarize(protocol),
        });
      }
    } finally {
      await client.host.stop();
      await bench.stop();
    }
    return { backend, prefill, nodeStartSeconds: bench.node.startSeconds, figures };
  } finally {
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await ensureBuilt();
const runs: BackendRun[] = [];
for (const backend of ["sqlite", "postgres"] as const) runs.push(await runBackend(backend));

const settings = {
  pageSize: PAGE_SIZE,
  direction: "backward (newest first)",
  ...SETTINGS,
  mailOptions: MAIL_OPTIONS,
};
for (const run of runs) console.log(renderHistory({ ...run, settings }));
console.log(renderBackends(runs));
await writeResults("mail-history", mode, { target: HISTORY_TARGET, settings, backends: runs });
