import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import type { Libp2p } from "@libp2p/interface";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createEnvelope, envelopeIdHex } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { queryHistoryPages } from "../../../client/mail/protocol/queryHistory.js";
import { LOOPBACK_CONNECTION_SETTINGS } from "../../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../../client/kernel/p2p/createHost.js";
import { encodeKeyFile } from "../../../node/keys/keyFile.js";
import type { Chain } from "../../../scripts/kit/chain.js";
import { startChain } from "../../../scripts/kit/chain.js";
import { deployRegistry } from "../../../scripts/kit/registry.js";
import { runCli } from "../../../scripts/kit/cli.js";
import { scratch } from "../../cli/env.js";
import { SwitchableProxy } from "../../node/helpers/proxy.js";
import type { RunningServer, ServerHome } from "../helpers/fleet.js";
import { Fleet } from "../helpers/fleet.js";

/**
 * One node with mail in its store is started again and again with a broken configuration, key
 * file or chain: each start must fail (or run) with an error that names the cause, and none may
 * cost the node a stored envelope. The cases share the node, so they run in order.
 */
describe("a mail server started with a broken configuration, key or chain", () => {
  let chain: Chain;
  let proxy: SwitchableProxy;
  let fleet: Fleet;
  let home: ServerHome;
  let client: Libp2p;
  let config: Record<string, unknown>;
  let key: string;
  const stored: string[] = [];

  beforeAll(async () => {
    chain = await startChain();
    const registry = await deployRegistry(chain);
    proxy = await SwitchableProxy.reserve(Number(new URL(chain.rpcUrl).port));
    await proxy.on();
    fleet = new Fleet(`http://127.0.0.1:${proxy.port}`, registry);
    client = await createWaymarkHost({ connectionManager: LOOPBACK_CONNECTION_SETTINGS });
    home = await fleet.prepare();
    config = JSON.parse(await readFile(home.configFile, "utf8")) as Record<string, unknown>;
    key = await readFile(join(home.dir, "node.key"), "utf8");
    const server = await fleet.start(home);
    for (let i = 0; i < 20; i++) {
      const envelope = createEnvelope({
        topic: "/kept",
        payload: new TextEncoder().encode(`kept ${i}`),
        ttl: 3_600,
      });
      await pushEnvelope(client, server.addrs, envelope);
      stored.push(envelopeIdHex(envelope.id));
    }
    server.process.child.kill("SIGTERM");
    expect(await server.process.exit()).toEqual({ code: 0, signal: null });
  });
  afterEach(async () => {
    await fleet.stopAll();
  });
  afterAll(async () => {
    await client.stop();
    await fleet.cleanup();
    await proxy.off();
    await chain.close();
  });

  /** Writes the node's configuration file with some options changed ({} restores it). */
  async function configure(changes: Record<string, unknown>): Promise<void> {
    await writeFile(home.configFile, JSON.stringify({ ...config, ...changes }, null, 2));
  }

  /** Starts the node and expects it to exit 1; returns the one `Name: message` line it printed. */
  async function failedStart(env: Record<string, string> = {}): Promise<string> {
    const node = fleet.spawn(home, { env });
    const { code } = await node.exit();
    expect(code, node.stderr).toBe(1);
    const line = node.stderr.split("\n").find((text) => /^[A-Z]\w+Error: /.test(text));
    expect(line, node.stderr).toBeDefined();
    console.log(`refused start: ${line}`);
    return line!;
  }

  async function history(server: RunningServer): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of queryHistoryPages(client, server.addrs, { topics: ["/kept"], pageSize: 100 })) {
      ids.push(...page.envelopes.map((envelope) => envelopeIdHex(envelope.id)));
    }
    return ids.sort();
  }

  it("names the option of an invalid value, an unknown mail option, and a file that is not JSON", async () => {
    await configure({ listen: ["not a multiaddr"] });
    expect(await failedStart()).toMatch(
      /^InvalidConfigError: Invalid configuration option "listen" \(from the configuration file .*node\.json\)/,
    );

    await configure({ serviceOptions: { mail: { maxPayloadBytez: 1 } } });
    expect(await failedStart()).toBe(
      'MailOptionError: Invalid mail option "maxPayloadBytez": is not a mail option',
    );

    await configure({ serviceOptions: { mail: { maxFrameBytes: 100 } } });
    expect(await failedStart()).toMatch(/^MailOptionError: Invalid mail option "maxFrameBytes": /);

    await writeFile(home.configFile, '{ "registry": ');
    expect(await failedStart()).toMatch(/^ConfigFileError: Cannot use the configuration file .*node\.json: /);

    await configure({ registry: "0x000000000000000000000000000000000000dEaD" });
    expect(await failedStart()).toMatch(/^InvalidConfigError: Invalid configuration option "registry"/);
  });

  it("names the key file that is missing, a folder, truncated, inconsistent, or encrypted without its passphrase", async () => {
    await configure({});
    const keyFile = join(home.dir, "node.key");
    try {
      await configure({ keyFile: "elsewhere.key" });
      expect(await failedStart()).toMatch(/^KeyFileNotFoundError: No node key at .*elsewhere\.key$/);

      await mkdir(join(home.dir, "folder.key"));
      await configure({ keyFile: "folder.key" });
      expect(await failedStart()).toMatch(/^InvalidKeyFileError: .*folder\.key is not a usable node key: /);

      await configure({});
      await writeFile(keyFile, key.slice(0, key.length / 2));
      expect(await failedStart()).toMatch(
        /^InvalidKeyFileError: .*node\.key is not a usable node key: it is not JSON$/,
      );

      const other = JSON.parse(key) as Record<string, unknown>;
      await writeFile(
        keyFile,
        JSON.stringify({ ...other, peerId: "16Uiu2HAmBogusPeerIdThatDoesNotMatchTheKeyAtAll11111111" }),
      );
      expect(await failedStart()).toMatch(
        /node\.key is not a usable node key: its key does not match its peer id$/,
      );

      await writeFile(keyFile, JSON.stringify(await encodeKeyFile(home.key, "a passphrase")));
      expect(await failedStart()).toMatch(
        /^KeyPassphraseError: The node key .*node\.key is encrypted and WAYMARK_KEY_PASSPHRASE holds no passphrase$/,
      );
      expect(await failedStart({ WAYMARK_KEY_PASSPHRASE: "another passphrase" })).toMatch(
        /^KeyPassphraseError: The passphrase in WAYMARK_KEY_PASSPHRASE does not decrypt the node key /,
      );
    } finally {
      await writeFile(keyFile, key);
    }
  });

  it("runs and serves its mail while the chain RPC is down, saying so, and the CLI names the RPC", async () => {
    await configure({});
    await proxy.off();
    const server = await fleet.start(home);
    try {
      const warning = await server.process.waitForLine(
        (line) =>
          line.msg === "the chain RPC does not answer; the node starts anyway and retries in the background",
      );
      expect(warning).toMatchObject({
        rpcUrl: `http://127.0.0.1:${proxy.port}`,
        error: "RpcUnreachableError",
      });
      expect(await history(server)).toEqual([...stored].sort());

      const tmp = await scratch({
        rpcUrl: `http://127.0.0.1:${proxy.port}`,
        registry: String(config.registry),
      });
      const send = await runCli("waymark", ["send", "/kept", "hello"], { env: tmp.env });
      await tmp.remove();
      console.log(
        `chain down: the node serves ${stored.length} stored envelopes; waymark send says: ${send.stderr.trim().split("\n").at(-1)}`,
      );
      expect(send.code).toBe(1);
      expect(send.stderr.trim().split("\n").at(-1)).toMatch(
        new RegExp(
          `^waymark: RpcUnreachableError: The chain RPC http://127\\.0\\.0\\.1:${proxy.port} is unreachable`,
        ),
      );
    } finally {
      await server.process.kill();
      await proxy.on();
    }
  });

  it("after every refused start, starts with the same identity and every stored envelope", async () => {
    await configure({});
    const server = await fleet.start(home);
    const started = await server.process.waitForLine((line) => line.msg === "node started");
    expect(started.peerId).toBe(home.peerId);
    expect(await history(server)).toEqual([...stored].sort());
  });
});
