/**
 * `npm run bench:mail-history`: p50/p99 of a 100-envelope history page on a store of 1,000,000
 * envelopes (`--full`; 100,000 in the quick run), measured on the store itself (the time the node
 * spends on a query) and end to end over `/waymark/mail/1.0.0` from a client to a real
 * `waymark-node start` process serving that store. The store is filled straight through the store
 * API before the node starts on it. Writes `results/mail-history.json`.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { peerIdFromString } from "@libp2p/peer-id";

import { MAIL_RUNTIME_KEY } from "../../node/mail/constants.js";
import { MAIL_STORE_FILE } from "../../node/mail/module.js";
import { SqliteMailStore } from "../../node/mail/store/sqlite/sqliteMailStore.js";
import { ensureBuilt } from "./lib/build.js";
import { startLoadClient } from "./lib/loadClient.js";
import { RAISED_PEER_RATES, startMailBench } from "./lib/mailNode.js";
import { benchMode } from "./lib/mode.js";
import { writeResults } from "./lib/results.js";
import { summarize } from "./lib/stats.js";
import { prefillStore } from "./mail-history/prefill.js";
import type { ShapeFigures } from "./mail-history/report.js";
import { HISTORY_TARGET, renderHistory } from "./mail-history/report.js";
import { PAGE_SIZE, SHAPES, timeProtocolQueries, timeStoreQueries } from "./mail-history/shapes.js";

const mode = benchMode();
const SETTINGS = {
  quick: { envelopes: 100_000, samples: 500 },
  full: { envelopes: 1_000_000, samples: 2_000 },
}[mode];
/** Node options beside the defaults: room for the store, raised per-peer query rate. */
/** Rates out of the way, a store large enough, and queries of every topic answered (one shape). */
const MAIL_OPTIONS = { ...RAISED_PEER_RATES, maxStoreBytes: 8 * 2 ** 30, listAllTopics: true };

await ensureBuilt();
const dataDir = await mkdtemp(join(tmpdir(), "waymark-bench-history-"));
const figures: ShapeFigures[] = [];
let prefill;
let nodeStartSeconds: number | undefined;
try {
  const serviceDir = join(dataDir, "services", MAIL_RUNTIME_KEY);
  await mkdir(serviceDir, { recursive: true, mode: 0o700 });
  const storePath = join(serviceDir, MAIL_STORE_FILE);
  prefill = await prefillStore(storePath, SETTINGS.envelopes);
  console.error(`mail-history: ${SETTINGS.envelopes} envelopes stored`);

  // The node's store, opened on the node's file as the node opens it, before the node runs.
  const store = new SqliteMailStore({ path: storePath });
  const storeTimes: number[][] = [];
  try {
    for (const shape of SHAPES) await timeStoreQueries(store, shape, prefill.topics, 50);
    for (const shape of SHAPES)
      storeTimes.push(await timeStoreQueries(store, shape, prefill.topics, SETTINGS.samples));
  } finally {
    await store.close();
  }

  const bench = await startMailBench({ dataDir, mail: MAIL_OPTIONS });
  nodeStartSeconds = bench.node.startSeconds;
  const client = await startLoadClient(bench.node.multiaddr);
  try {
    const node = peerIdFromString(bench.node.peerId);
    for (const shape of SHAPES) await timeProtocolQueries(client.connection, node, shape, prefill.topics, 50);
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
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const settings = {
  pageSize: PAGE_SIZE,
  direction: "backward (newest first)",
  ...SETTINGS,
  mailOptions: MAIL_OPTIONS,
};
console.log(renderHistory({ figures, prefill, nodeStartSeconds, settings }));
await writeResults("mail-history", mode, {
  target: HISTORY_TARGET,
  settings,
  prefill,
  nodeStartSeconds,
  figures,
});
