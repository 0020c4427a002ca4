import { join } from "node:path";

import { Wallet } from "ethers";
import { describe, expect, it } from "vitest";

import type { WaymarkNode } from "../../node/daemon.js";
import { runCli } from "../../scripts/kit/cli.js";
import { waitFor } from "../../scripts/kit/wait.js";
import { useProcesses, useTempDirs, useWorld } from "../helpers/hooks.js";
import { TEST_PROVIDERS } from "../node/helpers/fixtures.js";
import { recordsHeldBy, registeredNodes } from "../records/registeredNodes.js";
import { scratch } from "./env.js";

describe("waymark record and mail by address", () => {
  const world = useWorld({ providers: TEST_PROVIDERS });
  const dirs = useTempDirs("waymark-cli-records-");
  const running = useProcesses();
  const start = registeredNodes(world, dirs, running);

  /** A mail node and two records nodes of the two providers, announced. */
  async function network(): Promise<{ bootstrap: string[]; records: WaymarkNode[] }> {
    const mail = await start("mail/1", 1n);
    const entry = mail.libp2p.getMultiaddrs().map(String);
    const nodes: WaymarkNode[] = [
      mail,
      await start("records/1", 1n, entry),
      await start("records/1", 2n, entry),
    ];
    await Promise.all(nodes.map(async (node) => node.waitForAnnouncement()));
    return {
      bootstrap: nodes.map((node) => node.libp2p.getMultiaddrs()[0]!.toString()),
      records: nodes.slice(1),
    };
  }

  it("puts, gets, lists and removes records signed with the user's key; values print escaped", async () => {
    const { bootstrap, records } = await network();
    const tmp = await scratch({ rpcUrl: world.current.chain.rpcUrl, registry: world.current.address });
    running.add({ stop: async () => tmp.remove() });
    const owner = Wallet.createRandom();
    const flags = ["--trust", "1,2", ...bootstrap.flatMap((address) => ["--bootstrap", address])];
    const waymark = async (args: string[], key: string | null = owner.privateKey) =>
      runCli("waymark", ["record", ...args, ...flags], {
        env: { ...tmp.env, WAYMARK_PRIVATE_KEY: key ?? undefined },
      });

    const put = await waymark(["put", "profile", "hello \u001b[31mred", "--json"]);
    expect(put.code, put.stderr).toBe(0);
    const stored = JSON.parse(put.stdout) as {
      owner: string;
      name: string;
      sequence: number;
      duplicate: boolean;
    };
    expect(stored).toMatchObject({ owner: owner.address, name: "profile", duplicate: false });
    // The server that took it forwards it to the other; from then on any server answers alike.
    await waitFor(() => records.every((node) => recordsHeldBy(node).records === 1), 10_000);

    const get = await waymark(["get", owner.address, "profile"], null);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toContain(`${owner.address}/profile sequence ${stored.sequence}`);
    expect(get.stdout).toContain("hello \\x1b[31mred");
    expect(get.stdout).not.toContain("\u001b");

    const ls = await waymark(["ls", owner.address], null);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/^NAME\s+SEQUENCE\s+EXPIRES\s+BYTES$/m);
    expect(ls.stdout).toMatch(new RegExp(`^profile\\s+${stored.sequence}\\s+\\S+\\s+14$`, "m"));

    const stale = await waymark(["put", "profile", "older", "--sequence", "1"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("RecordStaleSequenceError");

    const rm = await waymark(["rm", "profile"]);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain(`Deleted ${owner.address}/profile`);
    await waitFor(() => records.every((node) => recordsHeldBy(node).tombstones === 1), 10_000);
    const gone = await waymark(["get", owner.address, "profile", "--one-server"], null);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toContain(`No record ${owner.address}/profile`);

    const unsigned = await waymark(["put", "profile", "x"], null);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain("signing a record needs a signing key");
  });

  it("keygen --publish puts the mail key under the user's address; send --to encrypts to it", async () => {
    const { bootstrap } = await network();
    const tmp = await scratch({ rpcUrl: world.current.chain.rpcUrl, registry: world.current.address });
    running.add({ stop: async () => tmp.remove() });
    const bob = Wallet.createRandom();
    const flags = ["--trust", "1,2", ...bootstrap.flatMap((address) => ["--bootstrap", address])];
    const keyFile = join(tmp.dir, "bob.key");

    const keygen = await runCli(
      "waymark",
      ["keygen", "--out", keyFile, "--unencrypted", "--publish", "--json", ...flags],
      { env: { ...tmp.env, WAYMARK_PRIVATE_KEY: bob.privateKey } },
    );
    expect(keygen.code, keygen.stderr).toBe(0);
    const made = JSON.parse(keygen.stdout) as { publicKey: string; published: { address: string } };
    expect(made.published.address).toBe(bob.address);

    const sent = await runCli("waymark", ["send", "/inbox/bob", "hi bob", "--to", bob.address, ...flags], {
      env: tmp.env,
    });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain("(encrypted)");
    const history = await runCli(
      "waymark",
      ["history", "--topic", "/inbox/bob", "--key-file", keyFile, ...flags],
      { env: tmp.env },
    );
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain("[decrypted] hi bob");

    const stranger = Wallet.createRandom().address;
    const unknown = await runCli("waymark", ["send", "/inbox/x", "hi", "--to", stranger, ...flags], {
      env: tmp.env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`No mail key is published for ${stranger}`);
    const both = await runCli(
      "waymark",
      ["send", "/inbox/x", "hi", "--to", stranger, "--encrypt-to", made.publicKey, ...flags],
      { env: tmp.env },
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("Give --encrypt-to or --to, not both");
  });
});
