import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/** Pinned to the `solc` npm package so that builds never download a compiler. */
const SOLC_VERSION = "0.8.30";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "prague",
    },
  },
  paths: {
    ignition: "scripts/ignition",
    tests: { mocha: "test/contracts", solidity: "contracts" },
  },
  test: {
    solidity: { fuzz: { runs: 512 } },
  },
  networks: {
    /** `npx hardhat node` on this machine, or any dev chain on 127.0.0.1:8545. */
    localhost: {
      type: "http",
      chainType: "l1",
      url: "http://127.0.0.1:8545",
    },
    /** Any EVM chain: set WAYMARK_RPC_URL and WAYMARK_DEPLOYER_KEY (env or `hardhat keystore set`). */
    remote: {
      type: "http",
      chainType: "l1",
      url: configVariable("WAYMARK_RPC_URL"),
      accounts: [configVariable("WAYMARK_DEPLOYER_KEY")],
    },
  },
});
