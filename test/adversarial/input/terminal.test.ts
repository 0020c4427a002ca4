import { multiaddr } from "@multiformats/multiaddr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signNodeConsent } from "../../../client/kernel/identity/consent.js";
import { createEnvelope } from "../../../client/mail/protocol/envelope.js";
import { pushEnvelope } from "../../../client/mail/protocol/pushEnvelope.js";
import { nodeWallet } from "../../../client/kernel/identity/nodeKey.js";
import { approveProvider, setDefaultProvider } from "../../../client/actions/registry/curation.js";
import { getNode, registerNode, setNodeBootstrap } from "../../../client/actions/registry/nodes.js";
import { MAIL_SERVICE } from "../../../client/kernel/service/serviceId.js";
import type { Scratch } from "../../cli/env.js";
import { devAccount } from "../../../scripts/kit/accounts.js";
import { scratch } from "../../cli/env.js";
import type { TestNode } from "../../client/network.js";
import { TestNetwork } from "../../client/network.js";
import type { RunResult } from "../../../scripts/kit/process.js";
import { runCli } from "../../../scripts/kit/cli.js";

/** The account that applies as the hostile provider. */
const APPLICANT = 9;

/**
 * A provider name (64 bytes at most) that, printed raw, would set the window title (OSC 0), clear
 * the screen, start an 8-bit CSI, reverse what follows (U+202E) and go back to the line's start to
 * overwrite it.
 */
const NAME = "Evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202eliaM\rAlpha";
/** What it must look like instead. */
const NAME_SHOWN = String.raw`Evil\x1b]0;owned\x07\x1b[2J\x9b31m\u202eliaM\rAlpha`;
/** A metadata URI that would write the clipboard (OSC 52), move up a line and erase it. */
const URI = "https://evil.example/\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[1A\x1b[2K\u2066x\u2069\u200f";
const URI_SHOWN = String.raw`https://evil.example/\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[1A\x1b[2K\u2066x\u2069\u200f`;

/** Bootstrap addresses of the node: the contract checks their length only. */
function bootstrapOf(peerId: string): string[] {
  return [
    // A DNS name is any text to the multiaddr parser: both are usable candidate addresses.
    `/dns4/evil\x1b]0;owned\x07.example/tcp/4001/p2p/${peerId}`,
    `/dns4/a\u009b2J\r\u202e.example/tcp/1/p2p/${peerId}`,
  ];
}

/**
 * Raw characters a terminal acts on or hides: controls (C0, DEL, C1; the line feed between lines is
 * taken out before counting), and the bidi and zero-width format characters.
 */
