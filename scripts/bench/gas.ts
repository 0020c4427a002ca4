/**
 * `npm run bench:gas`: measures the gas of the registry's deployment, of every registry write, of
 * `verifyNodes` at several batch sizes and of `getBootstrapRecords` pages of the largest records on
 * Hardhat's in-process network, prints the figures as tables beside their targets and common
 * `eth_call` gas caps, and writes them to `scripts/bench/results/gas.json`.
 *
 * The figures are the output: nothing is asserted, and a missed target is reported, not thrown.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

import { version as ethersVersion } from "ethers";
import hre, { network } from "hardhat";

import { measureBootstrapPages } from "./gas/bootstrapPage.js";
import { buildGasReport, renderGasReport } from "./gas/report.js";
import { VERIFY_PROVIDERS, measureVerifyNodes } from "./gas/verify.js";
import { measureRegistryWrites } from "./gas/writes.js";
import { compilerContext, machineContext, packageVersion } from "./lib/context.js";

const RESULTS = fileURLToPath(new URL("results/gas.json", import.meta.url));

// Without EIP-7825's per-transaction cap, so that a call over it still has a figure to compare.
const connection = await network.create({ override: { transactionGasCap: false } });
const { networkConfig } = connection;
const { chainId } = await connection.ethers.provider.getNetwork();

const writes = await measureRegistryWrites(connection);
const verifyNodes = await measureVerifyNodes(connection);
const bootstrapPages = await measureBootstrapPages(connection);

const report = buildGasReport({
  context: {
    date: new Date().toISOString(),
    machine: machineContext(),
    compiler: await compilerContext(hre, "Registry"),
    tools: { hardhat: await packageVersion("hardhat"), ethers: ethersVersion },
    network: {
      name: connection.networkName,
      chainId: Number(chainId),
      hardfork: networkConfig.type === "edr-simulated" ? networkConfig.hardfork : undefined,
    },
  },
  writes: writes.measurements,
  bootstrap: writes.bootstrap,
  deployedBytecodeBytes: writes.deployedBytecodeBytes,
  verifyNodes,
  verifyProviders: VERIFY_PROVIDERS,
  bootstrapPages,
});

console.log(renderGasReport(report));
await mkdir(dirname(RESULTS), { recursive: true });
await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nWrote ${RESULTS}`);
await connection.close();
