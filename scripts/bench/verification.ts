/**
 * `npm run bench:verification`: RPC round trips and wall time to verify 1, 16, 64 and 256
 * candidates against the registry with ONE `verifyNodes` call, against one call per node (in turn,
 * and all at once, which ethers batches into fewer HTTP requests). Requests are counted at the HTTP
 * level by a proxy in front of the chain's JSON-RPC server. Writes `results/verification.json`.
 */
import { generateKeyPair } from "@libp2p/crypto/keys";

import { nodeWallet } from "../../client/kernel/identity/nodeKey.js";
import { connectRegistry } from "../../client/kernel/registry/connect.js";
import { verifyNodes } from "../../client/kernel/registry/verifyNodes.js";
import { MAIL_SERVICE } from "../../client/kernel/service/serviceId.js";
import { startChain } from "../kit/chain.js";
import { deployBenchRegistry } from "./lib/chain.js";
import { benchMode } from "./lib/mode.js";
import { writeResults } from "./lib/results.js";
import { CountingRpcProxy } from "./lib/rpcProxy.js";
import { measureWay } from "./verification/measure.js";
import type { VerificationRow } from "./verification/report.js";
import { renderVerification } from "./verification/report.js";

const mode = benchMode();
const SETTINGS = { quick: { repetitions: 5 }, full: { repetitions: 20 } }[mode];
const SIZES = [1, 16, 64, 256] as const;
const PROVIDERS = 4;

const chain = await startChain();
const rows: VerificationRow[] = [];
let setupSeconds: number | undefined;
try {
  const started = performance.now();
  const registry = await deployBenchRegistry(chain);
  const providers: bigint[] = [];
  for (let i = 0; i < PROVIDERS; i++) providers.push(await registry.addProvider());
  const keys = await Promise.all(
    Array.from({ length: Math.max(...SIZES) }, async () => generateKeyPair("secp256k1")),
  );
  await registry.registerNodes(keys.map((key, i) => ({ key, providerId: providers[i % PROVIDERS] ?? 1n })));
  const nodes = keys.map((key) => nodeWallet(key).address);
  setupSeconds = (performance.now() - started) / 1000;

  const proxy = await CountingRpcProxy.start(chain.rpcUrl);
  const client = await connectRegistry({ rpcUrl: proxy.url, address: registry.address });
  try {
    const verifyOne = async (batch: readonly string[]): Promise<boolean[]> =>
      (await verifyNodes(client, { nodes: batch, service: MAIL_SERVICE })).map((v) => v.trusted);
    for (const size of SIZES) {
      const batch = nodes.slice(0, size);
      const ways = {
        oneCall: async () => verifyOne(batch),
        perNodeInTurn: async () => {
          const verdicts: boolean[] = [];
          for (const node of batch) verdicts.push(...(await verifyOne([node])));
          return verdicts;
        },
        perNodeAtOnce: async () => (await Promise.all(batch.map(async (node) => verifyOne([node])))).flat(),
      };
      const measured = {
        oneCall: await measureWay(proxy, ways.oneCall, SETTINGS.repetitions),
        perNodeInTurn: await measureWay(proxy, ways.perNodeInTurn, SETTINGS.repetitions),
        perNodeAtOnce: await measureWay(proxy, ways.perNodeAtOnce, SETTINGS.repetitions),
      };
      for (const [way, result] of Object.entries(measured)) {
        if (result.trusted !== size) throw new Error(`${way}: ${result.trusted} of ${size} nodes verified`);
      }
      rows.push({ candidates: size, ...measured });
    }
  } finally {
    client.provider.destroy();
    await proxy.close();
  }
} finally {
  await chain.close();
}

const settings = {
  ...SETTINGS,
  providers: PROVIDERS,
  setupSeconds,
  chain: "Hardhat simulated network, JSON-RPC over HTTP on 127.0.0.1",
};
console.log(renderVerification({ rows, settings }));
await writeResults("verification", mode, { settings, rows });