const RAW_CONTROL = /[\p{Cc}\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

function rawControls(result: RunResult): number {
  return (result.stdout + result.stderr).replaceAll("\n", "").match(RAW_CONTROL)?.length ?? 0;
}

/**
 * A provider applies with a name and metadata URI full of terminal escapes, and its node publishes
 * bootstrap addresses full of them: the `waymark` commands that print these (as real processes)
 * must print no raw control or format character, on stdout or stderr, and show each one as a
 * visible escape instead; their `--json` output must parse back to the exact text.
 */
describe("text from the chain and the DHT, printed on a terminal", () => {
  let network: TestNetwork;
  let tmp: Scratch;
  let node: TestNode;
  let providerId: bigint;
  let applied: RunResult;
  const seen: { command: string; bytes: number; raw: number }[] = [];

  /** Runs `waymark` and records how many raw control characters it printed. */
  async function waymark(args: string[], key?: string): Promise<RunResult> {
    const env = { ...tmp.env, ...(key === undefined ? {} : { WAYMARK_PRIVATE_KEY: key }) };
    const result = await runCli("waymark", args, { env });
    const words = args.filter((arg) => /^[a-z]+$/.test(arg)).slice(0, 2);
    const command = [...words, ...(args.includes("--json") ? ["--json"] : [])].join(" ");
    seen.push({
      command,
      bytes: Buffer.byteLength(result.stdout + result.stderr),
      raw: rawControls(result),
    });
    expect(result.code, result.stderr).toBe(0);
    return result;
  }

  /** Expects no raw control character, with the offending output in the failure message. */
  function expectClean(result: RunResult): void {
    expect(rawControls(result), JSON.stringify(result.stdout + result.stderr)).toBe(0);
  }

  beforeAll(async () => {
    network = await TestNetwork.start();
    tmp = await scratch({ rpcUrl: network.chain.rpcUrl, registry: network.registryAddress });

    applied = await waymark(
      ["provider", "apply", NAME, "--metadata-uri", URI],
      devAccount(APPLICANT).privateKey,
    );
    providerId = BigInt(/Applied as provider (\d+)/.exec(applied.stdout)?.[1] ?? "0");
    expect(providerId).toBeGreaterThan(0n);
    await approveProvider(network.curator, providerId);
    await setDefaultProvider(network.curator, providerId, true);

    node = await network.startNode();
    const owner = await network.connectAs(APPLICANT);
    const consent = await signNodeConsent(nodeWallet(node.key), {
      peerId: node.peerId,
      providerId,
      service: MAIL_SERVICE,
      nonce: (await getNode(owner, node.node)).nonce,
      deadline: BigInt(Math.floor(Date.now() / 1000) + 3_600),
      chainId: owner.chainId,
      registry: owner.address,
    });
    await registerNode(owner, consent);
    await setNodeBootstrap(owner, node.node, bootstrapOf(node.peerId));
  });
  afterAll(async () => {
    console.log(
      `terminal escapes from the chain: ${seen.length} waymark runs, ${seen
        .map((run) => `${run.command}: ${run.raw} raw in ${run.bytes} B`)
        .join("; ")}`,
    );
    await network.stop();
    await tmp.remove();
  });

  it("provider apply echoes the name escaped", () => {
    expectClean(applied);
    expect(applied.stdout).toContain(`Applied as provider ${providerId} "${NAME_SHOWN}"`);
  });

  it("provider list and provider show print the name and metadata URI escaped", async () => {
    const list = await waymark(["provider", "list"]);
    expectClean(list);
    expect(list.stdout).toContain(NAME_SHOWN);

    const show = await waymark(["provider", "show", String(providerId)]);
    expectClean(show);
    expect(show.stdout).toContain(NAME_SHOWN);
    expect(show.stdout).toContain(URI_SHOWN);

    const json = await waymark(["provider", "show", String(providerId), "--json"]);
    expectClean(json);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: NAME, metadataURI: URI });
    const listed = await waymark(["provider", "list", "--json"]);
    expectClean(listed);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((p) => p.name)).toContain(NAME);
  });

  it("node show prints the bootstrap addresses escaped", async () => {
    const show = await waymark(["node", "show", node.node]);
    expectClean(show);
    expect(show.stdout).toContain(String.raw`/dns4/evil\x1b]0;owned\x07.example/tcp/4001/p2p/`);
    expect(show.stdout).toContain(String.raw`/dns4/a\x9b2J\r\u202e.example/tcp/1/p2p/`);

    const json = await waymark(["node", "show", node.peerId, "--json"]);
    expectClean(json);
    expect(JSON.parse(json.stdout)).toMatchObject({ bootstrap: bootstrapOf(node.peerId) });
  });

  it("discover prints the provider's name escaped, and its --json the exact addresses", async () => {
    const discover = await waymark(["discover", "--bootstrap", network.seedAddress]);
    expectClean(discover);
    expect(discover.stdout).toMatch(
      new RegExp(`^${node.peerId}\\s+trusted\\s+Trusted\\s+${providerId} `, "m"),
    );
    expect(discover.stdout).toContain(`${providerId} ${NAME_SHOWN}`);

    const json = await waymark(["discover", "--bootstrap", network.seedAddress, "--json"]);
    expectClean(json);
    const rows = JSON.parse(json.stdout) as { peerId: string; providerName?: string; multiaddrs: string[] }[];
    const row = rows.find((candidate) => candidate.peerId === node.peerId);
    expect(row?.providerName).toBe(NAME);
    expect(row?.multiaddrs).toEqual(expect.arrayContaining(bootstrapOf(node.peerId)));
  });

  it("history prints a sender's topic and message escaped, and its --json the exact text", async () => {
    const server = await network.startNode({ mail: true, provide: false });
    const topic = "/inbox/\x1b[2J\u202ebob";
    const message = "hi\r\x1b]0;owned\x07\u009b31mAlice\x1b[1A\x1b[2K";
    await pushEnvelope(
      node.host,
      multiaddr(server.multiaddr),
      createEnvelope({ topic, payload: new TextEncoder().encode(message) }),
    );
    const custom = ["--custom", server.multiaddr, "--exclude-node", node.peerId];
    const history = await waymark(["history", "--topic", topic, ...custom]);
    expectClean(history);
    expect(history.stdout).toContain(String.raw`/inbox/\x1b[2J\u202ebob`);
    expect(history.stdout).toContain(String.raw`hi\r\x1b]0;owned\x07\x9b31mAlice\x1b[1A\x1b[2K`);

    const json = await waymark(["history", "--topic", topic, "--json", ...custom]);
    expectClean(json);
    expect(JSON.parse(json.stdout)).toMatchObject([{ topic, text: message }]);
  });
});
