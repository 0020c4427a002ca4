import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readDeployedRegistryAddress } from "../../client/actions/registry/deployment.js";
import { devAccount } from "../../scripts/kit/accounts.js";
import type { Chain } from "../../scripts/kit/chain.js";
import { startChain } from "../../scripts/kit/chain.js";
import { freePort } from "../../scripts/kit/freePort.js";
import { runProcess } from "../../scripts/kit/process.js";
import { runCli, spawnCli } from "../../scripts/kit/cli.js";
import { ROOT } from "../../scripts/kit/paths.js";
import type { RunResult } from "../../scripts/kit/process.js";
import { waitFor } from "../../scripts/kit/wait.js";

/**
 * Follows the README's guides step by step, each command a separate process as a person would run
 * it: deploy, apply, approve, keygen, consent, register, start a node, discover, send, history.
 */
describe("the README's role guides", () => {
  const curator = devAccount(0);
  const provider = devAccount(1);
  const deploymentId = `guide-test-${process.pid}`;
  const deploymentDir = `${ROOT}scripts/ignition/deployments/${deploymentId}`;
  let chain: Chain;
  let workDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    chain = await startChain({ mode: "process" });
    workDir = await mkdtemp(join(tmpdir(), "waymark-guide-"));
  });
  afterAll(async () => {
    await chain.close();
    await rm(workDir, { recursive: true, force: true });
    await rm(deploymentDir, { recursive: true, force: true });
  });

  async function ok(result: Promise<RunResult>): Promise<string> {
    const { code, stdout, stderr } = await result;
    expect(code, stderr).toBe(0);
    return stdout;
  }

  it(
    "deploys, curates, registers a node, runs it, and sends and reads mail through it",
    { timeout: 240_000 },
    async () => {
      // Deploy the registry (guide: "Deploy the registry", a local chain).
      await runProcess({
        command: "npm",
        args: ["run", "deploy", "--", "--network", "localhost", "--deployment-id", deploymentId],
        env: {
          PATH: `${ROOT}node_modules/.bin:${process.env.PATH ?? ""}`,
          WAYMARK_LOCAL_RPC_URL: chain.rpcUrl,
        },
        timeoutMs: 180_000,
        check: true,
      });
      const registry = await readDeployedRegistryAddress(deploymentDir);
      env = { WAYMARK_RPC_URL: chain.rpcUrl, WAYMARK_REGISTRY: registry };
      const asCurator = { ...env, WAYMARK_PRIVATE_KEY: curator.privateKey };
      const asProvider = { ...env, WAYMARK_PRIVATE_KEY: provider.privateKey };

      // Register a provider: it applies; the curator approves it and marks it default ("Curate").
      await ok(
        runCli(
          "waymark",
          ["provider", "apply", "Beta Relay", "--metadata-uri", "https://beta.example/waymark.json"],
          { env: asProvider },
        ),
      );
      const listed = JSON.parse(await ok(runCli("waymark", ["provider", "list", "--json"], { env }))) as {
        status: string;
      }[];
      expect(listed.map((p) => p.status)).toEqual(["Pending"]);
      await ok(runCli("waymark", ["curator", "approve", "1"], { env: asCurator }));
      await ok(runCli("waymark", ["curator", "set-default", "1"], { env: asCurator }));

      // The node operator makes an encrypted key and signs a consent; the provider registers it.
      const keyFile = join(workDir, "node.key");
      const secret = { WAYMARK_KEY_PASSPHRASE: "correct horse battery staple" };
      const key = JSON.parse(
        await ok(
          runCli(
            "waymark-node",
            ["keygen", "--out", keyFile, "--passphrase-env", "WAYMARK_KEY_PASSPHRASE", "--json"],
            { env: secret },
          ),
        ),
      ) as { peerId: string; nodeAddress: string };
      const consentFile = join(workDir, "consent.json");
      await ok(
        runCli("waymark-node", ["consent", "--key", keyFile, "--provider", "1", "--out", consentFile], {
          env: { ...env, ...secret },
        }),
      );
      await ok(runCli("waymark", ["provider", "register-node", consentFile], { env: asProvider }));
      const port = await freePort();
      const address = `/ip4/127.0.0.1/tcp/${port}/p2p/${key.peerId}`;
      await ok(
        runCli("waymark", ["provider", "set-bootstrap", key.nodeAddress, address], { env: asProvider }),
      );

      // Run the node ("Run a node in production"): config file, `config`, then `start`.
      const statusPort = await freePort();
      const configFile = join(workDir, "node.json");
      await writeFile(
        configFile,
        JSON.stringify({
          registry,
          rpcUrl: chain.rpcUrl,
          dataDir: join(workDir, "data"),
          keyFile,
          listen: [`/ip4/127.0.0.1/tcp/${port}`],
          statusListen: `127.0.0.1:${statusPort}`,
          // The only mail server: no peer to catch up from, so do not wait long for one.
          serviceOptions: { mail: { catchUpWaitMs: 500 } },
        }),
      );
      await ok(runCli("waymark-node", ["config", "--config", configFile], { env: secret }));
      const node = spawnCli("waymark-node", ["start", "--config", configFile, "--log-format", "json"], {
        env: secret,
      });
      const exited = node.exit().then(({ code }) => code);
      try {
        // The only node has no DHT peer to announce to: clients reach it through its bootstrap record.
        let status:
          | { state: string; registration: { verdict: string }; services: { mail?: { ready?: boolean } } }
          | undefined;
        await waitFor(async () => {
          try {
            const response = await fetch(`http://127.0.0.1:${statusPort}/status`);
            status = (await response.json()) as typeof status;
            return status?.services.mail?.ready === true;
          } catch {
            return false;
          }
        }, 60_000);
        expect(status?.registration.verdict).toBe("Trusted");

        // Use it ("Use the client library", from the shell): discover, keygen, send, history.
        const discovered = JSON.parse(await ok(runCli("waymark", ["discover", "--json"], { env }))) as {
          peerId: string;
          verdict: string;
        }[];
        expect(discovered).toEqual([
          expect.objectContaining({ peerId: key.peerId, verdict: "trusted", reason: "Trusted" }),
        ]);
        const bobKey = join(workDir, "bob.key");
        const bobEnv = { ...env, WAYMARK_MAIL_KEY_PASSPHRASE: "bob's passphrase" };
        const publicKey = (await ok(runCli("waymark", ["keygen", "--out", bobKey], { env: bobEnv }))).trim();
        expect(publicKey).toMatch(/^(0x)?0[23][0-9a-f]{64}$/);
        const sent = JSON.parse(
          await ok(
            runCli(
              "waymark",
              ["send", "/inbox/bob", "hello from the guide", "--encrypt-to", publicKey, "--json"],
              { env },
            ),
          ),
        ) as { id: string };
        const history = await ok(
          runCli("waymark", ["history", "--topic", "/inbox/bob", "--key-file", bobKey, "--json"], {
            env: bobEnv,
          }),
        );
        expect(history).toContain(sent.id);
        expect(history).toContain("hello from the guide");
      } finally {
        node.child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    },
  );
});
