import { existsSync } from "node:fs";
import { join } from "node:path";

import { generateKeyPair } from "@libp2p/crypto/keys";
import type { Libp2p } from "@libp2p/interface";
import type { ServiceFactoryMap } from "libp2p";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";

import { LOOPBACK_CONNECTION_SETTINGS } from "../../client/kernel/p2p/constants.js";
import { createWaymarkHost } from "../../client/kernel/p2p/createHost.js";
import type { MailService } from "../../node/mail/index.js";
import { resolveMailLimits } from "../../node/mail/index.js";
import { MAIL_STORE_FILE, mailModule } from "../../node/mail/module.js";
import type { NodeServiceContext } from "../../node/services/types.js";
import { Harness } from "./helpers.js";

describe("mail service module", () => {
  const harness = new Harness();
  const hosts: Libp2p[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map(async (host) => host.stop()));
    await harness.cleanup();
  });

  async function context(options: Record<string, unknown>): Promise<NodeServiceContext> {
    return {
      dataDir: await harness.tempDir(),
      logger: pino({ level: "silent" }),
      scope: { chainId: 31337n, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", service: "mail/1" },
      checkPeers: (peers) =>
        Promise.resolve(
          peers.map(() => ({
            allowed: false,
            reason: "NodeUnknown",
            providerId: undefined,
            ownProvider: false,
          })),
        ),
      registry: undefined,
      options,
    };
  }

  function optionError(run: () => unknown): { name: string; option: string } {
    try {
      run();
    } catch (err) {
      return err as { name: string; option: string };
    }
    throw new Error("expected the options to be refused");
  }

  it("serves mail/1 under the runtime key mail", () => {
    const module = mailModule();
    expect(module.service).toBe("mail/1");
    expect(module.runtimeKey).toBe("mail");
  });

  it("names an unknown option", async () => {
    const ctx = await context({ pushesPerSecnd: 5 });
    expect(optionError(() => mailModule().create(ctx))).toMatchObject({
      name: "MailOptionError",
      option: "pushesPerSecnd",
    });
  });

  it("names an option with a value of the wrong kind or out of range", async () => {
    for (const [option, value] of [
      ["pushesPerSecond", "fast"],
      ["maxPageSize", 0],
      ["maxStreamsPerPeer", 2.5],
      ["synchronous", "sometimes"],
      ["groupCommit", "yes"],
      ["addressPushBurst", -1],
      ["addressLimitExempt", "127.0.0.0/8"],
      ["addressLimitExempt", ["10.0.0.0/33"]],
      ["addressLimitExempt", ["a gateway"]],
    ] as const) {
      const ctx = await context({ [option]: value });
      expect(optionError(() => mailModule().create(ctx))).toMatchObject({ name: "MailOptionError", option });
    }
  });

  it("names the option that does not fit the others", () => {
    expect(
      optionError(() => resolveMailLimits({ maxPayloadBytes: 5_000_000, bytesBurst: 10_000_000 })),
    ).toMatchObject({
      option: "maxResponseBytes",
    });
    expect(optionError(() => resolveMailLimits({ maxFrameBytes: 1_000 }))).toMatchObject({
      option: "maxFrameBytes",
    });
    expect(optionError(() => resolveMailLimits({ bytesBurst: 1_000 }))).toMatchObject({
      option: "bytesBurst",
    });
    expect(optionError(() => resolveMailLimits({ addressBytesBurst: 1_000 }))).toMatchObject({
      option: "addressBytesBurst",
    });
    expect(optionError(() => resolveMailLimits({ defaultPageSize: 500 }))).toMatchObject({
      option: "defaultPageSize",
    });
  });

  it("mounts on a host, keeps its store in the data folder and reports status", async () => {
    const ctx = await context({ maxPageSize: 20, catchUpWaitMs: 0 });
    const services = mailModule().create(ctx) as unknown as ServiceFactoryMap<{ mail: MailService }>;
    const host = await createWaymarkHost({
      privateKey: await generateKeyPair("secp256k1"),
      dhtClientMode: false,
      connectionManager: LOOPBACK_CONNECTION_SETTINGS,
      services,
    });
    hosts.push(host);
    await host.services.mail.ready();
    expect(existsSync(join(ctx.dataDir, MAIL_STORE_FILE))).toBe(true);
    expect(host.services.mail.status()).toMatchObject({
      messages: 0,
      bytes: 0,
      ready: true,
      catchUp: { state: "no-peer" },
      replication: { peers: 0, queued: 0, lagMs: 0 },
    });
  });
});
