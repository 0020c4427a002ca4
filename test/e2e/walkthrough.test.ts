import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { devAccount } from "../../scripts/kit/accounts.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import { freePort } from "../../scripts/kit/freePort.js";
import { ChildProcessHandle } from "../../scripts/kit/process.js";
import { ROOT } from "../../scripts/kit/paths.js";

/** The README section this test runs. */
const SECTION = "## Try every role on your machine";

/** The shell blocks of the README's walkthrough, in order. */
async function walkthroughBlocks(): Promise<string[]> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(SECTION);
  expect(start, SECTION).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf("\n## ", start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/** What a bash block printed, and how it ended. */
interface BlockResult {
  code: number | null;
  output: string;
}

/**
 * Runs a block in bash from the checkout, with every variable the earlier blocks set, and saves
 * the variables it sets for the next (`set -a` exports each assignment).
 */
async function runBlock(script: string, stateFile: string): Promise<BlockResult> {
  const wrapped = `set -euo pipefail -a\n[ -f '${stateFile}' ] && . '${stateFile}'\n${script}\nexport -p > '${stateFile}'\n`;
  const child = spawn("bash", ["-c", wrapped], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${ROOT}node_modules/.bin:${process.env.PATH ?? ""}`, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, output };
}

/**
 * Follows the README's local walkthrough as a person would, each command a process: the blocks are
 * read from the README and run as written, but for what lets the test run beside others: its own
 * chain on a free port instead of 8545 (started as the first block says), free ports for the node
 * and its status server, a scratch folder for `walkthrough/`, its own deployment id, and Node's
 * fetch for curl. The build is left out (the test run has built already).
 */
describe("the README's local walkthrough", () => {
  let chain: Chain;
  let node: ChildProcessHandle | undefined;
  let scratch: string;
  const deploymentId = `walkthrough-test-${process.pid}`;

  beforeAll(async () => {
    chain = await startChain({ mode: "process" });
    scratch = await mkdtemp(join(tmpdir(), "waymark-walkthrough-"));
  });
  afterAll(async () => {
    await node?.stop();
    await chain.close();
    await rm(scratch, { recursive: true, force: true });
    await rm(join(ROOT, "scripts/ignition/deployments", deploymentId), { recursive: true, force: true });
  });

  it(
    "deploys, approves, registers and runs a node, and sends and reads mail, with the README's commands",
    { timeout: 300_000 },
    async () => {
      const blocks = await walkthroughBlocks();
      expect(blocks).toHaveLength(4);
      const [chainBlock, setupBlock, nodeBlock, clientBlock] = blocks as [string, string, string, string];
      expect(chainBlock).toContain("npx hardhat node");
      // The README's keys are Hardhat's development accounts 0 (curator) and 1 (provider).
      expect(setupBlock).toContain(devAccount(0).privateKey);
      expect(setupBlock).toContain(devAccount(1).privateKey);

      const [p2pPort, statusPort] = [await freePort(), await freePort()];
      const rpcPort = new URL(chain.rpcUrl).port;
      const local = (text: string): string =>
        text
          .replaceAll("127.0.0.1:8545", `127.0.0.1:${rpcPort}`)
          .replaceAll("tcp/4001", `tcp/${p2pPort}`)
          .replaceAll("127.0.0.1:9464", `127.0.0.1:${statusPort}`)
          .replaceAll("deployment-id walkthrough", `deployment-id ${deploymentId}`)
          .replaceAll("deployments/walkthrough/", `deployments/${deploymentId}/`)
          .replaceAll("./walkthrough/", `${scratch}/`)
          .replaceAll(/(?<![\w/.-])walkthrough(?=\/|$)/gm, scratch)
          .replaceAll(/^npm run build$/gm, "")
          // curl may be missing where the tests run: Node's fetch does the same.
          .replaceAll(
            /^curl -s (\S+)$/gm,
            `node -e 'fetch("http://" + process.argv[1]).then((r) => r.text()).then(console.log)' $1`,
          );
      const state = join(scratch, ".state");
      const deployEnv = `export WAYMARK_LOCAL_RPC_URL=http://127.0.0.1:${rpcPort}\n`;

      const setup = await runBlock(deployEnv + local(setupBlock), state);
      expect(setup.code, setup.output).toBe(0);
      expect(setup.output).toMatch(/Applied as provider 1/);

      const env = Object.fromEntries(
        [
          ...(await readFile(state, "utf8")).matchAll(
            /^declare -x (WAYMARK_RPC_URL|WAYMARK_REGISTRY)="([^"]*)"$/gm,
          ),
        ].map((match) => [match[1]!, match[2]!]),
      );
      const command = local(nodeBlock)
        .split("\n")
        .find((line) => line.startsWith("npx waymark-node start"));
      expect(command).toBeDefined();
      // The program `npx waymark-node` runs, started directly: npx does not pass the stop signal on
      // to the node it starts, which would outlive the test.
      const direct = command!.replace(/^npx waymark-node /, `node ${ROOT}dist/node/cli/main.js `);
      node = ChildProcessHandle.spawn({
        name: "walkthrough node",
        command: "bash",
        args: ["-c", `exec ${direct}`],
        env: {
          PATH: `${ROOT}node_modules/.bin:${process.env.PATH ?? ""}`,
          ...env,
          WAYMARK_LOG_FORMAT: "json",
        },
      });
      await node.waitForLine(/services ready/, 120_000);

      const client = await runBlock(local(clientBlock), state);
      expect(client.code, client.output).toBe(0);
      expect(client.output).toMatch(/"verdict":\s*"Trusted"/);
      expect(client.output).toContain("[decrypted] hello from the walkthrough");
      expect(client.output).toMatch(/trusted\s+Trusted/);
      expect(client.output).toMatch(/Suspended/);
      // The node reads the registry's events and says what the suspension means for it.
      await node.waitForLine(/"verdict":"ProviderNotActive"/, 30_000);
    },
  );
});
