import type { DemoProcess } from "./processes.js";
import { freePort } from "../kit/freePort.js";
import { bin, run, startProcess } from "./processes.js";

/** A local Hardhat network running as its own process. */
export interface LocalChain {
  readonly rpcUrl: string;
  readonly process: DemoProcess;
}

/**
 * Starts `hardhat node` on a free port of 127.0.0.1 and waits until it serves JSON-RPC.
 *
 * @returns The chain's URL and process.
 */
export async function startLocalChain(): Promise<LocalChain> {
  const port = await freePort();
  const chain = startProcess("hardhat node", bin("hardhat"), [
    "node",
    "--hostname",
    "127.0.0.1",
    "--port",
    String(port),
  ]);
  await chain.waitForLine(/Started HTTP and WebSocket JSON-RPC server at/, 60_000);
  return { rpcUrl: `http://127.0.0.1:${port}`, process: chain };
}

/**
 * Deploys the registry into the local chain with Hardhat Ignition, as `npm run deploy -- --network
 * localhost` does (reset on every run, recorded under `scripts/ignition/deployments/<id>/`), but
 * with the contracts `npm start` has just built: Ignition's own default, the `production` build
 * profile, compiles them again (about 10 s), and the next `hardhat build` once more.
 *
 * @param rpcUrl - The local chain.
 * @param deploymentId - The Ignition deployment id. @default "waymark-demo"
 * @returns The registry address.
 */
export async function deployRegistry(rpcUrl: string, deploymentId = DEMO_DEPLOYMENT_ID): Promise<string> {
  const { output } = await run(
    bin("hardhat"),
    [
      "--build-profile",
      "default",
      "ignition",
      "deploy",
      "scripts/ignition/modules/Registry.ts",
      "--network",
      "localhost",
      "--deployment-id",
      deploymentId,
      "--reset",
    ],
    { WAYMARK_LOCAL_RPC_URL: rpcUrl, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
  );
  const match = /Registry#Registry - (0x[0-9a-fA-F]{40})/.exec(output);
  if (match?.[1] === undefined) throw new Error(`Ignition printed no registry address:\n${output}`);
  return match[1];
}

/** The Ignition deployment id the demo uses. */
export const DEMO_DEPLOYMENT_ID = "waymark-demo";
